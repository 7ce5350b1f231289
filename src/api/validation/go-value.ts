/**
 * Bad values as upstream's field errors print them when they are Go maps or label selectors:
 * `%#v` of a `map[string]string` and of a `metav1.LabelSelector`. They are
 * GoSyntax values, printed verbatim by field-errors.
 */
import { GoSyntax } from '../field-errors.js';
import type { LabelSelectorRequirementSpec, LabelSelectorSpec } from '../labels/label-selector.js';
import { goQuote } from './go-quote.js';

/** `%#v` of a map[string]string: keys sorted, `map[string]string{"a":"1", "b":"2"}`; nil for absent. */
export function goStringMap(map: Readonly<Record<string, string>> | null | undefined): GoSyntax {
  if (map === null || map === undefined) return new GoSyntax('map[string]string(nil)');
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(map[k] ?? '')}`);
  return new GoSyntax(`map[string]string{${entries.join(', ')}}`);
}

/**
 * `%#v` of a metav1.LabelSelector, which is how upstream's field errors print a selector (the
 * pointer is dereferenced, and the value type has no String method):
 * `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
 */
export function goLabelSelector(selector: LabelSelectorSpec | null | undefined): GoSyntax {
  if (selector === null || selector === undefined) return new GoSyntax('null');
  const expressions = selector.matchExpressions;
  const requirement = (e: LabelSelectorRequirementSpec): string => {
    const values = e.values === null || e.values === undefined ? '[]string(nil)' : `[]string{${e.values.map(goQuote).join(', ')}}`;
    return `v1.LabelSelectorRequirement{Key:${goQuote(e.key)}, Operator:${goQuote(e.operator)}, Values:${values}}`;
  };
  const expressionText =
    expressions === null || expressions === undefined ? '[]v1.LabelSelectorRequirement(nil)' : `[]v1.LabelSelectorRequirement{${expressions.map(requirement).join(', ')}}`;
  return new GoSyntax(`v1.LabelSelector{MatchLabels:${goStringMap(selector.matchLabels).text}, MatchExpressions:${expressionText}}`);
}
