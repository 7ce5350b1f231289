import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../client/flowcontrol/clock.js';
import { CrashBackoff } from './crash-backoff.js';

test('the first restart is immediate, then 10 s doubling up to 5 min', () => {
  const clock = new FakeClock();
  const backoff = new CrashBackoff(clock);
  const delays: number[] = [];
  for (let i = 0; i < 8; i++) {
    const finishedAt = clock.now();
    const wait = backoff.remaining('c', finishedAt);
    delays.push(wait);
    clock.step(wait);
    backoff.next('c', finishedAt);
    clock.step(1); // the container runs for a moment and crashes again
  }
  assert.deepEqual(delays, [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
});

test('a container that ran for more than 10 minutes starts over at 10 s', () => {
  const clock = new FakeClock();
  const backoff = new CrashBackoff(clock);
  backoff.next('c', clock.now());
  clock.step(10_000);
  backoff.next('c', clock.now() - 1);
  assert.equal(backoff.current('c'), 20_000);
  clock.step(10 * 60_000 + 1); // ran for longer than 2 × max
  const finishedAt = clock.now();
  assert.equal(backoff.remaining('c', finishedAt), 0);
  assert.equal(backoff.next('c', finishedAt), 10_000);
});

test('remaining counts from the finish time and keys are independent', () => {
  const clock = new FakeClock();
  const backoff = new CrashBackoff(clock);
  backoff.next('a', clock.now());
  const finishedAt = clock.now();
  clock.step(4_000);
  assert.equal(backoff.remaining('a', finishedAt), 6_000);
  assert.equal(backoff.remaining('b', finishedAt), 0);
  backoff.forgetPrefix('a');
  assert.equal(backoff.remaining('a', finishedAt), 0);
});
