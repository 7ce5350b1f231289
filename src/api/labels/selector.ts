/**
 * A label selector, as k8s.io/apimachinery/pkg/labels.Selector: the AND of requirements, or
 * "nothing". Immutable.
 *
 * Contracts:
 * - requirements are kept sorted by key (stably), so `toString()` is canonical: equal selectors
 *   print equally whatever order they were written in;
 * - everything (no requirements): matches every object, `isEmpty()`, prints '';
 * - nothing (from a null LabelSelector): matches no object, not `isEmpty()`, prints '' and has no
 *   requirements to index on (`requirements()` is undefined).
 */
import { requirementMatches, requirementString, type Labels, type Requirement } from './requirement.js';

export class LabelSelector {
  private static readonly EVERYTHING = new LabelSelector([]);
  private static readonly NOTHING = new LabelSelector(undefined);

  private constructor(private readonly reqs: readonly Requirement[] | undefined) {}

  /** Matches every object (upstream Everything). */
  static everything(): LabelSelector {
    return LabelSelector.EVERYTHING;
  }

  /** Matches no object (upstream Nothing). */
  static nothing(): LabelSelector {
    return LabelSelector.NOTHING;
  }

  /** The AND of `requirements`, which must be valid (made by newRequirement or the parser). */
  static of(requirements: readonly Requirement[]): LabelSelector {
    if (requirements.length === 0) return LabelSelector.EVERYTHING;
    return new LabelSelector([...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  }

  matches(labels: Labels): boolean {
    return this.reqs !== undefined && this.reqs.every((r) => requirementMatches(r, labels));
  }

  /** True when the selector does not restrict anything (everything). */
  isEmpty(): boolean {
    return this.reqs !== undefined && this.reqs.length === 0;
  }

  /** True only for nothing() (upstream MatchesNothing; `a=b,a!=b` is not detected). */
  matchesNothing(): boolean {
    return this.reqs === undefined;
  }

  /** The requirements sorted by key, or undefined for nothing(), which selects no object. */
  requirements(): readonly Requirement[] | undefined {
    return this.reqs;
  }

  /**
   * The value the first requirement on `key` pins it to (`key=v`, `key==v`, `key in (v)`), if
   * any: what an index on label values can look up.
   */
  requiresExactMatch(key: string): string | undefined {
    const r = this.reqs?.find((req) => req.key === key);
    if (r === undefined || r.values.length !== 1) return undefined;
    return r.operator === '=' || r.operator === '==' || r.operator === 'in' ? r.values[0] : undefined;
  }

  /** Canonical form, parseable by parseSelector: requirements by key, joined by ','. */
  toString(): string {
    return (this.reqs ?? []).map(requirementString).join(',');
  }
}

/**
 * A selector matching exactly the labels in `set` (upstream SelectorFromSet). Does not validate:
 * the set must hold valid labels, e.g. a validated `spec.selector` of a Service.
 */
export function selectorFromSet(set: Labels): LabelSelector {
  return LabelSelector.of(Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: '=', values: [value] })));
}
