/**
 * Parsing quantities exactly as upstream ParseQuantity:
 *   <quantity> ::= <sign>? <digits>? ("." <digits>?)? <suffix>
 *   <suffix>   ::= "" | n u m k M G T P E | Ki Mi Gi Ti Pi Ei | (e|E) <sign>? <digits>
 * with upstream's leniency kept ("1.", ".", "Ki" and "-" parse; "." and "Ki" are zero).
 * Values are rounded away from zero to whole nanos; BinarySI values are capped at 2^63-1 in
 * magnitude and become DecimalSI when strictly between 0 and 1.
 */
import { BadRequestError } from '../../util/errors.js';
import { absDecimal, compareDecimal, INT64_MAX, roundAwayFromZero, type Decimal } from './decimal.js';
import { Quantity } from './quantity.js';
import { interpretSuffix, type Suffix } from './suffix.js';

/** Upstream's error texts (ErrFormatWrong, ErrSuffix, ErrNumeric). */
export const ERR_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const ERR_SUFFIX = "unable to parse quantity's suffix";
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';

const SUFFIX_LETTERS = 'eEinumkKMGTP';
const NANO = -9;

interface Parts {
  readonly positive: boolean;
  /** Integer digits without leading zeros ("0" when none are left). */
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
  /** Whether the number part has a digit at all (upstream's slow path rejects "." alone). */
  readonly hasDigits: boolean;
}

/** Parses `text`; throws BadRequestError with upstream's message when it is not a quantity. */
export function parseQuantity(text: string): Quantity {
  if (text.length === 0) throw new BadRequestError(ERR_FORMAT_WRONG);
  if (text === '0') return new Quantity({ unscaled: 0n, exponent: 0 }, 'DecimalSI', text);
  const parts = scan(text);
  const suffix = interpretSuffix(parts.suffix);
  if (suffix === undefined) throw new BadRequestError(ERR_SUFFIX);
  const fast = takesFastPath(parts, suffix);
  if (!fast && !parts.hasDigits) throw new BadRequestError(ERR_NUMERIC);

  const digits = BigInt(parts.num + parts.denom) * (parts.positive ? 1n : -1n);
  let amount: Decimal = suffix.base === 10
    ? { unscaled: digits, exponent: suffix.exponent - parts.denom.length }
    : { unscaled: digits << BigInt(suffix.exponent), exponent: -parts.denom.length };
  amount = roundAwayFromZero(amount, NANO);
  let format = suffix.format;
  if (format === 'BinarySI') {
    const magnitude = absDecimal(amount);
    if (compareDecimal(magnitude, { unscaled: INT64_MAX, exponent: 0 }) > 0) {
      amount = { unscaled: amount.unscaled < 0n ? -INT64_MAX : INT64_MAX, exponent: 0 };
    } else if (magnitude.unscaled !== 0n && compareDecimal(magnitude, { unscaled: 1n, exponent: 0 }) < 0) {
      format = 'DecimalSI';
    }
  }
  return new Quantity(amount, format, fast && keepsText(parts, suffix) ? text : undefined);
}

/** Upstream parseQuantityString: splits sign, digits and suffix; throws on anything else. */
function scan(text: string): Parts {
  const end = text.length;
  let pos = 0;
  const positive = text[0] !== '-';
  if (text[0] === '-' || text[0] === '+') pos++;
  while (pos < end && text[pos] === '0') pos++;
  if (pos === end) return { positive, num: '0', denom: '', suffix: '', hasDigits: true };

  const numStart = pos;
  while (pos < end && isDigit(text.charAt(pos))) pos++;
  const num = text.slice(numStart, pos) || '0';
  let denom = '';
  if (text[pos] === '.') {
    const denomStart = ++pos;
    while (pos < end && isDigit(text.charAt(pos))) pos++;
    denom = text.slice(denomStart, pos);
  }
  const hasDigits = /[0-9]/.test(text.slice(0, pos));

  const suffixStart = pos;
  while (pos < end && SUFFIX_LETTERS.includes(text.charAt(pos))) pos++;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (pos < end && isDigit(text.charAt(pos))) pos++;
  if (pos < end) throw new BadRequestError(ERR_FORMAT_WRONG);
  return { positive, num, denom, suffix: text.slice(suffixStart), hasDigits };
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Whether upstream takes its int64 fast path (the value is exact there, so only the text differs). */
function takesFastPath(parts: Parts, suffix: Suffix): boolean {
  if (suffix.base === 2) {
    // upstream's precision estimate: 15 - len(num) - exponent*3/10 - 1 >= 0
    return parts.denom === '' && 14 - parts.num.length - (suffix.exponent * 3) / 10 >= 0;
  }
  return parts.num.length + parts.denom.length <= 18 && suffix.exponent - parts.denom.length >= NANO;
}

/** Whether upstream's fast path keeps the input as the string it prints ("1.500" stays "1.500"). */
function keepsText(parts: Parts, suffix: Suffix): boolean {
  const shifted = parts.num + parts.denom;
  if (suffix.base === 2) return Number(shifted) % 8 !== 0;
  return (suffix.exponent - parts.denom.length) % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}
