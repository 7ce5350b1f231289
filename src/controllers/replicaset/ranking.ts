/**
 * Which pods a ReplicaSet deletes when it has too many (model: upstream getPodsToDelete and
 * controller.ActivePodsWithRanks). Pure.
 *
 * Pods deleted first, criterion by criterion (the first that differs decides):
 * 1. not yet assigned to a node before assigned;
 * 2. phase Pending before Unknown before Running;
 * 3. not Ready before Ready;
 * 4. lower `controller.kubernetes.io/pod-deletion-cost` annotation first (invalid or absent = 0);
 * 5. on a node with more active related pods first (the rank: pods of the owner and of its
 *    siblings under the same controller, e.g. a Deployment's ReplicaSets);
 * 6. both Ready: the more recently Ready first, by log2 buckets of the time since (so pods Ready
 *    at about the same time are not told apart by noise), ties in a bucket by uid;
 * 7. more container restarts first (regular containers, then restartable init containers);
 * 8. newer first, by log2 buckets of age, ties in a bucket by uid; no creation time first.
 */
import { isPodActive, isPodReady, podReadyCondition } from '../../api/pod/readiness.js';
import type { PodLike } from './types.js';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };

interface RankedPod {
  pod: PodLike;
  /** Active related pods on the same node. */
  rank: number;
}

/**
 * The `count` pods of `pods` to delete, in deletion order. `related` (a superset of `pods`) ranks
 * pods by how many related active pods share their node. All pods are returned unsorted when
 * every one goes.
 */
export function podsToDelete(pods: readonly PodLike[], related: readonly PodLike[], count: number, nowMs: number): PodLike[] {
  if (count >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const pod of related) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => (deletesFirst(a, b, nowMs) ? -1 : deletesFirst(b, a, nowMs) ? 1 : 0));
  return ranked.slice(0, count).map((r) => r.pod);
}

/** upstream ActivePodsWithRanks.Less: whether `a` should be deleted before `b`. */
export function deletesFirst(a: RankedPod, b: RankedPod, nowMs: number): boolean {
  const [pa, pb] = [a.pod, b.pod];
  const [nodeA, nodeB] = [pa.spec?.nodeName ?? '', pb.spec?.nodeName ?? ''];
  if (nodeA !== nodeB && (nodeA === '' || nodeB === '')) return nodeA === '';
  const [phaseA, phaseB] = [PHASE_ORDINAL[pa.status?.phase ?? ''] ?? 0, PHASE_ORDINAL[pb.status?.phase ?? ''] ?? 0];
  if (phaseA !== phaseB) return phaseA < phaseB;
  const [readyA, readyB] = [isPodReady(pa), isPodReady(pb)];
  if (readyA !== readyB) return !readyA;
  const [costA, costB] = [deletionCost(pa), deletionCost(pb)];
  if (costA !== costB) return costA < costB;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (readyA && readyB) {
    const byReady = newerFirst(readyTime(pa), readyTime(pb), pa, pb, nowMs);
    if (byReady !== undefined) return byReady;
  }
  const [restartsA, restartsB] = [maxRestarts(pa), maxRestarts(pb)];
  if (restartsA.regular !== restartsB.regular) return restartsA.regular > restartsB.regular;
  if (restartsA.sidecar !== restartsB.sidecar) return restartsA.sidecar > restartsB.sidecar;
  return newerFirst(timeOf(pa.metadata.creationTimestamp), timeOf(pb.metadata.creationTimestamp), pa, pb, nowMs) ?? false;
}

/**
 * The value of the pod-deletion-cost annotation (upstream GetDeletionCostFromPodAnnotations): a
 * decimal int32 without a plus sign or leading zeros; anything else counts as 0.
 */
export function deletionCost(pod: PodLike): number {
  const value = pod.metadata.annotations?.[POD_DELETION_COST];
  if (value === undefined || !/^(0|-?[1-9][0-9]*)$/.test(value)) return 0;
  const n = Number(value);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

/**
 * Orders two times with the newer first (upstream afterOrZero / logarithmicRankDiff): undefined
 * when they are equal; a missing time (0) goes first; with a known `now`, times whose ages fall
 * in the same power-of-two bucket (in nanoseconds, as Go's Duration) are ordered by uid.
 */
function newerFirst(ta: number, tb: number, pa: PodLike, pb: PodLike, nowMs: number): boolean | undefined {
  if (ta === tb) return undefined;
  if (ta === 0 || tb === 0) return ta === 0;
  const diff = logRank(nowMs - ta) - logRank(nowMs - tb);
  if (diff === 0) return (pa.metadata.uid ?? '') < (pb.metadata.uid ?? '');
  return diff < 0;
}

function logRank(ageMs: number): number {
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}

/** When the Ready condition last became True (0 when unknown). */
function readyTime(pod: PodLike): number {
  return isPodReady(pod) ? timeOf(podReadyCondition(pod)?.lastTransitionTime) : 0;
}

function timeOf(value: string | undefined): number {
  const ms = Date.parse(value ?? '');
  return Number.isFinite(ms) ? ms : 0;
}

/** Highest restart count of the regular containers and of the restartable init (sidecar) containers. */
function maxRestarts(pod: PodLike): { regular: number; sidecar: number } {
  let regular = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  let sidecar = 0;
  for (const c of pod.status?.initContainerStatuses ?? []) {
    if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  }
  return { regular, sidecar };
}
