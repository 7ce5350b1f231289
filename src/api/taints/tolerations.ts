/**
 * Toleration matching (model: k8s.io/api/core/v1 toleration.go ToleratesTaint and
 * pkg/apis/core/v1/helper GetMatchingTolerations), pure.
 */
import type { Taint, Toleration } from './types.js';

/**
 * Whether `toleration` tolerates `taint`: an empty effect matches every effect, an empty key
 * (only valid with `Exists`) every key; `Exists` ignores the value, `Equal` (or no operator)
 * needs the same value; any other operator tolerates nothing.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Whether any of `tolerations` tolerates `taint`. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/**
 * Whether every taint is tolerated and, if so, the toleration used for each taint (the first that
 * matches it, in order). With no taints everything is tolerated and nothing is used.
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { allTolerated: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const match = (tolerations ?? []).find((t) => toleratesTaint(t, taint));
    if (!match) return { allTolerated: false, used: [] };
    used.push(match);
  }
  return { allTolerated: true, used };
}

/** Tolerate forever (upstream returns a negative duration). */
export const FOREVER = -1;

/**
 * How long the pod may stay given the tolerations it uses (upstream getMinTolerationTime), in
 * milliseconds: the smallest tolerationSeconds (0 if any is <= 0), FOREVER when none sets one,
 * and 0 for no tolerations at all.
 */
export function minTolerationTimeMs(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    min = Math.min(min, t.tolerationSeconds);
  }
  return min === Infinity ? FOREVER : min * 1000;
}

/** The first taint passing `filter` that no toleration tolerates (upstream FindMatchingUntoleratedTaint). */
export function findMatchingUntoleratedTaint<T extends Taint>(taints: readonly T[] | undefined, tolerations: readonly Toleration[] | undefined, filter: (taint: T) => boolean): T | undefined {
  return (taints ?? []).find((taint) => filter(taint) && !tolerationsTolerateTaint(tolerations, taint));
}
