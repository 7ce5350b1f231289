// Ported from upstream quantity_test.go (TestQuantityParse, TestParseQuantity, TestQuantityParseZero,
// TestQuantityParseNonNumericPanic) plus the fast-path behaviours read from quantity.go.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../../util/errors.js';
import { INT64_MAX } from './decimal.js';
import { ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX, parseQuantity } from './parse.js';
import { Quantity } from './quantity.js';
import type { Format } from './suffix.js';

function q(unscaled: bigint | number, exponent: number, format: Format): Quantity {
  return new Quantity({ unscaled: BigInt(unscaled), exponent }, format);
}

const KI = 1024n;
const PARSED: [string, Quantity][] = [
  ['0', q(0, 0, 'DecimalSI')], ['0n', q(0, 0, 'DecimalSI')], ['0u', q(0, 0, 'DecimalSI')], ['0m', q(0, 0, 'DecimalSI')],
  ['0Ki', q(0, 0, 'BinarySI')], ['0k', q(0, 0, 'DecimalSI')], ['0Mi', q(0, 0, 'BinarySI')], ['0M', q(0, 0, 'DecimalSI')],
  ['0Gi', q(0, 0, 'BinarySI')], ['0G', q(0, 0, 'DecimalSI')], ['0Ti', q(0, 0, 'BinarySI')], ['0T', q(0, 0, 'DecimalSI')],
  // Quantity less numbers are allowed
  ['1', q(1, 0, 'DecimalSI')],
  // Binary suffixes
  ['1Ki', q(KI, 0, 'BinarySI')], ['8Ki', q(8n * KI, 0, 'BinarySI')], ['7Mi', q(7n * KI ** 2n, 0, 'BinarySI')],
  ['6Gi', q(6n * KI ** 3n, 0, 'BinarySI')], ['5Ti', q(5n * KI ** 4n, 0, 'BinarySI')], ['4Pi', q(4n * KI ** 5n, 0, 'BinarySI')],
  ['3Ei', q(3n * KI ** 6n, 0, 'BinarySI')], ['10Ti', q(10n * KI ** 4n, 0, 'BinarySI')], ['100Ti', q(100n * KI ** 4n, 0, 'BinarySI')],
  // Decimal suffixes
  ['5n', q(5, -9, 'DecimalSI')], ['4u', q(4, -6, 'DecimalSI')], ['3m', q(3, -3, 'DecimalSI')], ['9', q(9, 0, 'DecimalSI')],
  ['8k', q(8, 3, 'DecimalSI')], ['50k', q(5, 4, 'DecimalSI')], ['7M', q(7, 6, 'DecimalSI')], ['6G', q(6, 9, 'DecimalSI')],
  ['5T', q(5, 12, 'DecimalSI')], ['40T', q(4, 13, 'DecimalSI')], ['300T', q(3, 14, 'DecimalSI')], ['2P', q(2, 15, 'DecimalSI')],
  ['1E', q(1, 18, 'DecimalSI')],
  // Decimal exponents
  ['1E-3', q(1, -3, 'DecimalExponent')], ['1e3', q(1, 3, 'DecimalExponent')], ['1E6', q(1, 6, 'DecimalExponent')],
  ['1e9', q(1, 9, 'DecimalExponent')], ['1E12', q(1, 12, 'DecimalExponent')], ['1e15', q(1, 15, 'DecimalExponent')],
  ['1E18', q(1, 18, 'DecimalExponent')],
  // Nonstandard but still parsable
  ['1e14', q(1, 14, 'DecimalExponent')], ['1e13', q(1, 13, 'DecimalExponent')], ['100.035k', q(100035, 0, 'DecimalSI')],
  // Things that look like floating point
  ['0.001', q(1, -3, 'DecimalSI')], ['0.0005k', q(5, -1, 'DecimalSI')], ['0.005', q(5, -3, 'DecimalSI')],
  ['0.05', q(5, -2, 'DecimalSI')], ['0.5', q(5, -1, 'DecimalSI')], ['0.00050k', q(5, -1, 'DecimalSI')],
  ['0.00500', q(5, -3, 'DecimalSI')], ['0.05000', q(5, -2, 'DecimalSI')], ['0.50000', q(5, -1, 'DecimalSI')],
  ['0.5e0', q(5, -1, 'DecimalExponent')], ['0.5e-1', q(5, -2, 'DecimalExponent')], ['0.5e-2', q(5, -3, 'DecimalExponent')],
  ['10.035M', q(10035, 3, 'DecimalSI')],
  ['1.2e3', q(12, 2, 'DecimalExponent')], ['1.3E+6', q(13, 5, 'DecimalExponent')], ['1.40e9', q(14, 8, 'DecimalExponent')],
  ['1.53E12', q(153, 10, 'DecimalExponent')], ['1.6e15', q(16, 14, 'DecimalExponent')], ['1.7E18', q(17, 17, 'DecimalExponent')],
  ['9.01', q(901, -2, 'DecimalSI')], ['8.1k', q(81, 2, 'DecimalSI')], ['7.123456M', q(7123456, 0, 'DecimalSI')],
  ['6.987654321G', q(6987654321, 0, 'DecimalSI')], ['5.444T', q(5444, 9, 'DecimalSI')], ['40.1T', q(401, 11, 'DecimalSI')],
  ['300.2T', q(3002, 11, 'DecimalSI')], ['2.5P', q(25, 14, 'DecimalSI')], ['1.01E', q(101, 16, 'DecimalSI')],
  // Things that saturate/round
  ['3.001n', q(4, -9, 'DecimalSI')], ['1.1E-9', q(2, -9, 'DecimalExponent')], ['0.0000000001', q(1, -9, 'DecimalSI')],
  ['0.0000000005', q(1, -9, 'DecimalSI')], ['0.00000000050', q(1, -9, 'DecimalSI')], ['0.5e-9', q(1, -9, 'DecimalExponent')],
  ['0.9n', q(1, -9, 'DecimalSI')], ['0.00000012345', q(124, -9, 'DecimalSI')], ['0.00000012354', q(124, -9, 'DecimalSI')],
  ['9Ei', q(INT64_MAX, 0, 'BinarySI')], ['9223372036854775807Ki', q(INT64_MAX, 0, 'BinarySI')], ['12E', q(12, 18, 'DecimalSI')],
  // We'll accept fractional binary stuff, too.
  ['100.035Ki', q(10243584, -2, 'BinarySI')], ['0.5Mi', q(524288, 0, 'BinarySI')], ['0.05Gi', q(536870912, -1, 'BinarySI')],
  ['0.025Ti', q(274877906944, -1, 'BinarySI')],
  // Things written by trolls
  ['0.000000000001Ki', q(2, -9, 'DecimalSI')], // rounds up, changes format
  ['.001', q(1, -3, 'DecimalSI')], ['.0001k', q(100, -3, 'DecimalSI')], ['1.', q(1, 0, 'DecimalSI')], ['1.G', q(1, 9, 'DecimalSI')],
];

