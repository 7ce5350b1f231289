import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../client/flowcontrol/clock.js';
import { createLogger } from '../util/logging.js';
import type { Pod } from './pod.js';
import { PodWorkers, type PodSyncHandlers, type SyncPodResult } from './pod-workers.js';
import { pod } from './testing/fixtures.js';

/** Handlers that record calls; `syncPod` resolves when the test says so. */
class Recorder implements PodSyncHandlers {
  readonly calls: string[] = [];
  result: SyncPodResult = { terminal: false };
  gate: Promise<void> | undefined;
  inFlight = 0;
  maxInFlight = 0;

  async syncPod(p: Pod, signal: AbortSignal): Promise<SyncPodResult> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.calls.push(`sync ${p.metadata.resourceVersion ?? ''}`);
    await this.gate;
    this.inFlight--;
    if (signal.aborted) this.calls.push('aborted');
    return this.result;
  }
  async syncTerminatingPod(_p: Pod, grace: number): Promise<void> {
    this.calls.push(`terminating ${grace}`);
  }
  async syncTerminatedPod(): Promise<void> {
    this.calls.push('terminated');
  }
  async forgetPod(): Promise<void> {
    this.calls.push('forget');
  }
}

function setup(): { workers: PodWorkers; handlers: Recorder; clock: FakeClock } {
  const handlers = new Recorder();
  const clock = new FakeClock();
  const workers = new PodWorkers(handlers, { clock, logger: createLogger('test'), resyncIntervalMs: 10_000 });
  return { workers, handlers, clock };
}

test('updates for one pod are serialized and the latest wins', async () => {
  const { workers, handlers } = setup();
  let open!: () => void;
  handlers.gate = new Promise((resolve) => (open = resolve));
  workers.update(pod({}, { resourceVersion: '1' }));
  workers.update(pod({}, { resourceVersion: '2' }));
  workers.update(pod({}, { resourceVersion: '3' }));
  open();
  await workers.idle();
  assert.deepEqual(handlers.calls, ['sync 1', 'sync 3']);
  assert.equal(handlers.maxInFlight, 1);
  workers.dispose();
});

test('different pods sync in parallel', async () => {
  const { workers, handlers } = setup();
  let open!: () => void;
  handlers.gate = new Promise((resolve) => (open = resolve));
  workers.update(pod({}, { uid: 'a' }));
  workers.update(pod({}, { uid: 'b' }));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(handlers.inFlight, 2);
  open();
  await workers.idle();
  workers.dispose();
});

test('deletion aborts the running sync, terminates with the pod grace period, then forgets once removed', async () => {
  const { workers, handlers } = setup();
  let open!: () => void;
  handlers.gate = new Promise((resolve) => (open = resolve));
  workers.update(pod({}, { resourceVersion: '1' }));
  workers.update(pod({ terminationGracePeriodSeconds: 30 }, { resourceVersion: '2', deletionTimestamp: '2026-12-05T00:00:00Z', deletionGracePeriodSeconds: 7 }));
  open();
  await workers.idle();
  assert.deepEqual(handlers.calls, ['sync 1', 'aborted', 'terminating 7', 'terminated']);
  assert.equal(workers.activePods().length, 0);
  workers.remove('u1');
  await workers.idle();
  assert.deepEqual(handlers.calls.slice(4), ['terminated', 'forget']);
  assert.equal(workers.isKnown('u1'), false);
  workers.dispose();
});

test('a terminal sync stops the pod without a grace period; it is never synced again', async () => {
  const { workers, handlers } = setup();
  handlers.result = { terminal: true };
  workers.update(pod());
  await workers.idle();
  workers.update(pod({}, { resourceVersion: '9' }));
  await workers.idle();
  assert.deepEqual(handlers.calls, ['sync ', 'terminating 0', 'terminated', 'terminated']);
  workers.dispose();
});

test('a force-deleted pod is killed at once', async () => {
  const { workers, handlers } = setup();
  workers.update(pod());
  await workers.idle();
  workers.remove('u1');
  await workers.idle();
  assert.deepEqual(handlers.calls, ['sync ', 'terminating 0', 'terminated', 'forget']);
  workers.dispose();
});

test('pods resync on their timer, sooner when the sync asks', async () => {
  const { workers, handlers, clock } = setup();
  handlers.result = { terminal: false, resyncAfterMs: 2_000 };
  workers.update(pod());
  await workers.idle();
  clock.step(1_999);
  await workers.idle();
  assert.equal(handlers.calls.length, 1);
  clock.step(1);
  await workers.idle();
  assert.equal(handlers.calls.length, 2);
  workers.dispose();
  assert.equal(clock.pendingTimers(), 0);
});
