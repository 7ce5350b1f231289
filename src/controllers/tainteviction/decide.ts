/**
 * What the taint eviction controller does with one pod on a node with NoExecute taints (model:
 * taint_eviction.go processPodOnNode), pure.
 */
import { FOREVER, matchingTolerations, minTolerationTimeMs, type Taint, type Toleration } from '../../api/taints/index.js';

export type EvictionDecision =
  /** No NoExecute taints: cancel any scheduled eviction. */
  | { kind: 'cancel' }
  /** A taint is not tolerated: delete now (cancelling any scheduled eviction first). */
  | { kind: 'evict-now' }
  /** Every taint is tolerated forever: cancel any scheduled eviction. */
  | { kind: 'tolerate-forever' }
  /** Tolerated for `afterMs` (the smallest tolerationSeconds of the tolerations used). */
  | { kind: 'evict-after'; afterMs: number };

export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}

export function decideEviction(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): EvictionDecision {
  if (taints.length === 0) return { kind: 'cancel' };
  const { allTolerated, used } = matchingTolerations(taints, tolerations);
  if (!allTolerated) return { kind: 'evict-now' };
  const ms = minTolerationTimeMs(used);
  return ms === FOREVER ? { kind: 'tolerate-forever' } : { kind: 'evict-after', afterMs: ms };
}

/** Whether two NoExecute taint lists are the same (Semantic.DeepEqual on the filtered lists). */
export function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  return a.length === b.length && a.every((t, i) => t.key === b[i]!.key && (t.value ?? '') === (b[i]!.value ?? '') && t.effect === b[i]!.effect && (t.timeAdded ?? '') === (b[i]!.timeAdded ?? ''));
}

/** Whether two toleration lists are the same. */
export function sameTolerations(a: readonly Toleration[] | undefined, b: readonly Toleration[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}
