/**
 * `pods/ephemeralcontainers` (model: podEphemeralContainersStrategy and
 * ValidatePodEphemeralContainersUpdate upstream, v1.32): an update through it changes only
 * spec.ephemeralContainers, which may gain containers but never lose or change one. Updates of
 * the pod itself may not touch them (that is part of the pod spec update rules).
 */
import { forbidden, type FieldError } from '../../../../api/field-errors.js';
import type { EphemeralContainerLike } from '../../../../api/validation/pod-spec.js';
import { cloneObject } from '../../generic/object.js';
import type { SubresourceUpdate } from '../../generic/subresource-update.js';
import type { Pod } from './types.js';
import { describeDiff } from './spec-diff.js';
import { sameJSON } from '../../../../api/json-equal.js';

/** Objects computed by a subresource update, for the update rules (see podStrategy). */
const fromSubresource = new WeakSet<object>();

export function markSubresourceUpdate(object: object): void {
  fromSubresource.add(object);
}

export function isSubresourceUpdate(object: object): boolean {
  return fromSubresource.has(object);
}

/** The stored pod with the requested ephemeral containers. */
export const ephemeralContainersUpdate: SubresourceUpdate = (requested, stored) => {
  const next = cloneObject(stored) as Pod;
  const containers = (requested as Pod).spec?.ephemeralContainers;
  next.spec = { ...next.spec };
  if (containers === undefined) delete next.spec.ephemeralContainers;
  else next.spec.ephemeralContainers = structuredClone(containers);
  return next;
};

/** Existing ephemeral containers may be neither removed nor changed (order aside). */
export function validateEphemeralContainersUpdate(next: readonly EphemeralContainerLike[], old: readonly EphemeralContainerLike[]): FieldError[] {
  const errors: FieldError[] = [];
  const byName = new Map(next.map((c) => [c?.name ?? '', c]));
  for (const o of old) {
    const name = o.name ?? '';
    const n = byName.get(name);
    if (!n) errors.push(forbidden('spec.ephemeralContainers', `existing ephemeral containers "${name}" may not be removed\n`));
    else if (!sameJSON(o, n)) {
      errors.push(forbidden('spec.ephemeralContainers', `existing ephemeral containers "${name}" may not be changed\n${describeDiff(o, n)}`));
    }
  }
  return errors;
}