test('parses values and formats, with either sign', () => {
  for (const [input, want] of PARSED) {
    for (const [prefix, expected] of [['', want], ['+', want], ['-', want.neg()]] as const) {
      const got = parseQuantity(prefix + input);
      assert.equal(got.compare(expected), 0, `${prefix}${input}: got ${got.toString()}, want ${expected.toString()}`);
      assert.equal(got.format, expected.format, `${prefix}${input}`);
    }
  }
  assert.equal(parseQuantity('0').toString(), '0');
});

test('rejects malformed quantities with a BadRequestError', () => {
  const invalid = ['', 'Non-Numeric', '1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-',
    '1e4294967297', ' 1', '1 ', '1K', '1e', 'ki', '1e1.5', '1\u00a0'];
  for (const input of invalid) assert.throws(() => parseQuantity(input), BadRequestError, JSON.stringify(input));
});

test('errors carry upstream messages', () => {
  const cases: [string, string][] = [
    ['', ERR_FORMAT_WRONG], ['aoeu', ERR_FORMAT_WRONG], ['1 ', ERR_FORMAT_WRONG], ['1+1.0M', ERR_FORMAT_WRONG],
    ['0.1mi', ERR_SUFFIX], ['1i', ERR_SUFFIX], ['-3.01e-', ERR_SUFFIX],
    // the slow path (below nano, or Pi and Ei) needs a digit; the fast path reads "." as 0
    ['.e-10', ERR_NUMERIC], ['.Ei', ERR_NUMERIC],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => parseQuantity(input), (err: Error) => err instanceof BadRequestError && err.message === message, input);
  }
  assert.equal(ERR_FORMAT_WRONG, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
});

