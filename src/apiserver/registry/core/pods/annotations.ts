/**
 * Pod-specific annotation rules (upstream ValidatePodSpecificAnnotations and
 * ValidatePodSpecificAnnotationUpdates, v1.32): the deletion cost is a 32-bit integer, a mirror
 * pod names its node, and the mirror annotation is neither added nor changed by updates.
 */
import { forbidden, invalid, keyPath, type FieldError } from '../../../../api/field-errors.js';
import type { Pod } from './types.js';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
export const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
const PATH = 'metadata.annotations';

/** upstream GetDeletionCostFromPodAnnotations' syntax: a 32-bit integer without '+' or leading zeros. */
export function isValidDeletionCost(value: string): boolean {
  if (!/^(-?[1-9][0-9]*|0|-0)$/.test(value)) return false;
  const n = Number(value);
  return n >= -(2 ** 31) && n <= 2 ** 31 - 1;
}

export function validatePodAnnotations(pod: Pod): FieldError[] {
  const errors: FieldError[] = [];
  const annotations = pod.metadata.annotations ?? {};
  const mirror = annotations[MIRROR_POD_ANNOTATION];
  if (mirror !== undefined && !pod.spec?.nodeName) errors.push(invalid(keyPath(PATH, MIRROR_POD_ANNOTATION), mirror, 'must set spec.nodeName if mirror pod annotation is set'));
  const cost = annotations[DELETION_COST_ANNOTATION];
  if (cost !== undefined && !isValidDeletionCost(cost)) errors.push(invalid(keyPath(PATH, DELETION_COST_ANNOTATION), cost, 'must be a 32bit integer'));
  return errors;
}

export function validatePodAnnotationsUpdate(pod: Pod, old: Pod): FieldError[] {
  const next = pod.metadata.annotations ?? {};
  const prev = old.metadata.annotations ?? {};
  if (next[MIRROR_POD_ANNOTATION] === prev[MIRROR_POD_ANNOTATION]) return [];
  const at = keyPath(PATH, MIRROR_POD_ANNOTATION);
  return [forbidden(at, prev[MIRROR_POD_ANNOTATION] === undefined ? 'may not add mirror pod annotation' : 'may not remove or update mirror pod annotation')];
}
