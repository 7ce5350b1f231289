import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../flowcontrol/clock.js';
import { DelayingQueue } from './delaying-queue.js';

test('addAfter adds the key once its delay has passed', () => {
  const clock = new FakeClock();
  const q = new DelayingQueue<string>(clock);
  q.addAfter('a', 100);
  assert.equal(q.len(), 0);
  assert.equal(q.waitingLen(), 1);
  clock.step(99);
  assert.equal(q.len(), 0);
  clock.step(1);
  assert.equal(q.len(), 1);
  assert.equal(q.waitingLen(), 0);
  assert.equal(clock.pendingTimers(), 0);
});

test('a zero or negative delay adds at once', () => {
  const clock = new FakeClock();
  const q = new DelayingQueue<string>(clock);
  q.addAfter('a', 0);
  q.addAfter('b', -5);
  assert.equal(q.len(), 2);
  assert.equal(clock.pendingTimers(), 0);
});

test('a key waiting twice keeps the earlier ready time and is added once', () => {
  const clock = new FakeClock();
  const q = new DelayingQueue<string>(clock);
  q.addAfter('a', 500);
  q.addAfter('a', 100); // earlier: wins
  q.addAfter('a', 300); // later: ignored
  assert.equal(q.waitingLen(), 1);
  assert.equal(clock.pendingTimers(), 1, 'one timer for the whole queue');
  clock.step(100);
  assert.equal(q.len(), 1);
  clock.step(1000);
  assert.equal(q.len(), 1, 'the superseded ready times add nothing');
  assert.equal(clock.pendingTimers(), 0);
});

test('keys become ready in ready-time order whatever the order of addAfter', async () => {
  const clock = new FakeClock();
  const q = new DelayingQueue<string>(clock);
  q.addAfter('late', 300);
  q.addAfter('early', 100);
  q.addAfter('middle', 200);
  assert.equal(clock.pendingTimers(), 1);
  clock.step(150);
  assert.equal(q.len(), 1);
  clock.step(150);
  assert.deepEqual([await q.get(), await q.get(), await q.get()], ['early', 'middle', 'late']);
});

test('a delayed key already queued is not duplicated', () => {
  const clock = new FakeClock();
  const q = new DelayingQueue<string>(clock);
  q.add('a');
  q.addAfter('a', 10);
  clock.step(10);
  assert.equal(q.len(), 1);
});

test('shutDown cancels the timer and drops waiting keys; later addAfter is ignored', () => {
  const clock = new FakeClock();
  const q = new DelayingQueue<string>(clock);
  q.addAfter('a', 100);
  q.addAfter('b', 200);
  q.shutDown();
  assert.equal(clock.pendingTimers(), 0);
  assert.equal(q.waitingLen(), 0);
  q.addAfter('c', 10);
  assert.equal(clock.pendingTimers(), 0);
  clock.step(1000);
  assert.equal(q.len(), 0);
});

test('with the real clock, a delayed key arrives and shutdown leaves no timer behind', async () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const before = timers();
  const q = new DelayingQueue<string>();
  const started = Date.now();
  q.addAfter('a', 20);
  assert.equal(await q.get(), 'a');
  assert.ok(Date.now() - started >= 15);
  q.addAfter('b', 60_000);
  assert.equal(timers(), before + 1);
  q.shutDown();
  assert.equal(timers(), before);
  assert.equal(q.waitingLen(), 0);
});
