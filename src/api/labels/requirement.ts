/**
 * One label requirement, as k8s.io/apimachinery/pkg/labels.Requirement: a key, an operator and
 * its values. Requirements are immutable values; `newRequirement` is the only way to make one from
 * untrusted input and rejects what upstream's NewRequirement rejects, with its messages.
 */
import { BadRequestError } from '../../util/errors.js';
import {
  aggregateMessage,
  childPath,
  GoSyntax,
  indexPath,
  invalid,
  keyPath,
  type FieldError,
} from '../field-errors.js';
import { isQualifiedName, isValidLabelValue } from '../validation/names.js';

/** upstream selection.Operator values ('!' is DoesNotExist, 'gt'/'lt' compare integers). */
export type Operator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** As given; the parser gives them sorted and unique. Empty for 'exists' and '!'. */
  readonly values: readonly string[];
}

/** An object's labels; a missing map has no labels. */
export type Labels = Readonly<Record<string, string>> | undefined;

/** How upstream prints a nil []string (what LabelSelectorAsSelector passes for no values). */
const NIL_VALUES = new GoSyntax('[]string(nil)');

const INTEGER = /^[+-]?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's strconv.ParseInt(s, 10, 64): the value, or undefined when Go would return an error. */
export function parseInt64(text: string): bigint | undefined {
  if (!INTEGER.test(text)) return undefined;
  const n = BigInt(text);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

/** upstream validateLabelKey: every problem with a key as one error, messages joined by '; '. */
export function labelKeyError(key: string, field: string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length === 0 ? undefined : invalid(field, key, errs.join('; '));
}

/**
 * Everything upstream's NewRequirement reports, under `path` ('' for none). `values` null stands
 * for Go's nil slice (it only changes how an empty list is printed).
 */
export function requirementErrors(
  key: string,
  operator: Operator,
  values: readonly string[] | null,
  path = '',
): FieldError[] {
  const errors: FieldError[] = [];
  const keyError = labelKeyError(key, childPath(path, 'key'));
  if (keyError !== undefined) errors.push(keyError);

  const list = values ?? [];
  const shown = values ?? NIL_VALUES;
  const valuesPath = childPath(path, 'values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (list.length === 0) {
        errors.push(invalid(valuesPath, shown, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (list.length !== 1) {
        errors.push(invalid(valuesPath, shown, 'exact-match compatibility requires one single value'));
      }
      break;
    case 'exists':
    case '!':
      if (list.length !== 0) {
        errors.push(invalid(valuesPath, shown, 'values set must be empty for exists and does not exist'));
      }
      break;
    case 'gt':
    case 'lt':
      if (list.length !== 1) {
        errors.push(invalid(valuesPath, shown, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      list.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errors.push(invalid(indexPath(valuesPath, i), v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
  }

  list.forEach((v, i) => {
    const errs = isValidLabelValue(v);
    if (errs.length > 0) errors.push(invalid(keyPath(indexPath(valuesPath, i), key), v, errs.join('; ')));
  });
  return errors;
}

/** upstream NewRequirement; throws BadRequestError with upstream's aggregated message. */
export function newRequirement(key: string, operator: Operator, values: readonly string[] | null): Requirement {
  const errors = requirementErrors(key, operator, values);
  if (errors.length > 0) throw new BadRequestError(aggregateMessage(errors));
  return { key, operator, values: values ?? [] };
}

/**
 * upstream Requirement.Matches: In/Equals need the key with one of the values; NotIn/NotEquals
 * also match a missing key; Gt/Lt need the key with an integer value beyond the bound.
 */
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const value = labels !== undefined && Object.hasOwn(labels, r.key) ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!':
      return value === undefined;
    case 'gt':
    case 'lt': {
      const actual = value === undefined ? undefined : parseInt64(value);
      const bound = r.values.length === 1 ? parseInt64(r.values[0] ?? '') : undefined;
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

/** upstream Requirement.String: `!k`, `k`, `k=v`, `k>1`, `k in (a,b)` with values sorted. */
export function requirementString(r: Requirement): string {
  const values = [...r.values].sort().join(',');
  switch (r.operator) {
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    case '=':
    case '==':
    case '!=':
      return `${r.key}${r.operator}${values}`;
  }
}
