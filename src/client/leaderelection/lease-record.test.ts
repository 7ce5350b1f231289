import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMicroTime, leaseSpecFromRecord, parseMicroTime, recordFromLease } from './lease-record.js';

test('MicroTime: RFC 3339 UTC with six fractional digits, round trip', () => {
  const ms = Date.UTC(2026, 11, 5, 18, 39, 21, 123);
  assert.equal(formatMicroTime(ms), '2026-12-05T18:39:21.123000Z');
  assert.equal(parseMicroTime('2026-12-05T18:39:21.123456Z'), ms);
  assert.equal(parseMicroTime('nope'), undefined);
  assert.equal(parseMicroTime(undefined), undefined);
});

test('record <-> Lease spec as upstream writes it; missing fields read as zero', () => {
  const record = { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: 1_000, renewTime: 2_500, leaseTransitions: 2 };
  const spec = leaseSpecFromRecord(record);
  assert.deepEqual(spec, {
    holderIdentity: 'a',
    leaseDurationSeconds: 15,
    acquireTime: '1970-01-01T00:00:01.000000Z',
    renewTime: '1970-01-01T00:00:02.500000Z',
    leaseTransitions: 2,
  });
  assert.deepEqual(recordFromLease({ metadata: {}, spec }), record);
  assert.deepEqual(recordFromLease({ metadata: {} }), { holderIdentity: '', leaseDurationSeconds: 0, acquireTime: 0, renewTime: 0, leaseTransitions: 0 });
});
