/** Container resources: upstream ValidateContainerResourceRequirements (v1.32). */
import { childPath, invalid, keyPath, required, type FieldError } from '../../field-errors.js';
import type { Quantity } from '../../quantity/index.js';
import { isQualifiedName } from '../names.js';
import { quantityField } from '../quantity-field.js';
import type { ResourceRequirementsLike } from './shapes.js';

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** Resources in the kubernetes.io domain (or without a domain). */
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
/** upstream IsOvercommitAllowed: requests may be below limits only for native, non-hugepage resources. */
const isOvercommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);

/** upstream validateContainerResourceName. */
function validateResourceName(name: string, path: string): FieldError[] {
  const errors = isQualifiedName(name).map((msg) => invalid(path, name, msg));
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !isHugePages(name)) errors.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && name.startsWith('requests.')) {
    errors.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errors;
}

/** upstream ValidateResourceQuantityValue: non-negative, and whole for integer resources. */
function validateQuantityValue(name: string, quantity: Quantity, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (quantity.sign() < 0) errors.push(invalid(path, quantity.toString(), 'must be greater than or equal to 0'));
  // Extended resources (outside kubernetes.io) are counted in whole units.
  if (!isNative(name) && quantity.milliValue() % 1000n !== 0n) errors.push(invalid(path, quantity.toString(), 'must be an integer'));
  return errors;
}

/** Limits, then requests (each at most its limit, and equal to it where overcommit is not allowed). */
export function validateResourceRequirements(resources: ResourceRequirementsLike | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const limPath = childPath(path, 'limits');
  const reqPath = childPath(path, 'requests');
  const limits = new Map<string, Quantity>();
  for (const [name, value] of Object.entries(resources?.limits ?? {})) {
    const at = keyPath(limPath, name);
    errors.push(...validateResourceName(name, at));
    const quantity = quantityField(at, value, errors);
    if (!quantity) continue;
    errors.push(...validateQuantityValue(name, quantity, at));
    limits.set(name, quantity);
  }
  for (const [name, value] of Object.entries(resources?.requests ?? {})) {
    const at = keyPath(reqPath, name);
    errors.push(...validateResourceName(name, at));
    const quantity = quantityField(at, value, errors);
    if (!quantity) continue;
    errors.push(...validateQuantityValue(name, quantity, at));
    const limit = limits.get(name);
    if (limit) {
      if (quantity.compare(limit) !== 0 && !isOvercommitAllowed(name)) {
        errors.push(invalid(reqPath, quantity.toString(), `must be equal to ${name} limit of ${limit.toString()}`));
      } else if (quantity.compare(limit) > 0) {
        errors.push(invalid(reqPath, quantity.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`));
      }
    } else if (!isOvercommitAllowed(name) && !(resources?.limits && name in resources.limits)) {
      errors.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  return errors;
}
