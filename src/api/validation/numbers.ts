/** Upstream's small numeric field checks (k8s.io/kubernetes/pkg/apis/core/validation). */
import { invalid, type FieldError } from '../field-errors.js';

/** ValidateNonnegativeField; absent values are valid (the caller checks what is required). */
export function nonNegative(value: number | undefined | null, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}
