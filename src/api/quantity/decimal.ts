/**
 * Exact decimal numbers for quantities: `unscaled × 10^exponent`, the role upstream gives to
 * `inf.Dec` (whose "scale" is our `-exponent`). All arithmetic is on BigInt; nothing here ever uses
 * floating point. Values are not normalized: `{10n, 0}` and `{1n, 1}` are the same number.
 *
 * Contract on cost: no function materializes more digits than its operands have (or than int64
 * has), except `addDecimal`, which refuses (BadRequestError) to align exponents more than
 * `MAX_ALIGNMENT` apart — so a hostile "1e2000000000" is parsed, compared and printed cheaply.
 */
import { BadRequestError } from '../../util/errors.js';

export interface Decimal {
  readonly unscaled: bigint;
  readonly exponent: number;
}

/** The widest exponent gap `addDecimal` aligns (an exact sum would need this many more digits). */
const MAX_ALIGNMENT = 1000;

export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);

export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

export function sign(d: Decimal): -1 | 0 | 1 {
  return d.unscaled === 0n ? 0 : d.unscaled < 0n ? -1 : 1;
}

/** Decimal digits of |n| (0 has none). */
function digitCount(n: bigint): number {
  return n === 0n ? 0 : (n < 0n ? -n : n).toString().length;
}

/** For non-zero d: the m with 10^(m-1) <= |d| < 10^m. */
function magnitude(d: Decimal): number {
  return digitCount(d.unscaled) + d.exponent;
}

/** -1, 0 or 1 as a < b, a == b, a > b. Aligns exponents only when the magnitudes are equal. */
export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const sa = sign(a);
  const sb = sign(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const ma = magnitude(a);
  const mb = magnitude(b);
  if (ma !== mb) return (ma < mb ? -sa : sa) as -1 | 1;
  const e = Math.min(a.exponent, b.exponent);
  const ua = a.unscaled * pow10(a.exponent - e);
  const ub = b.unscaled * pow10(b.exponent - e);
  return ua === ub ? 0 : ua < ub ? -1 : 1;
}

/** The exact sum; throws BadRequestError when the exponents are more than MAX_ALIGNMENT apart. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  if (b.unscaled === 0n) return a;
  if (a.unscaled === 0n) return b;
  const e = Math.min(a.exponent, b.exponent);
  if (Math.max(a.exponent, b.exponent) - e > MAX_ALIGNMENT) {
    throw new BadRequestError(`quantities differ by more than 10^${MAX_ALIGNMENT} and cannot be added exactly`);
  }
  return { unscaled: a.unscaled * pow10(a.exponent - e) + b.unscaled * pow10(b.exponent - e), exponent: e };
}

export function negateDecimal(d: Decimal): Decimal {
  return { unscaled: -d.unscaled, exponent: d.exponent };
}

export function absDecimal(d: Decimal): Decimal {
  return d.unscaled < 0n ? negateDecimal(d) : d;
}

/**
 * d with at least `exponent` (no digits below 10^exponent), rounding away from zero when digits
 * are dropped — upstream's `inf.RoundUp`. A non-zero d never rounds to zero.
 */
export function roundAwayFromZero(d: Decimal, exponent: number): Decimal {
  const drop = exponent - d.exponent;
  if (drop <= 0 || d.unscaled === 0n) return d;
  const s = BigInt(sign(d));
  if (drop > digitCount(d.unscaled)) return { unscaled: s, exponent };
  const divisor = pow10(drop);
  const quotient = d.unscaled / divisor;
  return { unscaled: d.unscaled % divisor === 0n ? quotient : quotient + s, exponent };
}

/** d / 10^scale rounded to an integer away from zero, saturated to the int64 range. */
export function scaledInt64(d: Decimal, scale: number): bigint {
  if (d.unscaled === 0n) return 0n;
  const r = roundAwayFromZero(d, scale);
  // More than 19 digits always exceed int64; checking first keeps huge exponents unmaterialized.
  if (magnitude(r) - scale > 19) return r.unscaled < 0n ? INT64_MIN : INT64_MAX;
  const v = r.unscaled * pow10(r.exponent - scale);
  return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : v;
}

/** d with its trailing decimal zeros moved into the exponent (0 stays `{0n, 0}`). */
export function stripTrailingZeros(d: Decimal): Decimal {
  if (d.unscaled === 0n) return { unscaled: 0n, exponent: 0 };
  const text = d.unscaled.toString();
  let zeros = 0;
  while (text[text.length - 1 - zeros] === '0') zeros++;
  if (zeros === 0) return d;
  return { unscaled: BigInt(text.slice(0, -zeros)), exponent: d.exponent + zeros };
}
