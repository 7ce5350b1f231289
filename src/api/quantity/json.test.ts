// TestJSONWhitespace and the JSON forms a client may send.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../../util/errors.js';
import { quantityFromJSON } from './json.js';
import { ERR_FORMAT_WRONG } from './parse.js';

test('reads JSON strings (trimming whitespace), numbers and null', () => {
  const cases: [string, string][] = [
    ['" 1"', '1'], ['"1 "', '1'], ['1', '1'], [' 1', '1'], ['1 ', '1'], ['10', '10'], ['-1', '-1'], [' -1', '-1'],
    ['"\\u00a0100m\\n"', '100m'], ['"1Gi"', '1Gi'], ['"+1"', '+1'], ['0.5', '500m'], ['1.0', '1'], ['1e3', '1k'],
    ['0.30000000000000004', '300000001n'], ['null', '0'],
    ['1e21', '1e+21'], // read from JavaScript's text for the number, kept as upstream keeps "1e+21"
  ];
  for (const [json, printed] of cases) assert.equal(quantityFromJSON(JSON.parse(json)).toString(), printed, json);
});

test('rejects other JSON values with the format error', () => {
  for (const value of [true, {}, [], '', 'abc', '\ufeff1']) {
    assert.throws(() => quantityFromJSON(value), (err: Error) => err instanceof BadRequestError && err.message === ERR_FORMAT_WRONG);
  }
});
