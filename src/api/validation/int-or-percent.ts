/**
 * IntOrString fields holding a count or a percentage (maxSurge, maxUnavailable), validated as
 * upstream's apps validation (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent,
 * getIntOrPercentValue) with its messages.
 */
import { invalid, type FieldError } from '../field-errors.js';
import { regexError } from './names.js';
import { nonNegative } from './numbers.js';

const PERCENT = /^[0-9]+%$/;
const PERCENT_ERROR = regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%');

export type IntOrPercent = number | string | undefined | null;

/** The percentage a valid `N%` string holds, or undefined. */
export function percentValue(value: IntOrPercent): number | undefined {
  return typeof value === 'string' && PERCENT.test(value) ? Number(value.slice(0, -1)) : undefined;
}

/** The number an int or a valid percentage holds (upstream treats other strings as 0). */
export function intOrPercentValue(value: IntOrPercent): number {
  if (typeof value === 'number') return value;
  return percentValue(value) ?? 0;
}

export function validatePositiveIntOrPercent(value: IntOrPercent, path: string): FieldError[] {
  if (typeof value === 'string') return PERCENT.test(value) ? [] : [invalid(path, value, PERCENT_ERROR)];
  if (typeof value === 'number') return nonNegative(value, path);
  return [];
}

export function isNotMoreThan100Percent(value: IntOrPercent, path: string): FieldError[] {
  const percent = percentValue(value);
  return percent === undefined || percent <= 100 ? [] : [invalid(path, value, 'must not be greater than 100%')];
}
