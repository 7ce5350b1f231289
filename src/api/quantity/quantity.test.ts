// Ported from upstream quantity_test.go: canonical strings, comparison, arithmetic, Value/MilliValue.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../../util/errors.js';
import { INT64_MAX, INT64_MIN } from './decimal.js';
import { parseQuantity } from './parse.js';
import { Quantity, quantityFromMilli, quantityFromScaled, quantityFromValue } from './quantity.js';
import type { Format } from './suffix.js';

function q(unscaled: bigint | number, exponent: number, format: Format): Quantity {
  return new Quantity({ unscaled: BigInt(unscaled), exponent }, format);
}

const KI = 1024;
const ZERO = q(0, 0, 'DecimalSI');

// TestQuantityString: [quantity, canonical, another spelling that canonicalizes to it]
const STRINGS: [Quantity, string, string?][] = [
  [q(KI ** 3, 0, 'BinarySI'), '1Gi', '1024Mi'],
  [q(300 * KI ** 2, 0, 'BinarySI'), '300Mi', '307200Ki'],
  [q(6 * KI, 0, 'BinarySI'), '6Ki'],
  [q(1001 * KI ** 3, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
  [q(KI ** 4, 0, 'BinarySI'), '1Ti', '1024Gi'],
  [q(5, 0, 'BinarySI'), '5', '5000m'],
  [q(500, -3, 'BinarySI'), '500m', '0.5'],
  [q(1, 9, 'DecimalSI'), '1G', '1000M'],
  [q(1000, 6, 'DecimalSI'), '1G', '0.001T'],
  [q(1000000, 3, 'DecimalSI'), '1G'],
  [q(1000000000, 0, 'DecimalSI'), '1G'],
  [q(1, -3, 'DecimalSI'), '1m', '1000u'],
  [q(80, -3, 'DecimalSI'), '80m'],
  [q(1080, -3, 'DecimalSI'), '1080m', '1.08'],
  [q(108, -2, 'DecimalSI'), '1080m', '1080000000n'],
  [q(10800, -4, 'DecimalSI'), '1080m'],
  [q(300, 6, 'DecimalSI'), '300M'],
  [q(1, 12, 'DecimalSI'), '1T'],
  [q(1, 18, 'DecimalSI'), '1E'],
  // Past E and Ei there is no suffix: we print exponent notation (upstream v1.32 drops the suffix).
  [q(1, 21, 'DecimalSI'), '1e21', '1000E'],
  [q(5, 21, 'DecimalSI'), '5e21', '5000E'],
  [q(1, 24, 'DecimalSI'), '1e24', '1000000E'],
  [q(1, 70, 'BinarySI'), '10e69'],
  [q(2, 70, 'BinarySI'), '20e69'],
  [q(1, 72, 'BinarySI'), '1e72'],
  [q(1234567, 6, 'DecimalSI'), '1234567M'],
  [q(1234567, -3, 'BinarySI'), '1234567m'],
  [q(3, 3, 'DecimalSI'), '3k'],
  [q(1025, 0, 'BinarySI'), '1025'],
  [q(0, 0, 'DecimalSI'), '0'],
  [q(0, 0, 'BinarySI'), '0'],
  [q(1, 9, 'DecimalExponent'), '1e9', '.001e12'],
  [q(1, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
  [q(1, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
  [q(80, -3, 'DecimalExponent'), '80e-3'],
  [q(300, 6, 'DecimalExponent'), '300e6'],
  [q(1, 12, 'DecimalExponent'), '1e12'],
  [q(1, 3, 'DecimalExponent'), '1e3'],
  [q(3, 3, 'DecimalExponent'), '3e3'],
  [q(0, 0, 'DecimalExponent'), '0', '00'],
  [q(1, -9, 'DecimalSI'), '1n'],
  [q(80, -9, 'DecimalSI'), '80n'],
  [q(1080, -9, 'DecimalSI'), '1080n'],
  [q(108, -8, 'DecimalSI'), '1080n'],
  [q(10800, -10, 'DecimalSI'), '1080n'],
  [q(1, -6, 'DecimalSI'), '1u'],
  [q(80, -6, 'DecimalSI'), '80u'],
  [q(1080, -6, 'DecimalSI'), '1080u'],
];

test('prints the canonical form, which parses back to itself', () => {
  for (const [quantity, canonical, alternate] of STRINGS) {
    assert.equal(quantity.toString(), canonical);
    assert.equal(parseQuantity(canonical).toString(), canonical);
    if (alternate !== undefined) assert.equal(parseQuantity(alternate).toString(), canonical, alternate);
    if (!quantity.isZero()) assert.equal(quantity.neg().toString(), `-${canonical}`);
  }
});

test('prints values without a suffix in exponent notation or in full', () => {
  assert.equal(q(1, -12, 'DecimalSI').toString(), '1e-12'); // TestQuantityStringBelowNano
  assert.equal(q(1, -10, 'DecimalSI').toString(), '100e-12');
  const pastEi = quantityFromValue(2n ** 70n, 'BinarySI'); // TestBinarySIPastEiArithmeticRoundTrip
  assert.equal(pastEi.toString(), '1180591620717411303424');
  assert.equal(parseQuantity(pastEi.toString()).compare(pastEi), 0);
  assert.equal(quantityFromValue(2n ** 63n, 'BinarySI').toString(), '8Ei');
  for (const [value, text] of [[2000, '2000'], [-2000, '-2000']] as const) { // TestBinarySIZeroExponentString
    assert.equal(quantityFromValue(value, 'BinarySI').toString(), text);
  }
});

test('parse then print (TestQuantityParseEmit)', () => {
  const cases = [['1Ki', '1Ki'], ['1Mi', '1Mi'], ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['1000M', '1G'], ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'], ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n']];
  for (const [input, printed] of cases) {
    assert.equal(parseQuantity(`${input}`).toString(), printed);
    assert.equal(parseQuantity(`-${input}`).toString(), `-${printed}`);
  }
});

test('compares across formats and scales', () => {
  for (const [x, y, want] of [['0', '0', 0], ['100m', '50m', 1], ['50m', '100m', -1], ['10000T', '100Gi', 1]] as const) {
    assert.equal(parseQuantity(x).compare(parseQuantity(y)), want, `${x} vs ${y}`);
  }
  const most = INT64_MAX;
  const least = INT64_MIN;
  const e18 = 10n ** 18n;
  const cases: [Quantity, Quantity, number][] = [ // TestQuantityCmpInt64AndDec
    [q(901, -2, 'DecimalSI'), q(901, -2, 'DecimalSI'), 0], [q(90, -1, 'DecimalSI'), q(901, -2, 'DecimalSI'), -1],
    [q(901, -2, 'DecimalSI'), q(900, -2, 'DecimalSI'), 1], [q(0, 0, 'DecimalSI'), q(0, 0, 'DecimalSI'), 0],
    [q(0, 1, 'DecimalSI'), q(0, -1, 'DecimalSI'), 0], [q(0, -1, 'DecimalSI'), q(0, 1, 'DecimalSI'), 0],
    [q(800, -3, 'DecimalSI'), q(1, 0, 'DecimalSI'), -1], [q(800, -3, 'DecimalSI'), q(79, -2, 'DecimalSI'), 1],
    [q(most, 0, 'DecimalSI'), q(1, -1, 'DecimalSI'), 1], [q(most, 1, 'DecimalSI'), q(1, 0, 'DecimalSI'), 1],
    [q(most, 1, 'DecimalSI'), q(1, 1, 'DecimalSI'), 1], [q(most, 1, 'DecimalSI'), q(0, 1, 'DecimalSI'), 1],
    [q(most, -16, 'DecimalSI'), q(1, 3, 'DecimalSI'), -1], [q(least, 0, 'DecimalSI'), q(0, 0, 'DecimalSI'), -1],
    [q(least, -18, 'DecimalSI'), q(-1, 0, 'DecimalSI'), -1], [q(least, -19, 'DecimalSI'), q(-1, 0, 'DecimalSI'), 1],
    [q(e18, -17, 'DecimalSI'), q(1, 1, 'DecimalSI'), 0], [q(e18, -17, 'DecimalSI'), q(-10, 0, 'DecimalSI'), 1],
    [q(-e18, -17, 'DecimalSI'), q(-10, 0, 'DecimalSI'), 0], [q(e18, -17, 'DecimalSI'), q(1, 0, 'DecimalSI'), 1],
    [q(e18 + 1n, -17, 'DecimalSI'), q(1, 1, 'DecimalSI'), 1], [q(e18 - 1n, -17, 'DecimalSI'), q(1, 1, 'DecimalSI'), -1],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(a.compare(b), want, `${a.toString()} vs ${b.toString()}`);
    assert.equal(b.compare(a), -want || 0, `${b.toString()} vs ${a.toString()}`);
  }
});

test('adding or subtracting zero keeps the suffix, whichever side it is on', () => {
  for (const text of ['100m', '1Gi']) {
    const value = parseQuantity(text);
    assert.equal(value.add(parseQuantity('0')).toString(), text);
    assert.equal(parseQuantity('0').add(value).toString(), text);
    assert.equal(value.sub(parseQuantity('0')).toString(), text);
    assert.equal(parseQuantity('0').sub(value).toString(), value.neg().toString());
  }
  assert.equal(parseQuantity('1000m').sub(quantityFromValue(1, 'DecimalSI')).toString(), '0');
});

test('add and sub are exact and keep the left format unless it is zero', () => {
  const add: [Quantity, Quantity, Quantity][] = [ // TestAdd
    [q(10, 0, 'DecimalSI'), q(1, 1, 'DecimalSI'), q(20, 0, 'DecimalSI')],
    [q(10, 0, 'DecimalSI'), q(1, 0, 'BinarySI'), q(11, 0, 'DecimalSI')],
    [q(10, 0, 'BinarySI'), q(1, 0, 'DecimalSI'), q(11, 0, 'BinarySI')],
    [ZERO, q(50, 0, 'DecimalSI'), q(50, 0, 'DecimalSI')],
    [q(50, 0, 'DecimalSI'), ZERO, q(50, 0, 'DecimalSI')],
    [ZERO, ZERO, ZERO],
  ];
  for (const [a, b, want] of add) {
    const got = a.add(b);
    assert.equal(got.compare(want), 0);
    assert.equal(got.format, want.format);
  }
  const sub: [Quantity, Quantity, Quantity][] = [ // TestSub
    [q(10, 0, 'DecimalSI'), q(1, 1, 'DecimalSI'), q(0, 0, 'DecimalSI')],
    [q(10, 0, 'DecimalSI'), q(1, 0, 'BinarySI'), q(9, 0, 'DecimalSI')],
    [q(10, 0, 'BinarySI'), q(1, 0, 'DecimalSI'), q(9, 0, 'BinarySI')],
    [ZERO, q(50, 0, 'DecimalSI'), q(-50, 0, 'DecimalSI')],
    [q(50, 0, 'DecimalSI'), ZERO, q(50, 0, 'DecimalSI')],
    [ZERO, ZERO, ZERO],
  ];
  for (const [a, b, want] of sub) {
    const got = a.sub(b);
    assert.equal(got.compare(want), 0);
    assert.equal(got.format, want.format);
  }
  const mostNegative = q(INT64_MIN, 0, 'DecimalSI'); // TestNegAndSubAtMostNegative
  assert.equal(mostNegative.neg().toString(), '9223372036854775808');
  assert.equal(q(1, 0, 'DecimalSI').sub(mostNegative).toString(), '9223372036854775809');
  assert.equal(q(1, -3, 'DecimalSI').sub(q(INT64_MIN, -3, 'DecimalSI')).toString(), '9223372036854775809m');
  assert.equal(ZERO.sub(q(INT64_MIN, 0, 'BinarySI')).toString(), '8Ei');
  assert.equal(q(1, 1, 'DecimalSI').sub(mostNegative).toString(), '9223372036854775818');
});

test('neg flips the sign only', () => { // TestQuantityNeg, TestNeg
  assert.equal(q(901, -2, 'DecimalSI').neg().toString(), '-9010m');
  assert.equal(ZERO.neg().toString(), '0');
  assert.equal(q(10, 0, 'BinarySI').neg().compare(q(-10, 0, 'BinarySI')), 0);
  assert.equal(q(-10, 0, 'BinarySI').neg().compare(q(10, 0, 'BinarySI')), 0);
});

/** Deterministic non-negative 63-bit integers (xorshift64). */
function int63s(count: number): bigint[] {
  const mask = (1n << 64n) - 1n;
  let x = 0x9e3779b97f4a7c15n;
  return Array.from({ length: count }, () => {
    x ^= (x << 13n) & mask;
    x ^= x >> 7n;
    x ^= (x << 17n) & mask;
    return x >> 1n;
  });
}

test('sums and double negations cancel exactly (TestAddSubRoundTrip*, TestNegateRoundTrip)', () => {
  for (let scale = -10; scale <= 10; scale++) {
    const values = int63s(100);
    let sum = ZERO;
    for (const v of values) sum = sum.add(quantityFromScaled(v, scale, 'DecimalSI'));
    for (const v of values) sum = sum.sub(quantityFromScaled(v, scale, 'DecimalSI'));
    assert.ok(sum.isZero());
    for (const v of values) { // TestNegateRoundTrip
      const x = quantityFromScaled(v, scale, 'DecimalSI');
      assert.equal(x.neg().neg().compare(x), 0);
    }
  }
  const values = int63s(100);
  let sum = ZERO;
  for (const v of values) sum = sum.add(quantityFromScaled(v, Number(v % 20n) - 10, 'DecimalSI'));
  for (const v of values) sum = sum.sub(quantityFromScaled(v, Number(v % 20n) - 10, 'DecimalSI'));
  assert.ok(sum.isZero());
});

test('refuses to align exponents too far apart to add exactly', () => {
  assert.throws(() => parseQuantity('1e2000000000').add(parseQuantity('1')), BadRequestError);
  assert.equal(parseQuantity('1e2000000000').add(ZERO).toString(), '100e1999999998');
  assert.equal(parseQuantity('1e900').add(parseQuantity('1n')).compare(parseQuantity('1e900')), 1);
});

test('quantityFromMilli, quantityFromValue and quantityFromScaled (TestMilliNewSet, TestNewSet, TestNewScaledSet)', () => {
  const milli: [number, Format, string, boolean][] = [
    [1, 'DecimalSI', '1m', true], [1000, 'DecimalSI', '1', true], [1234000, 'DecimalSI', '1234', true],
    [1024, 'BinarySI', '1024m', false], [1024 * 1024, 'BinarySI', '1048576m', false], [1000000, 'DecimalExponent', '1e3', true],
  ];
  for (const [value, format, text, exact] of milli) {
    assert.equal(quantityFromMilli(value, format).toString(), text);
    if (exact) assert.equal(parseQuantity(text).milliValue(), BigInt(value));
  }
  const whole: [number, Format, string][] = [[1, 'DecimalSI', '1'], [1000, 'DecimalSI', '1k'], [1234000, 'DecimalSI', '1234k'],
    [1024, 'BinarySI', '1Ki'], [1000000, 'DecimalExponent', '1e6'], [1024 * 1024, 'BinarySI', '1Mi']];
  for (const [value, format, text] of whole) {
    assert.equal(quantityFromValue(value, format).toString(), text);
    assert.equal(parseQuantity(text).value(), BigInt(value));
  }
  const scaled: [number, number, string][] = [[1, -9, '1n'], [1000, -9, '1u'], [1, -6, '1u'], [1000, -6, '1m'], [1, -3, '1m'],
    [1000, -3, '1'], [1, 0, '1'], [0, -9, '0'], [0, -6, '0'], [0, -3, '0'], [0, 0, '0']];
  for (const [value, scale, text] of scaled) assert.equal(quantityFromScaled(value, scale, 'DecimalSI').toString(), text);
  assert.throws(() => quantityFromValue(1.5, 'DecimalSI'));
});

test('value and milliValue round away from zero and clamp to int64', () => {
  const cases: [string, bigint, bigint][] = [ // TestNegativeValueRoundsAwayFromZero
    ['-.484785E-7466', -1n, -1n], ['.484785E-7466', 1n, 1n], ['-.484785E-1', -1n, -49n], ['.484785E-1', 1n, 49n],
    ['-0.0005', -1n, -1n], ['0.0005', 1n, 1n], ['-1500m', -2n, -1500n], ['1500m', 2n, 1500n],
    ['-9.5000000001Gi', -10200547329n, -10200547328108n], ['9.5000000001Gi', 10200547329n, 10200547328108n],
    ['-1', -1n, -1000n], ['1', 1n, 1000n], ['0', 0n, 0n],
    ['9223372036854775807', INT64_MAX, INT64_MAX], ['12E', INT64_MAX, INT64_MAX], ['-12E', INT64_MIN, INT64_MIN],
    ['9223372036854775807m', 9223372036854776n, INT64_MAX], ['1Ei', 2n ** 60n, INT64_MAX],
  ];
  for (const [input, value, milli] of cases) {
    const quantity = parseQuantity(input);
    assert.equal(quantity.value(), value, `${input}.value()`);
    assert.equal(quantity.milliValue(), milli, `${input}.milliValue()`);
  }
  const scales: [number, number, bigint][] = [[-9, -3, 1n], [-6, -3, 1n], [-3, -3, 1n], [0, -3, 1000n], [-3, 0, 1n], [2, 0, 100n]];
  for (const [from, to, want] of scales) { // TestScaledValue (the scales we expose)
    const quantity = quantityFromScaled(1, from, 'DecimalSI');
    assert.equal(to === 0 ? quantity.value() : quantity.milliValue(), want);
  }
});

test('serializes to JSON as its canonical string', () => {
  assert.equal(JSON.stringify({ cpu: parseQuantity('0.5'), memory: parseQuantity('1024Mi') }), '{"cpu":"500m","memory":"1Gi"}');
});
