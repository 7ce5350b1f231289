import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../client/flowcontrol/clock.js';
import { RateLimitedTaintQueue } from './taint-queue.js';

test('nodes are tainted at the zone rate, in order, once per membership', async () => {
  const clock = new FakeClock();
  const queue = new RateLimitedTaintQueue(0.1, clock);
  const done: string[] = [];
  const action = async (name: string) => {
    done.push(name);
    return { done: true };
  };
  assert.equal(queue.add('a', 'ua'), true);
  assert.equal(queue.add('b', 'ub'), true);
  assert.equal(queue.add('a', 'ua'), false);
  await queue.tryPass(action);
  assert.deepEqual(done, ['a'], 'burst 1');
  clock.step(9_000);
  await queue.tryPass(action);
  assert.deepEqual(done, ['a']);
  clock.step(1_000);
  await queue.tryPass(action);
  assert.deepEqual(done, ['a', 'b'], 'one more token after 10 s at 0.1/s');
  assert.equal(queue.add('a', 'ua'), false, 'still a member after processing');
  assert.equal(queue.remove('a'), true);
  assert.equal(queue.add('a', 'ua'), true);
});

test('a failed action is retried after its delay; rate 0 stops the queue', async () => {
  const clock = new FakeClock();
  const queue = new RateLimitedTaintQueue(100, clock);
  let calls = 0;
  queue.add('a', 'ua');
  await queue.tryPass(async () => ({ done: ++calls > 1, retryAfterMs: 50 }));
  assert.equal(calls, 1);
  assert.equal(queue.pending, 1);
  clock.step(51);
  await queue.tryPass(async () => ({ done: ++calls > 1 }));
  assert.equal(calls, 2);
  assert.equal(queue.pending, 0);
  queue.swapLimiter(0);
  queue.add('b', 'ub');
  clock.step(60_000);
  await queue.tryPass(async () => ({ done: true }));
  assert.equal(queue.pending, 1);
});
