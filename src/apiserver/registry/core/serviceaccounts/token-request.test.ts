import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorMessage } from '../../../../api/field-errors.js';
import { validateTokenRequest } from './token-request.js';

test('validateTokenRequest: between 10 minutes and 2^32 seconds, worded as upstream', () => {
  assert.deepEqual(validateTokenRequest(600), []);
  assert.deepEqual(validateTokenRequest(2 ** 32), []);
  assert.deepEqual(validateTokenRequest(599).map(fieldErrorMessage), ['spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes']);
  assert.deepEqual(validateTokenRequest(2 ** 32 + 1).map(fieldErrorMessage), ['spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds']);
});
