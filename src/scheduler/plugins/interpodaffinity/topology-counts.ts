/**
 * Counts by topology pair (upstream topologyToMatchedTermCount), as topology key → value → count
 * so that lookups need no string building. Entries that fall back to zero are removed, so
 * `size === 0` means "nothing counted" (what Filter's fast paths test).
 */
import type { Labels } from '../../../api/labels/index.js';
import type { Pod } from '../../framework/api-types.js';
import type { AffinityTerm } from '../../framework/pod-info.js';
import { affinityTermMatches } from '../../framework/pod-info.js';

export class TopologyCounts {
  private readonly byKey = new Map<string, Map<string, number>>();
  private pairs = 0;

  /** The number of (key, value) pairs with a non-zero count. */
  get size(): number {
    return this.pairs;
  }

  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  add(key: string, value: string, delta: number): void {
    if (delta === 0) return;
    let values = this.byKey.get(key);
    if (!values) this.byKey.set(key, (values = new Map()));
    const before = values.get(value);
    const after = (before ?? 0) + delta;
    if (after === 0) {
      if (before !== undefined) {
        values.delete(value);
        this.pairs--;
        if (values.size === 0) this.byKey.delete(key);
      }
      return;
    }
    if (before === undefined) this.pairs++;
    values.set(value, after);
  }

  /** Whether any of the node's (label key, value) pairs has a positive count. */
  anyPositiveForLabels(nodeLabels: Labels): boolean {
    if (this.pairs === 0 || !nodeLabels) return false;
    for (const key in nodeLabels) {
      const values = this.byKey.get(key);
      if (values !== undefined && (values.get(nodeLabels[key]!) ?? 0) > 0) return true;
    }
    return false;
  }

  /** The counts as `[key, value, count]` rows (tests and debugging). */
  entries(): [string, string, number][] {
    const out: [string, string, number][] = [];
    for (const [key, values] of this.byKey) for (const [value, n] of values) out.push([key, value, n]);
    return out;
  }

  clone(): TopologyCounts {
    const copy = new TopologyCounts();
    for (const [key, values] of this.byKey) copy.byKey.set(key, new Map(values));
    copy.pairs = this.pairs;
    return copy;
  }

  /**
   * For each term that selects `pod` (upstream updateWithAntiAffinityTerms), adds `delta` to the
   * node's pair of the term's topology key (nodes without the key count nowhere).
   */
  addAntiAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels, nodeLabels: Labels, delta: number): void {
    if (!nodeLabels) return;
    for (const term of terms) {
      if (!affinityTermMatches(term, pod, nsLabels)) continue;
      const value = nodeLabels[term.topologyKey];
      if (value !== undefined) this.add(term.topologyKey, value, delta);
    }
  }

  /**
   * When `pod` matches ALL the terms (upstream updateWithAffinityTerms), adds `delta` to the
   * node's pair of each term's topology key.
   */
  addAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels, nodeLabels: Labels, delta: number): void {
    if (!nodeLabels || !podMatchesAllAffinityTerms(terms, pod, nsLabels)) return;
    for (const term of terms) {
      const value = nodeLabels[term.topologyKey];
      if (value !== undefined) this.add(term.topologyKey, value, delta);
    }
  }
}

/** True when there are terms and `pod` matches every one (upstream podMatchesAllAffinityTerms). */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels = undefined): boolean {
  if (terms.length === 0) return false;
  for (const term of terms) if (!affinityTermMatches(term, pod, nsLabels)) return false;
  return true;
}
