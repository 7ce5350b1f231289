/**
 * What to scale, decided from a snapshot (model: rolling.go reconcileNewReplicaSet,
 * reconcileOldReplicaSets, cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate, and
 * sync.go scale). Each plan is an ordered list of steps; the shell applies them in order, each on
 * the latest version of its ReplicaSet, and stops at the first failed write.
 */
import {
  activeReplicaSets,
  availableReplicaCount,
  byCreationTimestamp,
  bySizeNewer,
  bySizeOlder,
  findActiveOrLatest,
  getProportion,
  isRollingUpdate,
  isSaturated,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  replicaCount,
} from './replica-sets.js';
import { specReplicas, type Deployment, type ReplicaSet } from './types.js';

export interface ScaleStep {
  rs: ReplicaSet;
  replicas: number;
  /**
   * Upstream calls scaleReplicaSet directly (proportional scaling): the desired/max-replicas
   * annotations are refreshed even when the size stays. Otherwise (scaleReplicaSetAndRecordEvent)
   * a step to the current size does nothing.
   */
  refreshAnnotations?: boolean;
}

const withReplicas = (rs: ReplicaSet, replicas: number): ReplicaSet => ({ ...rs, spec: { ...rs.spec, replicas } });

/** reconcileNewReplicaSet: the new ReplicaSet's next size, or undefined when it stays. */
export function newReplicaSetTarget(allRSs: readonly ReplicaSet[], newRS: ReplicaSet, d: Deployment): number | undefined {
  const current = specReplicas(newRS);
  const desired = specReplicas(d);
  if (current === desired) return undefined;
  if (current > desired) return desired;
  const next = newRSNewReplicas(d, allRSs, newRS);
  return next === current ? undefined : next;
}

/**
 * reconcileOldReplicaSets: scale-downs of the active old ReplicaSets that keep at least
 * replicas - maxUnavailable pods available, counting the new ReplicaSet's unavailable pods
 * against the budget. Unhealthy (unavailable) old replicas go first, oldest ReplicaSet first;
 * then available old replicas beyond the minimum, oldest ReplicaSet first.
 */
export function oldReplicaSetsPlan(allRSs: readonly ReplicaSet[], oldRSs: readonly ReplicaSet[], newRS: ReplicaSet, d: Deployment): ScaleStep[] {
  if (replicaCount(oldRSs) === 0) return [];
  const minAvailable = specReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return [];

  const steps: ScaleStep[] = [];
  // cleanupUnhealthyReplicas
  const olds = [...oldRSs].sort(byCreationTimestamp);
  let cleaned = 0;
  for (let i = 0; i < olds.length; i++) {
    const rs = olds[i]!;
    if (cleaned >= maxScaledDown) break;
    const replicas = specReplicas(rs);
    const available = rs.status?.availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const count = Math.min(maxScaledDown - cleaned, replicas - available);
    steps.push({ rs, replicas: replicas - count });
    olds[i] = withReplicas(rs, replicas - count);
    cleaned += count;
  }

  // scaleDownOldReplicaSetsForRollingUpdate
  const available = availableReplicaCount([...olds, newRS]);
  if (available <= minAvailable) return steps;
  const toScaleDown = available - minAvailable;
  let scaled = 0;
  for (const rs of olds) {
    if (scaled >= toScaleDown) break;
    const replicas = specReplicas(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, toScaleDown - scaled);
    steps.push({ rs, replicas: replicas - count });
    scaled += count;
  }
  return steps;
}

/**
 * scale: resizing on a scaling event or while paused.
 * 1. One active ReplicaSet (or none: the newest) takes the whole size.
 * 2. A saturated new ReplicaSet: the old ones go to zero.
 * 3. Rolling update: the difference to replicas + maxSurge is spread over the active ReplicaSets
 *    in proportion to their share of their max-replicas annotation; larger ones first (newer on
 *    ties when growing, older when shrinking); the rounding leftover goes to the first.
 */
export function scalePlan(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ScaleStep[] {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    return specReplicas(activeOrLatest) === specReplicas(d) ? [] : [{ rs: activeOrLatest, replicas: specReplicas(d) }];
  }
  if (isSaturated(d, newRS)) return activeReplicaSets(oldRSs).map((rs) => ({ rs, replicas: 0 }));
  if (!isRollingUpdate(d)) return [];

  const active = activeReplicaSets([...oldRSs, newRS]);
  const allowed = specReplicas(d) > 0 ? specReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(active);
  if (toAdd > 0) active.sort(bySizeNewer);
  else if (toAdd < 0) active.sort(bySizeOlder);

  let added = 0;
  const sizes = active.map((rs) => {
    if (toAdd === 0) return specReplicas(rs);
    const proportion = getProportion(rs, d, toAdd, added);
    added += proportion;
    return specReplicas(rs) + proportion;
  });
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
  return active.map((rs, i) => ({ rs, replicas: sizes[i]!, refreshAnnotations: true }));
}
