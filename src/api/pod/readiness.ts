/**
 * A pod's readiness, availability and activity as controllers judge them (model:
 * k8s.io/kubernetes/pkg/api/v1/pod IsPodReady/IsPodAvailable and pkg/controller IsPodActive).
 * Pure functions over the pod as read from the API.
 */

export interface PodConditionLike {
  type?: string;
  status?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** The parts of a pod these functions read. */
export interface PodStateLike {
  metadata: { deletionTimestamp?: string };
  status?: { phase?: string; conditions?: PodConditionLike[] };
}

/** The pod's Ready condition, if it has one. */
export function podReadyCondition(pod: PodStateLike): PodConditionLike | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

/** Ready condition True. */
export function isPodReady(pod: PodStateLike): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * Ready for at least `minReadySeconds` at `nowMs` (upstream IsPodAvailable: with 0 every ready pod
 * is available; otherwise the Ready condition's lastTransitionTime + minReadySeconds must be
 * strictly before now, and a missing transition time never counts).
 */
export function isPodAvailable(pod: PodStateLike, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(podReadyCondition(pod)?.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 < nowMs;
}

/** Neither Succeeded nor Failed, and not being deleted (upstream controller.IsPodActive). */
export function isPodActive(pod: PodStateLike): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}
