/**
 * Validation of labels and LabelSelectors in API objects, as upstream's
 * k8s.io/apimachinery/pkg/apis/meta/v1/validation (v1.32). Each function returns every problem
 * found as FieldErrors under the given field path (empty when valid); it never throws.
 */
import { childPath, forbidden, indexPath, invalid, required, type FieldError } from '../field-errors.js';
import { isQualifiedName, isValidLabelValue } from '../validation/names.js';
import type { LabelSelectorRequirementSpec, LabelSelectorSpec } from './label-selector.js';

export interface LabelSelectorValidationOptions {
  /** Skip checking matchExpressions values: only for updates of objects already stored with them. */
  readonly allowInvalidLabelValueInSelector?: boolean;
  /** Accept operators this version does not know (SubjectAccessReview does). */
  readonly allowUnknownOperatorInRequirement?: boolean;
}

/** One error per problem with a label key (upstream ValidateLabelName). */
export function validateLabelName(name: string, path: string): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(path, name, msg));
}

/** Keys and values of a label map; errors carry `path` itself (e.g. `metadata.labels`), no key. */
export function validateLabels(labels: Readonly<Record<string, string>> | null | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    errors.push(...validateLabelName(key, path));
    errors.push(...isValidLabelValue(value).map((msg) => invalid(path, value, msg)));
  }
  return errors;
}

/** A LabelSelector; null and undefined are valid (they select nothing). */
export function validateLabelSelector(
  ls: LabelSelectorSpec | null | undefined,
  path: string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  if (ls === null || ls === undefined) return [];
  const errors = validateLabels(ls.matchLabels, childPath(path, 'matchLabels'));
  (ls.matchExpressions ?? []).forEach((expr, i) => {
    errors.push(...validateLabelSelectorRequirement(expr, indexPath(childPath(path, 'matchExpressions'), i), opts));
  });
  return errors;
}

export function validateLabelSelectorRequirement(
  sr: LabelSelectorRequirementSpec,
  path: string,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errors: FieldError[] = [];
  const values = sr.values ?? [];
  const valuesPath = childPath(path, 'values');
  switch (sr.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        errors.push(required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errors.push(forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      }
      break;
    default:
      if (opts.allowUnknownOperatorInRequirement !== true) {
        errors.push(invalid(childPath(path, 'operator'), sr.operator, 'not a valid selector operator'));
      }
  }
  errors.push(...validateLabelName(sr.key, childPath(path, 'key')));
  if (opts.allowInvalidLabelValueInSelector !== true) {
    values.forEach((value, i) => {
      errors.push(...isValidLabelValue(value).map((msg) => invalid(indexPath(valuesPath, i), value, msg)));
    });
  }
  return errors;
}

/**
 * Whether a stored selector has a matchExpressions value that is no longer valid, so that an
 * update may keep it (pass allowInvalidLabelValueInSelector).
 */
export function labelSelectorHasInvalidLabelValue(ls: LabelSelectorSpec | null | undefined): boolean {
  return (ls?.matchExpressions ?? []).some((expr) => (expr.values ?? []).some((v) => isValidLabelValue(v).length > 0));
}
