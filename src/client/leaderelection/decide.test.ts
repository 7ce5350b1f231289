import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide, expiresAt, isHeld, releaseRecord } from './decide.js';
import type { LeaderElectionRecord } from './lease-record.js';

const held: LeaderElectionRecord = { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: 1_000, renewTime: 5_000, leaseTransitions: 3 };

test('no lock: create it holding ours with zero transitions', () => {
  assert.deepEqual(decide(undefined, 'me', 9_000, 15), {
    action: 'create',
    record: { holderIdentity: 'me', leaseDurationSeconds: 15, acquireTime: 9_000, renewTime: 9_000, leaseTransitions: 0 },
  });
});

test('another holder within renewTime + leaseDurationSeconds: wait', () => {
  assert.equal(expiresAt(held), 20_000);
  assert.deepEqual(decide(held, 'me', 19_999, 15), { action: 'wait', holder: 'a', expiresAt: 20_000 });
  assert.equal(isHeld(held, 19_999), true);
});

test('expired lease: take over, acquireTime now, transitions bumped', () => {
  assert.equal(isHeld(held, 20_000), false);
  assert.deepEqual(decide(held, 'me', 20_000, 10), {
    action: 'update',
    record: { holderIdentity: 'me', leaseDurationSeconds: 10, acquireTime: 20_000, renewTime: 20_000, leaseTransitions: 4 },
  });
});

test('our own lease: renew keeps acquireTime and transitions, even when expired', () => {
  for (const now of [6_000, 60_000]) {
    assert.deepEqual(decide(held, 'a', now, 15), {
      action: 'update',
      record: { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: 1_000, renewTime: now, leaseTransitions: 3 },
    });
  }
});

test('a released lease (no holder) is taken at once', () => {
  const released = releaseRecord(held, 6_000);
  assert.deepEqual(released, { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: 6_000, renewTime: 6_000, leaseTransitions: 3 });
  assert.equal(isHeld(released, 6_000), false);
  const decision = decide(released, 'b', 6_001, 15);
  assert.equal(decision.action, 'update');
  assert.equal(decision.action === 'update' && decision.record.leaseTransitions, 4);
});
