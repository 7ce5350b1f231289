/**
 * Checks shared by the kinds that own pods through a selector and a pod template (Deployments,
 * ReplicaSets, StatefulSets, DaemonSets, Jobs, ReplicationControllers), as upstream's apps, batch
 * and core validation word them.
 */
import { childPath, forbidden, invalid, notSupported, required, type FieldError } from '../field-errors.js';
import { selectorFromLabelSelector, validateLabelSelector, type LabelSelectorSpec } from '../labels/index.js';
import type { LabelSelector } from '../labels/selector.js';
import { goLabelSelector, goStringMap } from './go-value.js';
import { sameJSON } from '../json-equal.js';

export const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

export interface TemplateLike {
  metadata?: { labels?: Record<string, string> | null; [field: string]: unknown } | null;
  spec?: { restartPolicy?: string; activeDeadlineSeconds?: number | null; [field: string]: unknown } | null;
}

/** The selector as a LabelSelector, or undefined when it cannot be one (upstream's conversion error). */
export function tryLabelSelector(selector: LabelSelectorSpec | null | undefined): LabelSelector | undefined {
  try {
    return selectorFromLabelSelector(selector);
  } catch {
    return undefined;
  }
}

/**
 * The apps/v1 selector rules: required, valid, not empty (`empty selector is invalid for <what>`),
 * and convertible (`invalidMessage` otherwise). Returns the selector when it can be used.
 */
export function validateWorkloadSelector(
  selector: LabelSelectorSpec | null | undefined,
  path: string,
  what: string,
  errors: FieldError[],
  invalidMessage = 'invalid label selector',
): LabelSelector | undefined {
  if (selector === null || selector === undefined) {
    errors.push(required(path, ''));
  } else {
    errors.push(...validateLabelSelector(selector, path));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      errors.push(invalid(path, goLabelSelector(selector), `empty selector is invalid for ${what}`));
    }
  }
  const parsed = tryLabelSelector(selector);
  if (!parsed) errors.push(invalid(path, goLabelSelector(selector), invalidMessage));
  return parsed;
}

/** The template's labels must be selected (skipped for an empty selector, as upstream). */
export function validateSelectorMatchesTemplate(selector: LabelSelector | undefined, template: TemplateLike | undefined, templatePath: string): FieldError[] {
  if (!selector || selector.isEmpty()) return [];
  const labels = template?.metadata?.labels ?? undefined;
  if (selector.matches(labels ?? {})) return [];
  return [invalid(childPath(templatePath, 'metadata.labels'), goStringMap(labels), SELECTOR_MISMATCH)];
}

/** Pods of `kind` must restart Always and carry no activeDeadlineSeconds (apps kinds and RCs). */
export function validateAlwaysRestart(template: TemplateLike | undefined, templatePath: string, kind: string): FieldError[] {
  const errors: FieldError[] = [];
  const spec = template?.spec ?? {};
  if (spec.restartPolicy !== 'Always') errors.push(notSupported(childPath(templatePath, 'spec.restartPolicy'), spec.restartPolicy ?? '', ['Always']));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    errors.push(forbidden(childPath(templatePath, 'spec.activeDeadlineSeconds'), `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  return errors;
}

/** ValidateImmutableField: `field is immutable` when the value changed. */
export function immutable(value: unknown, old: unknown, path: string, shown: unknown = value): FieldError[] {
  return sameJSON(value, old) ? [] : [invalid(path, shown, 'field is immutable')];
}
