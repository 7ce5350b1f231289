/**
 * Deployment status as pure functions of the deployment, its ReplicaSets and the time (model:
 * sync.go calculateStatus, progress.go syncRolloutStatus/requeueStuckDeployment, and the
 * condition helpers of deploymentutil).
 *
 * Progressing condition, as upstream:
 *
 *   (none) ──create RS──▶ True NewReplicaSetCreated ──progress──▶ True ReplicaSetUpdated ─┐
 *      └──found RS──▶ True FoundNewReplicaSet ─────────────────────────────┘           │
 *   complete (all updated, available, observed) ──▶ True NewReplicaSetAvailable ◀──────┤
 *   no progress for progressDeadlineSeconds ──▶ False ProgressDeadlineExceeded ◀───────┘
 *   spec.paused ⇄ Unknown DeploymentPaused / DeploymentResumed (not over a timeout)
 */
import { isDeepStrictEqual } from 'node:util';
import { formatTime } from '../../client/events/types.js';
import {
  actualReplicaCount,
  availableReplicaCount,
  maxUnavailable,
  readyReplicaCount,
  replicaCount,
} from './replica-sets.js';
import {
  AVAILABLE,
  generationOf,
  MAX_INT32,
  PROGRESSING,
  Reasons,
  REPLICA_FAILURE,
  specReplicas,
  type Condition,
  type Deployment,
  type DeploymentStatus,
  type ReplicaSet,
} from './types.js';

// ---- conditions ----

export function newCondition(type: string, status: Condition['status'], reason: string, message: string, nowMs: number): Condition {
  const t = formatTime(nowMs);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: no change when a condition of the type has the same status and reason;
 * otherwise it replaces the old one at the end of the list, keeping lastTransitionTime when the
 * status did not change.
 */
export function setCondition(status: DeploymentStatus, condition: Condition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length > 0) status.conditions = rest;
  else delete status.conditions;
}

// ---- predicates ----

export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec.progressDeadlineSeconds;
  return s !== undefined && s !== MAX_INT32;
}

export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec.revisionHistoryLimit;
  return l !== undefined && l !== MAX_INT32;
}

/** DeploymentComplete: every desired replica updated and available, nothing old left, spec observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = specReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= generationOf(d)
  );
}

/** DeploymentProgressing: new pods added, ready or available, or old pods removed, since `d.status`. */
export function deploymentProgressing(d: Deployment, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** DeploymentTimedOut: the Progressing condition was last updated over progressDeadlineSeconds ago. */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status, PROGRESSING);
  if (!condition) return false;
  if (condition.reason === Reasons.newRSAvailable) return false;
  if (condition.reason === Reasons.timedOut) return true;
  const from = Date.parse(condition.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return false;
  return from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 < nowMs;
}

// ---- status ----

/** Zero counters are left out, as Go's omitempty leaves them out of the stored object. */
function counters(fields: Omit<DeploymentStatus, 'conditions'>): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const [k, v] of Object.entries(fields) as [keyof DeploymentStatus, number | undefined][]) {
    if (v !== undefined && v !== 0) (out as Record<string, number>)[k] = v;
  }
  return out;
}

/**
 * calculateStatus: counters summed over the ReplicaSets (replicas, ready and available from
 * their status; unavailable from their spec), the Available condition, other conditions kept.
 */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const unavailable = Math.max(0, replicaCount(allRSs) - available);
  const status = counters({
    observedGeneration: generationOf(d),
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    collisionCount: d.status?.collisionCount,
  });
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= specReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition(AVAILABLE, 'True', Reasons.minimumReplicasAvailable, 'Deployment has minimum availability.', nowMs));
  } else {
    setCondition(status, newCondition(AVAILABLE, 'False', Reasons.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', nowMs));
  }
  return status;
}

/**
 * The status syncRolloutStatus writes: calculateStatus plus the Progressing condition (complete,
 * progressing or timed out, as the state diagram above) and the ReplicaFailure condition taken
 * from the ReplicaSets (the new one's first).
 */
export function rolloutStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, nowMs: number): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, nowMs);
  if (!hasProgressDeadline(d)) removeCondition(status, PROGRESSING);
  const current = getCondition(d.status, PROGRESSING);
  const isComplete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === Reasons.newRSAvailable;
  if (hasProgressDeadline(d) && !isComplete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name ?? ''}"` : `Deployment "${d.metadata.name ?? ''}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition(PROGRESSING, 'True', Reasons.newRSAvailable, `${subject} has successfully progressed.`, nowMs));
    } else if (deploymentProgressing(d, status)) {
      // Unlike other conditions, progress refreshes lastUpdateTime even with the same reason.
      const condition = newCondition(PROGRESSING, 'True', Reasons.replicaSetUpdated, `${subject} is progressing.`, nowMs);
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, PROGRESSING);
      }
      setCondition(status, condition);
    } else if (deploymentTimedOut(d, status, nowMs)) {
      setCondition(status, newCondition(PROGRESSING, 'False', Reasons.timedOut, `${subject} has timed out progressing.`, nowMs));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, REPLICA_FAILURE);
  return status;
}

function replicaFailure(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Condition | undefined {
  const failureOf = (rs: ReplicaSet | undefined): Condition | undefined => rs?.status?.conditions?.find((c) => c.type === REPLICA_FAILURE);
  const c = failureOf(newRS) ?? allRSs.map(failureOf).find((x) => x !== undefined);
  if (!c) return undefined;
  return { type: REPLICA_FAILURE, status: c.status, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime, reason: c.reason, message: c.message };
}

/**
 * requeueStuckDeployment: when a rollout that has not completed may time out, the delay after
 * which to check again (ms; 0 = now, rate limited), or undefined when no check is needed. Upstream
 * adds a second to the delay against clock skew.
 */
export function progressCheckDelay(d: Deployment, status: DeploymentStatus, nowMs: number): number | undefined {
  const current = getCondition(d.status, PROGRESSING);
  if (!hasProgressDeadline(d) || !current) return undefined;
  if (deploymentComplete(d, status) || current.reason === Reasons.timedOut) return undefined;
  const from = Date.parse(current.lastUpdateTime ?? '');
  if (Number.isNaN(from)) return undefined;
  const after = from + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - nowMs;
  return after < 1000 ? 0 : after + 1000;
}

/** The paused/resumed condition checkPausedConditions sets, or undefined when nothing changes. */
export function pausedCondition(d: Deployment, nowMs: number): Condition | undefined {
  if (!hasProgressDeadline(d)) return undefined;
  const current = getCondition(d.status, PROGRESSING);
  if (current?.reason === Reasons.timedOut) return undefined;
  const pausedExists = current?.reason === Reasons.paused;
  if (d.spec.paused && !pausedExists) return newCondition(PROGRESSING, 'Unknown', Reasons.paused, 'Deployment is paused', nowMs);
  if (!d.spec.paused && pausedExists) return newCondition(PROGRESSING, 'Unknown', Reasons.resumed, 'Deployment is resumed', nowMs);
  return undefined;
}

/** reflect.DeepEqual of two statuses as stored (absent zero counters equal to zeros). */
export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  const norm = (s: DeploymentStatus | undefined): unknown => {
    const { conditions, ...rest } = s ?? {};
    return { ...counters(rest), ...(s?.collisionCount !== undefined ? { collisionCount: s.collisionCount } : {}), conditions: conditions ?? [] };
  };
  return isDeepStrictEqual(JSON.parse(JSON.stringify(norm(a))), JSON.parse(JSON.stringify(norm(b))));
}
