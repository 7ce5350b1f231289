/**
 * metav1.LabelSelector (the `selector` of Deployments, ReplicaSets, Jobs, …) and its conversion to
 * a LabelSelector, as upstream's metav1.LabelSelectorAsSelector:
 * - null/undefined selects nothing; `{}` (no labels, no expressions) selects everything;
 * - matchLabels are `key=value` requirements, matchExpressions In/NotIn/Exists/DoesNotExist ones;
 * - invalid keys, values, operators or value counts throw BadRequestError with upstream's message.
 */
import { BadRequestError } from '../../util/errors.js';
import { goQuote } from '../validation/go-quote.js';
import { newRequirement, type Operator, type Requirement } from './requirement.js';
import { LabelSelector } from './selector.js';

/** The operators a LabelSelectorRequirement may use. */
export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** metav1.LabelSelectorRequirement as received (the operator is not trusted to be valid). */
export interface LabelSelectorRequirementSpec {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[] | null;
}

/** metav1.LabelSelector as received. */
export interface LabelSelectorSpec {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirementSpec[] | null;
}

const OPERATORS: ReadonlyMap<string, Operator> = new Map<LabelSelectorOperator, Operator>([
  ['In', 'in'],
  ['NotIn', 'notin'],
  ['Exists', 'exists'],
  ['DoesNotExist', '!'],
]);

export function selectorFromLabelSelector(ls: LabelSelectorSpec | null | undefined): LabelSelector {
  if (ls === null || ls === undefined) return LabelSelector.nothing();
  const matchLabels = Object.entries(ls.matchLabels ?? {});
  const matchExpressions = ls.matchExpressions ?? [];
  if (matchLabels.length + matchExpressions.length === 0) return LabelSelector.everything();

  const requirements: Requirement[] = matchLabels.map(([key, value]) => newRequirement(key, '=', [value]));
  for (const expr of matchExpressions) {
    const operator = OPERATORS.get(expr.operator);
    if (operator === undefined) {
      throw new BadRequestError(`${goQuote(expr.operator)} is not a valid label selector operator`);
    }
    // Upstream copies the values onto a nil slice: no values is a nil slice, not an empty one.
    const values = expr.values === null || expr.values === undefined || expr.values.length === 0 ? null : [...expr.values];
    requirements.push(newRequirement(expr.key, operator, values));
  }
  return LabelSelector.of(requirements);
}
