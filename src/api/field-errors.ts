/**
 * Field-level validation errors, shaped like k8s.io/apimachinery/pkg/util/validation/field.Error
 * (v1.32): a machine-readable type (the `reason` of a Status cause), the field path, the bad value
 * and a human detail. `fieldErrorBody` / `fieldErrorMessage` / `aggregateMessage` produce
 * upstream's exact text, e.g.
 * `metadata.labels: Invalid value: "-x": name part must consist of alphanumeric characters, …`.
 */
import { goQuote } from './validation/go-quote.js';

/** field.ErrorType values, as sent in `Status.details.causes[].reason`. */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path with `[i]`/`[key]` subscripts, e.g. `spec.selector.matchExpressions[0].key`. */
  readonly field: string;
  /** The offending value; shown in the message unless the type omits it (see fieldErrorBody). */
  readonly value: unknown;
  readonly detail: string;
}

/**
 * A bad value printed verbatim, for Go values JSON cannot express, such as the nil slice
 * `[]string(nil)` that upstream prints for a requirement without values.
 */
export class GoSyntax {
  constructor(readonly text: string) {}
}

/** A bad value that is never printed (upstream's omitValue). */
export const OMIT_VALUE = new GoSyntax('');

const TYPE_TEXT: Readonly<Record<FieldErrorType, string>> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Types whose message never shows the value. */
const VALUE_HIDDEN: ReadonlySet<FieldErrorType> = new Set([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
  'InternalError',
]);

// Field paths: upstream's Path.Child / Index / Key on strings ('' is the root).
export function childPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}
export function keyPath(path: string, key: string): string {
  return `${path}[${key}]`;
}

// Constructors, one per upstream helper (field.Invalid, field.Required, …).
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}
export function required(field: string, detail: string): FieldError {
  return { type: 'FieldValueRequired', field, value: '', detail };
}
export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, value: '', detail };
}
export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value, detail: '' };
}
export function notSupported(field: string, value: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length > 0 ? `supported values: ${validValues.map(goQuote).join(', ')}` : '';
  return { type: 'FieldValueNotSupported', field, value, detail };
}
/** `maxLength` < 0 means "no limit to report". */
export function tooLong(field: string, value: unknown, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `must have at most ${maxLength} bytes` : 'value is too long';
  return { type: 'FieldValueTooLong', field, value, detail };
}
/** Negative quantities mean "unknown": the actual count is then omitted, the limit unstated. */
export function tooMany(field: string, actualQuantity: number, maxQuantity: number): FieldError {
  const detail = maxQuantity >= 0 ? `must have at most ${maxQuantity} items` : 'has too many items';
  return { type: 'FieldValueTooMany', field, value: actualQuantity >= 0 ? actualQuantity : OMIT_VALUE, detail };
}

/** upstream Error.ErrorBody: the message without the field, as put in a Status cause. */
export function fieldErrorBody(e: FieldError): string {
  const text = TYPE_TEXT[e.type];
  let body = VALUE_HIDDEN.has(e.type) || e.value === OMIT_VALUE ? text : `${text}: ${formatValue(e.value)}`;
  if (e.detail !== '') body += `: ${e.detail}`;
  return body;
}

/** upstream Error.Error: `field: body`. */
export function fieldErrorMessage(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/**
 * upstream ErrorList.ToAggregate().Error(): one message as is, several (deduplicated, in order)
 * as `[m1, m2]`; '' for none.
 */
export function aggregateMessage(errors: readonly FieldError[]): string {
  const messages = [...new Set(errors.map(fieldErrorMessage))];
  if (messages.length <= 1) return messages[0] ?? '';
  return `[${messages.join(', ')}]`;
}

/** The bad value as Go's %q / %v / %#v would print it for the types kts passes. */
function formatValue(value: unknown): string {
  if (value instanceof GoSyntax) return value.text;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return `[]string{${value.map(goQuote).join(', ')}}`;
  }
  return JSON.stringify(value);
}