test('keeps the input text where upstream fast path does, otherwise prints the canonical form', () => {
  const cases: [string, string][] = [
    ['+1', '+1'], ['01', '01'], ['1.500', '1.500'], ['1E3', '1E3'], ['1e+3', '1e+3'], ['1.G', '1.G'], ['100m', '100m'],
    ['+1Ti', '+1Ti'], ['007Ki', '007Ki'], ['1025Ki', '1025Ki'],
    ['+1Pi', '1Pi'], ['1.0', '1'], ['1.000', '1'], ['1000m', '1'], ['0.5', '500m'], ['1.5k', '1500'], ['8Ki', '8Ki'],
    ['1024Ki', '1Mi'], ['1024Mi', '1Gi'], ['1.5Gi', '1536Mi'], ['100e6', '100e6'], ['1e100', '10e99'],
    ['.', '0'], ['-.', '0'], ['Ki', '0'], ['m', '0'], ['-', '0'], ['+', '0'], ['-0', '0'], ['00', '0'], ['0.0Ki', '0'],
  ];
  for (const [input, printed] of cases) assert.equal(parseQuantity(input).toString(), printed, input);
});

// TestParseQuantity: int64 boundaries; [input, exact value, canonical string when it differs from input]
const BOUNDARIES: [string, string, string?][] = [
  ['-999999999999999999', '-999999999999999999'], ['999999999999999999', '999999999999999999'],
  ['-999999999999999999.0', '-999999999999999999', '-999999999999999999'],
  ['999999999999999999.0', '999999999999999999', '999999999999999999'],
  ['-999999999999999999.1', '-999999999999999999.1', '-999999999999999999100m'],
  ['999999999999999999.1', '999999999999999999.1', '999999999999999999100m'],
  ['-9999999999999999999', '-9999999999999999999'], ['9999999999999999999', '9999999999999999999'],
  ['-1E', '-1000000000000000000'], ['1E', '1000000000000000000'],
  ['-1000000000000000000', '-1000000000000000000', '-1E'], ['1000000000000000000', '1000000000000000000', '1E'],
  ['-9999999999999999999.0', '-9999999999999999999', '-9999999999999999999'],
  ['9999999999999999999.0', '9999999999999999999', '9999999999999999999'],
  ['-1.0E', '-1000000000000000000', '-1E'], ['1.0E', '1000000000000000000', '1E'],
  ['-1000000000000000000.0', '-1000000000000000000', '-1E'], ['1000000000000000000.0', '1000000000000000000', '1E'],
  ['-9999999999999999999000m', '-9999999999999999999', '-9999999999999999999'],
  ['9999999999999999999000m', '9999999999999999999', '9999999999999999999'],
  ['-9999999999999999999.1', '-9999999999999999999.1', '-9999999999999999999100m'],
  ['9999999999999999999.1', '9999999999999999999.1', '9999999999999999999100m'],
  ['-1.0000000000000000001E', '-1000000000000000000.1', '-1000000000000000000100m'],
  ['1.0000000000000000001E', '1000000000000000000.1', '1000000000000000000100m'],
  ['-1000000000000000000.1', '-1000000000000000000.1', '-1000000000000000000100m'],
  ['1000000000000000000.1', '1000000000000000000.1', '1000000000000000000100m'],
  ['-1.000000000000000001E', '-1000000000000000001', '-1000000000000000001'],
  ['1.000000000000000001E', '1000000000000000001', '1000000000000000001'],
  ['-1000000000000000001', '-1000000000000000001'], ['1000000000000000001', '1000000000000000001'],
  ['-10E', '-10000000000000000000'], ['10E', '10000000000000000000'],
  ['-10000000000000000000', '-10000000000000000000', '-10E'], ['10000000000000000000', '10000000000000000000', '10E'],
  ['-10.0E', '-10000000000000000000', '-10E'], ['10.0E', '10000000000000000000', '10E'],
  ['-10000000000000000000.0', '-10000000000000000000', '-10E'], ['10000000000000000000.0', '10000000000000000000', '10E'],
  ['-10000000000000000000000m', '-10000000000000000000', '-10E'], ['10000000000000000000000m', '10000000000000000000', '10E'],
  ['-10.0000000000000000001E', '-10000000000000000000.1', '-10000000000000000000100m'],
  ['10.0000000000000000001E', '10000000000000000000.1', '10000000000000000000100m'],
  ['-10000000000000000000.1', '-10000000000000000000.1', '-10000000000000000000100m'],
  ['10000000000000000000.1', '10000000000000000000.1', '10000000000000000000100m'],
  ['-10.000000000000000001E', '-10000000000000000001', '-10000000000000000001'],
  ['10.000000000000000001E', '10000000000000000001', '10000000000000000001'],
  ['-10000000000000000001', '-10000000000000000001'], ['10000000000000000001', '10000000000000000001'],
  ['-9223372036854775809', '-9223372036854775809'], ['9223372036854775806', '9223372036854775806'],
  ['-9223372036854775809.0', '-9223372036854775809', '-9223372036854775809'],
  ['9223372036854775806.0', '9223372036854775806', '9223372036854775806'],
  ['-9223372036854775809000m', '-9223372036854775809', '-9223372036854775809'],
  ['9223372036854775806000m', '9223372036854775806', '9223372036854775806'],
  ['-9223372036854775809.1', '-9223372036854775809.1', '-9223372036854775809100m'],
  ['9223372036854775806.1', '9223372036854775806.1', '9223372036854775806100m'],
  ['-9223372036854775808', '-9223372036854775808'], ['9223372036854775807', '9223372036854775807'],
  ['-9223372036854775808.0', '-9223372036854775808', '-9223372036854775808'],
  ['9223372036854775807.0', '9223372036854775807', '9223372036854775807'],
  ['-9223372036854775808000m', '-9223372036854775808', '-9223372036854775808'],
  ['9223372036854775807000m', '9223372036854775807', '9223372036854775807'],
  ['-9223372036854775808.1', '-9223372036854775808.1', '-9223372036854775808100m'],
  ['9223372036854775807.1', '9223372036854775807.1', '9223372036854775807100m'],
  ['-9223372036854775807', '-9223372036854775807'], ['9223372036854775808', '9223372036854775808'],
  ['-9223372036854775807.0', '-9223372036854775807', '-9223372036854775807'],
  ['9223372036854775808.0', '9223372036854775808', '9223372036854775808'],
  ['-9223372036854775807000m', '-9223372036854775807', '-9223372036854775807'],
  ['9223372036854775808000m', '9223372036854775808', '9223372036854775808'],
  ['-9223372036854775807.1', '-9223372036854775807.1', '-9223372036854775807100m'],
  ['9223372036854775808.1', '9223372036854775808.1', '9223372036854775808100m'],
];

test('parses exactly around the int64 boundaries', () => {
  for (const [input, exact, canonical] of BOUNDARIES) {
    const [whole = '', fraction = ''] = exact.split('.');
    const want = q(BigInt(whole + fraction), -fraction.length, 'DecimalSI');
    const got = parseQuantity(input);
    assert.equal(got.compare(want), 0, input);
    assert.equal(got.toString(), canonical ?? input, input);
  }
});

test('handles exponents far outside int64 without materializing them', () => {
  const huge = parseQuantity('1e2000000000');
  assert.equal(huge.toString(), '100e1999999998');
  assert.equal(huge.compare(parseQuantity('9Ei')), 1);
  assert.equal(huge.value(), INT64_MAX);
  assert.equal(parseQuantity('1e-2147483647').toString(), '1e-9');
  assert.equal(parseQuantity('-1e-2147483647').toString(), '-1e-9');
  assert.throws(() => parseQuantity('1e-2147483648'), BadRequestError);
});
