/**
 * The three quantity formats and their suffixes (upstream suffix.go): reading a suffix into a
 * base, exponent and format, and writing the suffix for a canonical exponent.
 */

/** How a quantity is written; a parsed quantity keeps the format of its suffix. */
export type Format = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export interface Suffix {
  readonly base: 2 | 10;
  readonly exponent: number;
  readonly format: Format;
}

const DECIMAL_SI = new Map<string, number>([
  ['n', -9], ['u', -6], ['m', -3], ['', 0], ['k', 3], ['M', 6], ['G', 9], ['T', 12], ['P', 15], ['E', 18],
]);
const BINARY_SI = new Map<string, number>([['Ki', 10], ['Mi', 20], ['Gi', 30], ['Ti', 40], ['Pi', 50], ['Ei', 60]]);

const DECIMAL_SI_BY_EXPONENT = new Map([...DECIMAL_SI].map(([s, e]) => [e, s]));
const BINARY_SI_BY_EXPONENT = new Map([...BINARY_SI].map(([s, e]) => [e, s]));

/** Exponents of "e<n>" suffixes must fit upstream's int32 scale and its negation. */
const MAX_EXPONENT = 2 ** 31 - 1;

/** The meaning of a suffix, or undefined when it is not one (upstream ErrSuffix). */
export function interpretSuffix(suffix: string): Suffix | undefined {
  const decimal = DECIMAL_SI.get(suffix);
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SI.get(suffix);
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1)) || 0; // "e-0" is 0, not -0
    if (Math.abs(exponent) <= MAX_EXPONENT) return { base: 10, exponent, format: 'DecimalExponent' };
  }
  return undefined;
}

/**
 * The suffix for `mantissa × 10^exponent` (exponent a multiple of 3). DecimalSI falls back to
 * "e<exponent>" outside n..E, where upstream v1.32 drops the suffix (printing 1000E as "1").
 */
export function decimalSuffix(exponent: number, format: 'DecimalSI' | 'DecimalExponent'): string {
  if (format === 'DecimalSI') {
    const si = DECIMAL_SI_BY_EXPONENT.get(exponent);
    if (si !== undefined) return si;
  }
  return exponent === 0 ? '' : `e${exponent}`;
}

/** The suffix for `mantissa × 1024^power`, or undefined past Ei. */
export function binarySuffix(power: number): string | undefined {
  return power === 0 ? '' : BINARY_SI_BY_EXPONENT.get(power * 10);
}
