import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsCleanup, ttlState, type JobObject } from './ttl.js';

const FINISHED = '2024-01-01T00:00:00Z';
const at = Date.parse(FINISHED);
const job = (ttl: number | undefined, type = 'Complete', status = 'True', time = FINISHED): JobObject => ({
  metadata: { name: 'j', namespace: 'ns' },
  spec: ttl === undefined ? {} : { ttlSecondsAfterFinished: ttl },
  status: { conditions: [{ type: 'SuccessCriteriaMet', status: 'True', lastTransitionTime: FINISHED }, { type, status, ...(time ? { lastTransitionTime: time } : {}) }] },
});

test('only finished Jobs with a TTL need cleanup', () => {
  assert.equal(needsCleanup(job(10)), true);
  assert.equal(needsCleanup(job(10, 'Failed')), true);
  assert.equal(needsCleanup(job(undefined)), false);
  assert.equal(needsCleanup(job(10, 'Complete', 'False')), false);
  assert.equal(needsCleanup(job(10, 'Suspended')), false);
});

test('expiry is the finish condition transition time plus the TTL', () => {
  assert.deepEqual(ttlState(job(10), at + 4_000), { kind: 'wait', remainingMs: 6_000, expireAt: at + 10_000 });
  assert.deepEqual(ttlState(job(10), at + 10_000), { kind: 'expired', expireAt: at + 10_000 });
  assert.deepEqual(ttlState(job(0), at), { kind: 'expired', expireAt: at });
  assert.deepEqual(ttlState({ ...job(0), metadata: { name: 'j', deletionTimestamp: FINISHED } }, at), { kind: 'ignore' });
  assert.deepEqual(ttlState(job(5, 'Complete', 'True', ''), at), { kind: 'error', message: 'unable to find the time when the Job ns/j finished' });
});
