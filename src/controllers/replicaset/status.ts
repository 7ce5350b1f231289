/**
 * The status a ReplicaSet (or ReplicationController) should have after a sync (model: upstream
 * replica_set_utils.go calculateStatus and updateReplicaSetStatus's change test). Pure.
 *
 * - replicas: the active pods the owner controls; fullyLabeledReplicas: those also carrying every
 *   label of the pod template; readyReplicas: Ready ones; availableReplicas: Ready for
 *   minReadySeconds;
 * - observedGeneration: the generation this status was computed from;
 * - the ReplicaFailure condition is added (reason FailedCreate when pods were missing,
 *   FailedDelete when there were too many, the error's message) when managing replicas failed and
 *   there is no such condition yet, and removed once a sync manages replicas without error. An
 *   existing condition is kept as it is while errors go on (upstream keeps the first message).
 * Zero counters and empty conditions are left out, as upstream's omitempty JSON does.
 */
import { sameJSON } from '../../api/json-equal.js';
import { selectorFromSet } from '../../api/labels/index.js';
import { isPodAvailable, isPodReady } from '../../api/pod/readiness.js';
import { formatTime } from '../../client/events/index.js';
import { errorMessage } from '../../util/errors.js';
import { desiredReplicas, type PodLike, type ReplicaSetLike, type ReplicaSetStatus } from './types.js';

export const REPLICA_FAILURE = 'ReplicaFailure';

/**
 * `pods`: the owner's active, claimed pods as they were before this sync's creates and deletes;
 * `manageError`: what managing replicas threw (undefined when it succeeded or did not run).
 */
export function calculateStatus(owner: ReplicaSetLike, pods: readonly PodLike[], manageError: unknown, nowMs: number): ReplicaSetStatus {
  const templateLabels = selectorFromSet(owner.spec?.template?.metadata?.labels ?? {});
  const minReadySeconds = owner.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, nowMs)) available++;
    }
  }

  let conditions = [...(owner.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined && failure === undefined) {
    const diff = pods.length - desiredReplicas(owner);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({ type: REPLICA_FAILURE, status: 'True', lastTransitionTime: formatTime(nowMs), reason, message: errorMessage(manageError) });
  } else if (manageError === undefined && failure !== undefined) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }

  const status: ReplicaSetStatus = { ...owner.status, replicas: pods.length };
  setCount(status, 'fullyLabeledReplicas', fullyLabeled);
  setCount(status, 'readyReplicas', ready);
  setCount(status, 'availableReplicas', available);
  setCount(status, 'observedGeneration', owner.metadata.generation ?? 0);
  if (conditions.length > 0) status.conditions = conditions;
  else delete status.conditions;
  return status;
}

/** Whether `next` says anything `current` does not (the test upstream makes before writing). */
export function statusChanged(current: ReplicaSetStatus | undefined, next: ReplicaSetStatus): boolean {
  const counters = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const;
  if (counters.some((field) => (current?.[field] ?? 0) !== (next[field] ?? 0))) return true;
  return !sameJSON(current?.conditions ?? [], next.conditions ?? []);
}

function setCount(status: ReplicaSetStatus, field: 'fullyLabeledReplicas' | 'readyReplicas' | 'availableReplicas' | 'observedGeneration', value: number): void {
  if (value === 0) delete status[field];
  else status[field] = value;
}

