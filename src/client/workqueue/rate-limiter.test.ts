import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../flowcontrol/clock.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from './rate-limiter.js';

test('exponential backoff doubles per failure, caps at the maximum, and forget resets it', () => {
  const limiter = new ItemExponentialFailureRateLimiter<string>(5, 1000);
  assert.deepEqual(
    Array.from({ length: 10 }, () => limiter.when('a')),
    [5, 10, 20, 40, 80, 160, 320, 640, 1000, 1000],
  );
  assert.equal(limiter.numRequeues('a'), 10);
  assert.equal(limiter.when('b'), 5, 'keys back off independently');
  limiter.forget('a');
  assert.equal(limiter.numRequeues('a'), 0);
  assert.equal(limiter.when('a'), 5);
});

test('exponential backoff stays at the maximum after very many failures', () => {
  const limiter = new ItemExponentialFailureRateLimiter<string>(5, 1_000_000);
  for (let i = 0; i < 2000; i++) limiter.when('a');
  assert.equal(limiter.when('a'), 1_000_000);
});

test('the token bucket allows a burst, then spaces requests at the rate, and refills', () => {
  const clock = new FakeClock();
  const bucket = new BucketRateLimiter<string>(10, 3, clock);
  assert.deepEqual([bucket.when(), bucket.when(), bucket.when()], [0, 0, 0]);
  assert.equal(bucket.when(), 100, 'fourth request waits for the next token (10 qps)');
  assert.equal(bucket.when(), 200, 'reservations queue up');
  clock.step(200);
  assert.equal(bucket.when(), 100);
  clock.step(10_000);
  assert.deepEqual([bucket.when(), bucket.when(), bucket.when(), bucket.when()], [0, 0, 0, 100], 'refills only to burst');
  assert.equal(bucket.numRequeues(), 0);
});

test('max-of takes the longest wait and forgets in every limiter', () => {
  const clock = new FakeClock();
  const limiter = new MaxOfRateLimiter<string>(
    new ItemExponentialFailureRateLimiter<string>(5, 1000),
    new BucketRateLimiter<string>(10, 1, clock),
  );
  assert.equal(limiter.when('a'), 5, 'bucket has a token: backoff decides');
  assert.equal(limiter.when('b'), 100, 'bucket empty: it decides');
  assert.equal(limiter.numRequeues('a'), 1);
  limiter.forget('a');
  assert.equal(limiter.numRequeues('a'), 0);
});

test('the default controller limiter: 5 ms doubling per key, 10 qps after a burst of 100', () => {
  const clock = new FakeClock();
  const limiter = defaultControllerRateLimiter<string>(clock);
  assert.deepEqual([limiter.when('a'), limiter.when('a'), limiter.when('a')], [5, 10, 20]);
  for (let i = 0; i < 97; i++) limiter.when(`k${i}`);
  assert.equal(limiter.when('fresh'), 100, 'the 101st failure waits for the bucket');
  let last = 0;
  for (let i = 0; i < 40; i++) last = limiter.when('a');
  assert.equal(last, 1_000_000, 'the per-key backoff caps at 1000 s');
  assert.equal(limiter.numRequeues('a'), 43);
});
