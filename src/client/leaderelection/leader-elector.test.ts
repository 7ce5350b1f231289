import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as flush } from 'node:timers/promises';
import { FakeClock } from '../flowcontrol/clock.js';
import { StatusError } from '../../util/errors.js';
import { LeaderElector } from './leader-elector.js';
import type { LeaderElectionRecord } from './lease-record.js';
import type { ResourceLock } from './lease-lock.js';

/** An in-memory lock shared by candidates, with versions like a Lease's resourceVersion. */
class MemoryStore {
  record: LeaderElectionRecord | undefined;
  version = 0;
  failing = false;
  lockFor(): ResourceLock {
    let seen = -1;
    const check = (): void => {
      if (this.failing) throw new Error('connection refused');
    };
    return {
      get: () => {
        check();
        seen = this.version;
        return Promise.resolve(this.record && { ...this.record });
      },
      create: (record) => {
        check();
        if (this.record) return Promise.reject(new StatusError('AlreadyExists', 409, 'exists'));
        this.record = { ...record };
        seen = ++this.version;
        return Promise.resolve();
      },
      update: (record) => {
        check();
        if (seen !== this.version) return Promise.reject(new StatusError('Conflict', 409, 'the object has been modified'));
        this.record = { ...record };
        seen = ++this.version;
        return Promise.resolve();
      },
      describe: () => 'memory',
    };
  }
}

/** Steps the fake clock in small increments, letting promise chains settle between steps. */
async function advance(clock: FakeClock, ms: number, by = 50): Promise<void> {
  for (let t = 0; t < ms; t += by) {
    clock.step(by);
    for (let i = 0; i < 5; i++) await flush();
  }
}

function candidate(store: MemoryStore, clock: FakeClock, identity: string, events: string[], releaseOnCancel = false): LeaderElector {
  return new LeaderElector({
    lock: store.lockFor(),
    identity,
    clock,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    releaseOnCancel,
    onError: () => {},
    callbacks: {
      onStartedLeading: () => events.push(`${identity} started`),
      onStoppedLeading: () => events.push(`${identity} stopped`),
      onNewLeader: (who) => events.push(`${identity} sees ${who}`),
    },
  });
}

test('one leads, the other waits for expiry after the leader loses its renewals', async () => {
  const clock = new FakeClock();
  const store = new MemoryStore();
  const events: string[] = [];
  const a = candidate(store, clock, 'a', events);
  const stopA = new AbortController();
  const runA = a.run(stopA.signal);
  await advance(clock, 100);
  assert.equal(a.isLeader(), true);
  assert.equal(store.record?.leaseTransitions, 0);

  const b = candidate(store, clock, 'b', events);
  const stopB = new AbortController();
  const runB = b.run(stopB.signal);
  await advance(clock, 20_000);
  assert.equal(b.isLeader(), false, 'a keeps renewing, so b waits');
  assert.equal(store.record?.holderIdentity, 'a');
  assert.ok(store.record.renewTime > store.record.acquireTime);

  // The lock becomes unreachable (for both candidates): a keeps leading until renewDeadline.
  const renewedAt = store.record.renewTime;
  store.failing = true;
  await advance(clock, 9_000);
  assert.equal(a.isLeader(), true, 'still within renewDeadline');
  await advance(clock, 2_000);
  assert.equal(a.isLeader(), false, 'renewals failed for renewDeadline');
  await runA;
  store.failing = false;
  // b takes over once renewTime + 15 s has passed, not before.
  await advance(clock, renewedAt + 15_000 - clock.now() - 100);
  assert.equal(b.isLeader(), false);
  await advance(clock, 2_600);
  assert.equal(b.isLeader(), true);
  assert.equal(store.record.holderIdentity, 'b');
  assert.equal(store.record.leaseTransitions, 1);
  stopB.abort();
  await runB;
  assert.deepEqual(events, ['a sees a', 'a started', 'b sees a', 'a stopped', 'b sees b', 'b started', 'b stopped']);
});

test('releaseOnCancel clears the holder so the other takes over on its next try', async () => {
  const clock = new FakeClock();
  const store = new MemoryStore();
  const events: string[] = [];
  const a = candidate(store, clock, 'a', events, true);
  const b = candidate(store, clock, 'b', events);
  const stopA = new AbortController();
  const stopB = new AbortController();
  const runA = a.run(stopA.signal);
  await advance(clock, 100);
  const runB = b.run(stopB.signal);
  await advance(clock, 5_000);
  assert.equal(a.isLeader(), true);
  stopA.abort();
  await runA;
  assert.equal(store.record?.holderIdentity, '');
  await advance(clock, 2_500);
  assert.equal(b.isLeader(), true);
  assert.equal(store.record?.leaseTransitions, 1);
  stopB.abort();
  await runB;
  assert.equal(store.record?.holderIdentity, 'b', 'b was not asked to release');
});

test('a conflicting write is re-read: the loser sees the winner', async () => {
  const clock = new FakeClock();
  const store = new MemoryStore();
  store.record = { holderIdentity: 'old', leaseDurationSeconds: 1, acquireTime: 0, renewTime: 0, leaseTransitions: 5 };
  const lockA = store.lockFor();
  const events: string[] = [];
  // Another candidate writes between a's read and a's write.
  const racing: ResourceLock = {
    ...lockA,
    async update(record, signal) {
      store.record = { ...record, holderIdentity: 'c', leaseTransitions: 6 };
      store.version++;
      racing.update = lockA.update;
      return lockA.update(record, signal);
    },
  };
  const a = new LeaderElector({ lock: racing, identity: 'a', clock, callbacks: { onNewLeader: (who) => events.push(who) } });
  const stop = new AbortController();
  const run = a.run(stop.signal);
  await advance(clock, 100);
  assert.equal(a.isLeader(), false);
  assert.equal(a.getLeader(), 'c');
  assert.deepEqual(events, ['old', 'c']);
  stop.abort();
  await run;
});

test('options are checked as upstream does', () => {
  const lock = new MemoryStore().lockFor();
  assert.throws(() => new LeaderElector({ lock, identity: '' }), /Lock identity is empty/);
  assert.throws(() => new LeaderElector({ lock, identity: 'a', leaseDurationMs: 10_000 }), /leaseDuration must be greater than renewDeadline/);
  assert.throws(() => new LeaderElector({ lock, identity: 'a', retryPeriodMs: 9_000 }), /renewDeadline must be greater than retryPeriod\*JitterFactor/);
});
