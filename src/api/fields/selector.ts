/**
 * A field selector, as k8s.io/apimachinery/pkg/fields.Selector: the AND of `field=value` and
 * `field!=value` terms over an object's selectable fields (`metadata.name`, `spec.nodeName`, …).
 * Immutable.
 *
 * Contracts:
 * - a field the object does not have reads as '' (so `spec.nodeName=` selects unscheduled pods
 *   and `x!=v` matches objects without x);
 * - terms keep the order they were given (the parser sorts them), so `toString()` of a parsed
 *   selector is canonical; values are printed escaped;
 * - no terms = everything: matches all, `isEmpty()`, prints ''.
 */
import { escapeValue } from './escape.js';

export type FieldOperator = '=' | '!=';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: FieldOperator;
  /** The literal (unescaped) value. */
  readonly value: string;
}

/** An object's selectable fields and their values. */
export type Fields = Readonly<Record<string, string>>;

export class FieldSelector {
  private static readonly EVERYTHING = new FieldSelector([]);

  private constructor(private readonly terms: readonly FieldRequirement[]) {}

  static everything(): FieldSelector {
    return FieldSelector.EVERYTHING;
  }

  /** The AND of `terms`, in this order. */
  static of(terms: readonly FieldRequirement[]): FieldSelector {
    return terms.length === 0 ? FieldSelector.EVERYTHING : new FieldSelector([...terms]);
  }

  matches(fields: Fields): boolean {
    return this.terms.every((t) => {
      const actual = Object.hasOwn(fields, t.field) ? fields[t.field] : '';
      return t.operator === '=' ? actual === t.value : actual !== t.value;
    });
  }

  isEmpty(): boolean {
    return this.terms.length === 0;
  }

  requirements(): readonly FieldRequirement[] {
    return this.terms;
  }

  /** The value the first `field=value` term on `field` requires, if any (for index lookups). */
  requiresExactMatch(field: string): string | undefined {
    return this.terms.find((t) => t.field === field && t.operator === '=')?.value;
  }

  toString(): string {
    return this.terms.map((t) => `${t.field}${t.operator}${escapeValue(t.value)}`).join(',');
  }
}
