/**
 * Pure helpers over a deployment's ReplicaSets (model: deploymentutil and controller_utils.go):
 * which one is new, which are old, orderings, replica counts, and the rolling-update fenceposts.
 */
import { intOrPercentValue, percentValue } from '../../api/validation/int-or-percent.js';
import { equalIgnoreHash } from './template.js';
import {
  creationTimestampOf,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  RECREATE,
  REVISION_ANNOTATION,
  ROLLING_UPDATE,
  specReplicas,
  type Deployment,
  type IntOrPercent,
  type ReplicaSet,
} from './types.js';

// ---- orderings (controller.ReplicaSetsByCreationTimestamp & co.) ----

/** Older first; equal timestamps by name. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const ta = Date.parse(creationTimestampOf(a)) || 0;
  const tb = Date.parse(creationTimestampOf(b)) || 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Larger first; equal sizes older first (ReplicaSetsBySizeOlder: scaling down hits old ones first). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreationTimestamp(a, b);
}

/** Larger first; equal sizes newer first (ReplicaSetsBySizeNewer: scaling up favours new ones). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return specReplicas(b) - specReplicas(a) || byCreationTimestamp(b, a);
}

/** Lower revision first; equal revisions by creation time (deploymentutil.ReplicaSetsByRevision). */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  return (revisionOf(a) ?? 0) - (revisionOf(b) ?? 0) || byCreationTimestamp(a, b);
}

// ---- revisions ----

/** The revision annotation as a number; 0 when absent, undefined when unparsable. */
export function revisionOf(obj: { metadata: { annotations?: Record<string, string> } }): number | undefined {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

export function maxRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** The second highest revision (what rolling back without a revision returns to). */
export function lastRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  let secMax = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (v >= max) {
      secMax = max;
      max = v;
    } else if (v > secMax) secMax = v;
  }
  return secMax;
}

// ---- new and old ----

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the deployment's. */
export function findNewReplicaSet(d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** FindOldReplicaSets: every ReplicaSet but the new one (the second list of upstream's pair). */
export function findOldReplicaSets(d: Deployment, rss: readonly ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, rss);
  return rss.filter((rs) => newRS === undefined || rs.metadata.uid !== newRS.metadata.uid);
}

/** FilterActiveReplicaSets: those asking for at least one replica. */
export function activeReplicaSets(rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] {
  return rss.filter((rs): rs is ReplicaSet => rs !== undefined && specReplicas(rs) > 0);
}

/**
 * FindActiveOrLatest: the only active ReplicaSet, or the newest one when none is active; undefined
 * when several are active (they are then scaled proportionally).
 */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

// ---- counts ----

const sum = (rss: readonly (ReplicaSet | undefined)[], f: (rs: ReplicaSet) => number): number => rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);

/** Sum of spec.replicas. */
export const replicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, specReplicas);
/** Sum of status.replicas. */
export const actualReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.status?.replicas ?? 0);
export const readyReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
export const availableReplicaCount = (rss: readonly (ReplicaSet | undefined)[]): number => sum(rss, (rs) => rs.status?.availableReplicas ?? 0);

// ---- fenceposts ----

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? ROLLING_UPDATE) === ROLLING_UPDATE;
}

export function isRecreate(d: Deployment): boolean {
  return d.spec.strategy?.type === RECREATE;
}

/** intstr.GetScaledValueFromIntOrPercent: a percentage of `total`, rounded up or down. */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  const percent = percentValue(value);
  if (percent === undefined) return intOrPercentValue(value);
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** ResolveFenceposts: [maxSurge (rounded up), maxUnavailable (rounded down)]; both 0 → unavailable 1. */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number): [number, number] {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, specReplicas(d))[0];
}

export function maxUnavailable(d: Deployment): number {
  const replicas = specReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return Math.min(resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas)[1], replicas);
}

/**
 * NewRSNewReplicas: the size the new ReplicaSet may have now. Rolling update: up to
 * replicas + maxSurge pods in all, never above replicas; Recreate: all replicas at once.
 */
export function newRSNewReplicas(d: Deployment, allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet): number {
  if (isRecreate(d)) return specReplicas(d);
  if (!isRollingUpdate(d)) throw new Error(`deployment type ${d.spec.strategy?.type ?? ''} isn't supported`);
  const surge = scaledValue(d.spec.strategy?.rollingUpdate?.maxSurge ?? 0, specReplicas(d), true);
  const current = replicaCount(allRSs);
  const maxTotal = specReplicas(d) + surge;
  if (current >= maxTotal) return specReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, specReplicas(d) - specReplicas(newRS));
  return specReplicas(newRS) + scaleUp;
}

/** IsSaturated: the new ReplicaSet holds, was annotated for, and has available every replica. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (rs === undefined) return false;
  const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
  const replicas = specReplicas(d);
  return desired !== undefined && specReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** An integer annotation (strconv.Atoi), or undefined when absent or malformed. */
export function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * GetProportion: how many replicas `rs` gets (or gives back, negative) of the
 * `toAdd - added` still to distribute, by its share of the max-replicas annotation.
 */
export function getProportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (rs === undefined || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (specReplicas(d) === 0) return -specReplicas(rs);
  const deploymentReplicas = specReplicas(d) + maxSurge(d);
  const annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? d.status?.replicas ?? 0;
  // Upstream divides by zero here (never expected: nothing scales proportionally from zero); no share.
  if (annotated <= 0) return 0;
  return goRound((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
}

/** Go's math.Round (half away from zero), as integer.RoundToInt32. */
function goRound(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** Rollout strategies named by kubectl and the API. */
export function strategyType(d: Deployment): string {
  return d.spec.strategy?.type ?? ROLLING_UPDATE;
}
