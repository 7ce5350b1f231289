import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusError } from '../../util/errors.js';
import { parseRetryAfter, statusErrorFromResponse, statusErrorFromStatus } from './status-error.js';

describe('statusErrorFromResponse', () => {
  it('carries the server Status reason, code, message and details', () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'configmaps "a" already exists',
      reason: 'AlreadyExists',
      details: { name: 'a', kind: 'configmaps' },
      code: 409,
    });
    const err = statusErrorFromResponse(409, body);
    assert.ok(err instanceof StatusError);
    assert.equal(err.reason, 'AlreadyExists');
    assert.equal(err.code, 409);
    assert.equal(err.message, 'configmaps "a" already exists');
    assert.deepEqual(err.details, { name: 'a', kind: 'configmaps' });
  });

  it('keeps field causes of 422 Invalid', () => {
    const causes = [{ reason: 'FieldValueRequired', message: 'Required value', field: 'metadata.name' }];
    const err = statusErrorFromResponse(422, JSON.stringify({ kind: 'Status', reason: 'Invalid', code: 422, message: 'bad', details: { causes } }));
    assert.equal(err.reason, 'Invalid');
    assert.deepEqual(err.details?.causes, causes);
  });

  it('derives the reason from the HTTP code when the body is not a Status', () => {
    const err = statusErrorFromResponse(503, '<html>down</html>', 3);
    assert.equal(err.reason, 'ServiceUnavailable');
    assert.equal(err.code, 503);
    assert.match(err.message, /HTTP 503: <html>down<\/html>/);
    assert.deepEqual(err.details, { retryAfterSeconds: 3 });
    assert.equal(statusErrorFromResponse(404, '').reason, 'NotFound');
    assert.equal(statusErrorFromResponse(418, '').reason, 'InternalError');
  });

  it('replaces an unknown or empty reason by the code-based one', () => {
    const err = statusErrorFromResponse(429, JSON.stringify({ kind: 'Status', reason: '', code: 429 }), 1);
    assert.equal(err.reason, 'TooManyRequests');
    assert.equal(err.details?.retryAfterSeconds, 1);
  });
});

describe('statusErrorFromStatus', () => {
  it('maps a watch ERROR event object (410 Expired)', () => {
    const err = statusErrorFromStatus({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version: 1 (50)' });
    assert.equal(err.code, 410);
    assert.equal(err.reason, 'Expired');
    assert.equal(err.message, 'too old resource version: 1 (50)');
  });
});

describe('parseRetryAfter', () => {
  it('reads integer seconds only', () => {
    assert.equal(parseRetryAfter('2'), 2);
    assert.equal(parseRetryAfter(['5']), 5);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT'), undefined);
  });
});
