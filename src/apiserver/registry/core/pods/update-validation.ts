/**
 * Upstream ValidatePodUpdate's spec rules (pkg/apis/core/validation, v1.32): a pod's spec is
 * immutable except container images, activeDeadlineSeconds (set, or lowered), additions to
 * tolerations, and terminationGracePeriodSeconds from negative to 1. Anything else is refused
 * with upstream's Forbidden message followed by what changed.
 */
import { childPath, forbidden, indexPath, invalid, required, type FieldError } from '../../../../api/field-errors.js';
import type { ContainerLike, PodSpecLike, TolerationLike } from '../../../../api/validation/pod-spec.js';
import { inclusiveRangeError } from '../../../../api/validation/pod/syntax.js';
import { validateEphemeralContainersUpdate } from './ephemeral-containers.js';
import { sameJSON } from '../../../../api/json-equal.js';
import { describeDiff } from './spec-diff.js';

const UPDATABLE_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

const MAX_INT32 = 2147483647;

/**
 * The spec rules of a pod update. `ephemeralContainersOnly`: the update came through
 * pods/ephemeralcontainers, whose own rules (validateEphemeralContainersUpdate) cover
 * spec.ephemeralContainers; otherwise they are immutable like the rest.
 */
export function validatePodSpecUpdate(spec: PodSpecLike, old: PodSpecLike, ephemeralContainersOnly = false): FieldError[] {
  if (ephemeralContainersOnly) return validateEphemeralContainersUpdate(spec.ephemeralContainers ?? [], old.ephemeralContainers ?? []);
  if (sameJSON(spec, old)) return [];
  const errors: FieldError[] = [];
  for (const field of ['containers', 'initContainers'] as const) {
    const path = childPath('spec', field);
    const next = spec[field] ?? [];
    if (next.length !== (old[field] ?? []).length) {
      errors.push(forbidden(path, 'pod updates may not add or remove containers'));
      return errors;
    }
    next.forEach((c, i) => {
      if (!c.image) errors.push(required(childPath(indexPath(path, i), 'image'), ''));
    });
  }
  const deadlinePath = 'spec.activeDeadlineSeconds';
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined) {
    if (deadline < 0 || deadline > MAX_INT32) return [...errors, invalid(deadlinePath, deadline, inclusiveRangeError(0, MAX_INT32))];
    if (old.activeDeadlineSeconds !== undefined && old.activeDeadlineSeconds < deadline) {
      return [...errors, invalid(deadlinePath, deadline, 'must be less than or equal to previous value')];
    }
  } else if (old.activeDeadlineSeconds !== undefined) {
    errors.push(invalid(deadlinePath, null, 'must not update from a positive integer to nil value'));
  }
  errors.push(...validateOnlyAddedTolerations(spec.tolerations ?? [], old.tolerations ?? []));

  // What remains once the updatable fields are taken from the old spec must be unchanged.
  const munged: PodSpecLike = structuredClone(spec);
  const withOldImages = (list: ContainerLike[] | undefined, oldList: ContainerLike[] | undefined): ContainerLike[] | undefined =>
    list?.map((c, i) => ({ ...c, image: oldList?.[i]?.image }));
  munged.containers = withOldImages(munged.containers, old.containers);
  if (munged.initContainers) munged.initContainers = withOldImages(munged.initContainers, old.initContainers);
  setOrDelete(munged, 'activeDeadlineSeconds', old.activeDeadlineSeconds);
  setOrDelete(munged, 'tolerations', old.tolerations);
  if ((old.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = old.terminationGracePeriodSeconds;
  }
  if (!sameJSON(munged, old)) {
    errors.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_FIELDS.join(',')}\n${describeDiff(old, munged)}`));
  }
  return errors;
}

/** upstream validateOnlyAddedTolerations: every old toleration is still there (tolerationSeconds aside). */
function validateOnlyAddedTolerations(next: readonly TolerationLike[], old: readonly TolerationLike[]): FieldError[] {
  for (const o of old) {
    const found = next.some((n) => sameJSON({ ...o, tolerationSeconds: n.tolerationSeconds }, n));
    if (!found) return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

function setOrDelete<K extends keyof PodSpecLike>(spec: PodSpecLike, key: K, value: PodSpecLike[K]): void {
  if (value === undefined) delete spec[key];
  else spec[key] = value;
}
