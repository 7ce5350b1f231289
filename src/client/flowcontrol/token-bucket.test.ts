import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from './clock.js';
import { TokenBucket } from './token-bucket.js';

test('tryAccept takes the burst, refuses when empty, and accepts again after a refill', () => {
  const clock = new FakeClock();
  const bucket = new TokenBucket(2, 3, clock);
  assert.deepEqual([bucket.tryAccept(), bucket.tryAccept(), bucket.tryAccept(), bucket.tryAccept()], [true, true, true, false]);
  clock.step(499);
  assert.equal(bucket.tryAccept(), false, 'half a second refills one token at 2 qps, not before');
  clock.step(1);
  assert.equal(bucket.tryAccept(), true);
  assert.equal(bucket.tryAccept(), false);
});

test('reserve goes into debt and reports the wait; tryAccept refuses while in debt', () => {
  const clock = new FakeClock();
  const bucket = new TokenBucket(10, 1, clock);
  assert.equal(bucket.reserve(), 0);
  assert.equal(bucket.reserve(), 100);
  assert.equal(bucket.reserve(), 200);
  clock.step(250);
  assert.equal(bucket.tryAccept(), false);
  clock.step(50);
  assert.equal(bucket.tryAccept(), true);
});

test('the bucket never holds more than its burst', () => {
  const clock = new FakeClock();
  const bucket = new TokenBucket(100, 2, clock);
  clock.step(60_000);
  assert.deepEqual([bucket.tryAccept(), bucket.tryAccept(), bucket.tryAccept()], [true, true, false]);
});

test('wait sleeps for the reserved delay and honours abort', async () => {
  const clock = new FakeClock();
  const bucket = new TokenBucket(20, 1, clock);
  await bucket.wait();
  let passed = false;
  const second = bucket.wait().then(() => (passed = true));
  clock.step(49);
  await Promise.resolve();
  assert.equal(passed, false);
  clock.step(1);
  await second;
  const controller = new AbortController();
  const waiting = bucket.wait(controller.signal);
  controller.abort();
  await assert.rejects(waiting, { name: 'AbortError' });
});

test('nonsensical rates are refused', () => {
  assert.throws(() => new TokenBucket(0, 1), RangeError);
  assert.throws(() => new TokenBucket(1, 0), RangeError);
});
