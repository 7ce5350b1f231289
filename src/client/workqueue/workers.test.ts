import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { FakeClock } from '../flowcontrol/clock.js';
import { RateLimitingQueue } from './rate-limiting-queue.js';
import { runWorkers } from './workers.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const silent = pino({ level: 'silent' });

test('addRateLimited delays by the backoff; forget resets it', () => {
  const clock = new FakeClock();
  const q = new RateLimitingQueue<string>({ clock });
  q.addRateLimited('a');
  assert.equal(q.len(), 0);
  clock.step(5);
  assert.equal(q.len(), 1);
  assert.equal(q.numRequeues('a'), 1);
  q.addRateLimited('b');
  q.addRateLimited('b');
  assert.equal(q.numRequeues('b'), 2);
  q.forget('b');
  assert.equal(q.numRequeues('b'), 0);
  q.shutDown();
  assert.equal(clock.pendingTimers(), 0);
});

test('workers forget on success, requeue with growing backoff on failure, and stop on abort', async () => {
  const clock = new FakeClock();
  const q = new RateLimitingQueue<string>({ clock });
  const abort = new AbortController();
  const calls: string[] = [];
  let failuresLeft = 3;
  const run = runWorkers(
    q,
    2,
    async (key) => {
      calls.push(key);
      if (key === 'bad' && failuresLeft-- > 0) throw new Error('not yet');
    },
    abort.signal,
    { logger: silent },
  );
  q.add('good');
  q.add('bad');
  await tick();
  assert.deepEqual(calls.sort(), ['bad', 'good']);
  assert.equal(q.numRequeues('good'), 0);
  assert.equal(q.numRequeues('bad'), 1);
  clock.step(4);
  await tick();
  assert.equal(calls.length, 2, 'first retry after 5 ms, not before');
  clock.step(1);
  await tick();
  assert.equal(calls.length, 3);
  assert.equal(q.numRequeues('bad'), 2);
  clock.step(10);
  await tick();
  assert.equal(calls.length, 4, 'second retry after 10 ms more');
  clock.step(20);
  await tick();
  assert.equal(calls.length, 5, 'third retry succeeds');
  assert.equal(q.numRequeues('bad'), 0, 'forgotten after success');
  abort.abort();
  await run;
  assert.ok(q.isShuttingDown());
  assert.equal(clock.pendingTimers(), 0);
});

test('workers never run sync for one key concurrently, even when it is re-added mid-sync', async () => {
  const q = new RateLimitingQueue<string>({ clock: new FakeClock() });
  const abort = new AbortController();
  const active = new Set<string>();
  let overlaps = 0;
  let syncs = 0;
  const run = runWorkers(
    q,
    4,
    async (key) => {
      if (active.has(key)) overlaps++;
      active.add(key);
      syncs++;
      if (syncs < 30) q.add(key); // an informer event arriving during the sync
      await tick();
      active.delete(key);
    },
    abort.signal,
    { logger: silent },
  );
  q.add('x');
  q.add('y');
  while (syncs < 30) await tick();
  abort.abort();
  await run;
  assert.equal(overlaps, 0);
});

test('abort lets a sync in flight finish, then the workers return', async () => {
  const q = new RateLimitingQueue<string>({ clock: new FakeClock() });
  const abort = new AbortController();
  let release!: () => void;
  let finished = false;
  const synced: string[] = [];
  const run = runWorkers(
    q,
    1,
    async (key) => {
      synced.push(key);
      await new Promise<void>((resolve) => (release = resolve));
      finished = true;
    },
    abort.signal,
    { logger: silent },
  );
  q.add('a');
  q.add('b');
  await tick();
  abort.abort();
  let returned = false;
  void run.then(() => (returned = true));
  await tick();
  assert.equal(returned, false, 'waits for the sync in flight');
  release();
  await run;
  assert.equal(finished, true);
  assert.deepEqual(synced, ['a'], 'b was not synced after the abort');
  assert.equal(q.len(), 1, 'b stays queued');
});

test('runWorkers with an already aborted signal returns at once', async () => {
  const abort = new AbortController();
  abort.abort();
  const q = new RateLimitingQueue<string>({ clock: new FakeClock() });
  await runWorkers(q, 3, async () => assert.fail('no sync after abort'), abort.signal, { logger: silent });
  assert.ok(q.isShuttingDown());
});
