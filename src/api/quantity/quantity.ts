/**
 * Kubernetes `resource.Quantity` (k8s.io/apimachinery/pkg/api/resource): an exact decimal and the
 * format it is written in, serialized as upstream's canonical string. Immutable.
 *
 * Written here rather than taken from a library: the JavaScript clients' quantity helpers use
 * floating point, and the API server must reproduce upstream's canonical strings exactly.
 */
import { BugError } from '../../util/errors.js';
import {
  absDecimal, addDecimal, compareDecimal, negateDecimal, pow10, roundAwayFromZero, scaledInt64, sign, stripTrailingZeros,
  type Decimal,
} from './decimal.js';
import { binarySuffix, decimalSuffix, type Format } from './suffix.js';

export class Quantity {
  #text: string | undefined;

  /**
   * Prefer parseQuantity and the quantityFrom* helpers. `text`, when given, is what toString()
   * returns instead of the canonical form; the parser passes its input where upstream keeps it.
   */
  constructor(
    readonly amount: Decimal,
    readonly format: Format,
    text?: string,
  ) {
    this.#text = text;
  }

  /**
   * The canonical form (upstream CanonicalizeBytes): the format of the quantity, no fractional
   * digits, the largest suffix that keeps the mantissa an integer ("1.5Gi" → "1536Mi",
   * "0.1" → "100m"). BinarySI values under 1024 in magnitude or not integral print as DecimalSI.
   */
  toString(): string {
    this.#text ??= canonicalString(this.amount, this.format);
    return this.#text;
  }

  /** Kubernetes serializes quantities as their string. */
  toJSON(): string {
    return this.toString();
  }

  isZero(): boolean {
    return this.amount.unscaled === 0n;
  }

  sign(): -1 | 0 | 1 {
    return sign(this.amount);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than `other`, whatever the formats. */
  compare(other: Quantity): -1 | 0 | 1 {
    return compareDecimal(this.amount, other.amount);
  }

  /** The exact sum, in this format unless this is zero (then in other's), as upstream Add. */
  add(other: Quantity): Quantity {
    return new Quantity(addDecimal(this.amount, other.amount), this.isZero() ? other.format : this.format);
  }

  /** The exact difference, formatted as `add`. */
  sub(other: Quantity): Quantity {
    return new Quantity(addDecimal(this.amount, negateDecimal(other.amount)), this.isZero() ? other.format : this.format);
  }

  neg(): Quantity {
    return new Quantity(negateDecimal(this.amount), this.format);
  }

  /** The value rounded to an integer away from zero ("1500m" → 2, "-1500m" → -2), clamped to int64. */
  value(): bigint {
    return scaledInt64(this.amount, 0);
  }

  /** The value in thousandths rounded away from zero ("0.0005" → 1), clamped to int64. */
  milliValue(): bigint {
    return scaledInt64(this.amount, -3);
  }
}

/** `value × 10^scale` (upstream NewScaledQuantity, with any format). */
export function quantityFromScaled(value: bigint | number, scale: number, format: Format): Quantity {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new BugError(`quantity value ${value} is not a safe integer`);
  if (!Number.isSafeInteger(scale)) throw new BugError(`quantity scale ${scale} is not a safe integer`);
  return new Quantity({ unscaled: BigInt(value), exponent: scale }, format);
}

/** `value` (upstream NewQuantity). */
export function quantityFromValue(value: bigint | number, format: Format): Quantity {
  return quantityFromScaled(value, 0, format);
}

/** `value / 1000` (upstream NewMilliQuantity). */
export function quantityFromMilli(value: bigint | number, format: Format): Quantity {
  return quantityFromScaled(value, -3, format);
}

function canonicalString(amount: Decimal, format: Format): string {
  if (amount.unscaled === 0n) return '0';
  const binary = format === 'BinarySI' ? binaryString(amount) : undefined;
  if (binary !== undefined) return binary;
  const { unscaled, exponent } = stripTrailingZeros(amount);
  const down = ((exponent % 3) + 3) % 3; // lower the exponent to a multiple of 3
  const suffix = decimalSuffix(exponent - down, format === 'DecimalExponent' ? 'DecimalExponent' : 'DecimalSI');
  return `${unscaled * pow10(down)}${suffix}`;
}

/**
 * The BinarySI form, or undefined where upstream falls back to DecimalSI (magnitude under 1024, or
 * not an integer) and where no suffix fits (past Ei, which upstream v1.32 prints without a suffix).
 */
function binaryString(amount: Decimal): string | undefined {
  if (compareDecimal(absDecimal(amount), { unscaled: 1024n, exponent: 0 }) < 0) return undefined;
  if (amount.exponent >= 70) return undefined; // a multiple of 10^70 = 2^70 × 5^70 is past Ei
  const integer = roundAwayFromZero(amount, 0);
  if (compareDecimal(integer, amount) !== 0) return undefined;
  let mantissa = integer.unscaled * pow10(integer.exponent);
  let power = 0;
  while (mantissa % 1024n === 0n) {
    mantissa /= 1024n;
    power++;
  }
  const suffix = binarySuffix(power);
  return suffix === undefined ? undefined : `${mantissa}${suffix}`;
}
