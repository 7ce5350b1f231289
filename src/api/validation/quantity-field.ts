import { invalid, type FieldError } from '../field-errors.js';
import { quantityFromJSON, type Quantity } from '../quantity/index.js';

/** A quantity field being validated: the parsed quantity, or undefined with an Invalid error pushed. */
export function quantityField(path: string, value: unknown, errors: FieldError[]): Quantity | undefined {
  try {
    return quantityFromJSON(value);
  } catch (err) {
    errors.push(invalid(path, value, (err as Error).message));
    return undefined;
  }
}
