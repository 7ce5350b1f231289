/**
 * Taint set helpers (model: pkg/util/taints), pure. Two taints are "the same" when key and effect
 * match (MatchTaint); value and timeAdded do not take part.
 */
import type { Taint } from './types.js';

export function matchTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** Whether `taints` holds a taint with the key and effect of `taint`. */
export function taintExists(taints: readonly Taint[] | undefined, taint: Taint): boolean {
  return (taints ?? []).some((t) => matchTaint(t, taint));
}

export function taintKeyExists(taints: readonly Taint[] | undefined, key: string): boolean {
  return (taints ?? []).some((t) => t.key === key);
}

/** Taints of `want` missing from `have`, and taints of `have` missing from `want` (TaintSetDiff). */
export function taintSetDiff(want: readonly Taint[], have: readonly Taint[]): { add: Taint[]; remove: Taint[] } {
  return {
    add: want.filter((t) => !taintExists(have, t)),
    remove: have.filter((t) => !taintExists(want, t)),
  };
}

/**
 * `taints` with `add` put in (replacing a taint of the same key and effect unless it is equal in
 * value too; upstream AddOrUpdateTaint) and every taint matching one of `remove` dropped. Returns
 * the new list and whether it differs from `taints`. The input is not modified.
 */
export function applyTaintChanges(taints: readonly Taint[] | undefined, add: readonly Taint[], remove: readonly Taint[]): { taints: Taint[]; changed: boolean } {
  let result = [...(taints ?? [])];
  let changed = false;
  for (const taint of add) {
    const index = result.findIndex((t) => matchTaint(t, taint));
    if (index < 0) {
      result.push({ ...taint });
      changed = true;
    } else if (!sameTaint(result[index]!, taint)) {
      result[index] = { ...taint };
      changed = true;
    }
  }
  const kept = result.filter((t) => !remove.some((r) => matchTaint(t, r)));
  if (kept.length !== result.length) changed = true;
  result = kept;
  return { taints: result, changed };
}

function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '') && (a.timeAdded ?? '') === (b.timeAdded ?? '');
}
