/**
 * For strategy unit tests: the steps the generic store runs on a create or an update (defaults,
 * prepare, kind validation), without storage, returning the object and upstream's messages.
 */
import { fieldErrorMessage } from '../../api/field-errors.js';
import { cloneObject, type KubeObject } from './generic/object.js';
import type { ResourceStrategy } from './generic/strategy.js';

export interface Outcome {
  object: KubeObject;
  errors: string[];
}

export function simulateCreate(strategy: ResourceStrategy, input: KubeObject, uid = '11111111-2222-3333-4444-555555555555'): Outcome {
  const object = cloneObject(input);
  object.metadata.uid = uid;
  object.metadata.generation = 1;
  strategy.applyDefaults?.(object);
  strategy.prepareForCreate?.(object);
  const errors = [...(strategy.validate?.(object) ?? []), ...(strategy.validateCreate?.(object) ?? [])];
  return { object, errors: errors.map(fieldErrorMessage) };
}

/** `old` must be a stored object (the outcome of simulateCreate). */
export function simulateUpdate(strategy: ResourceStrategy, input: KubeObject, old: KubeObject): Outcome {
  const object = cloneObject(input);
  object.metadata.uid = old.metadata.uid;
  strategy.applyDefaults?.(object);
  strategy.prepareForUpdate?.(object, old);
  const errors = [...(strategy.validate?.(object) ?? []), ...(strategy.validateUpdate?.(object, old) ?? [])];
  return { object, errors: errors.map(fieldErrorMessage) };
}
