/**
 * Taint and toleration matching (model: k8s.io/api/core/v1 toleration.go and
 * component-helpers/scheduling/corev1 FindMatchingUntoleratedTaint). Shared by the scheduler's
 * TaintToleration and NodeUnschedulable plugins and the taint-eviction controller.
 */
export interface TaintLike {
  key?: string;
  value?: string;
  effect?: string;
}

export interface TolerationLike {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** Upstream Toleration.ToleratesTaint: empty effect/key match any; Exists ignores the value. */
export function toleratesTaint(toleration: TolerationLike, taint: TaintLike): boolean {
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

export function taintToleratedByTolerations(taint: TaintLike, tolerations: readonly TolerationLike[] | undefined): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint (passing `filter`) that no toleration tolerates, or undefined. */
export function findMatchingUntoleratedTaint<T extends TaintLike>(taints: readonly T[] | undefined, tolerations: readonly TolerationLike[] | undefined, filter: (taint: T) => boolean): T | undefined {
  for (const taint of taints ?? []) {
    if (filter(taint) && !taintToleratedByTolerations(taint, tolerations)) return taint;
  }
  return undefined;
}
