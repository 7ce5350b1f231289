import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../client/flowcontrol/clock.js';
import { TimedWorkers } from './timed-workers.js';

test('work fires at its time once; cancel before stops it and reports it was pending', async () => {
  const clock = new FakeClock();
  const fired: string[] = [];
  const workers = new TimedWorkers(clock, async (key) => void fired.push(key));
  workers.add('a', clock.now(), clock.now() + 2000);
  workers.add('b', clock.now(), clock.now() + 2000);
  workers.add('a', clock.now(), clock.now() + 10);
  assert.equal(workers.cancel('b'), true);
  clock.step(1999);
  assert.deepEqual(fired, []);
  clock.step(1);
  await workers.idle();
  assert.deepEqual(fired, ['a']);
  assert.equal(workers.get('a'), undefined, 'done work is not pending');
  workers.add('a', clock.now(), clock.now());
  clock.step(0);
  await workers.idle();
  assert.deepEqual(fired, ['a'], 'done work is not scheduled again');
  assert.equal(workers.cancel('a'), false, 'cancelling done work reports nothing pending');
  workers.add('a', clock.now(), clock.now());
  clock.step(0);
  await workers.idle();
  assert.deepEqual(fired, ['a', 'a'], 'after cancel the key can be scheduled again');
  assert.equal(clock.pendingTimers(), 0);
});

test('failed work is forgotten so it can be scheduled again; dispose cancels timers', async () => {
  const clock = new FakeClock();
  let calls = 0;
  const workers = new TimedWorkers(clock, async () => {
    calls++;
    throw new Error('boom');
  });
  workers.add('a', clock.now(), clock.now() + 5);
  clock.step(5);
  await workers.idle();
  assert.equal(calls, 1);
  workers.add('a', clock.now(), clock.now() + 5);
  assert.deepEqual(workers.get('a'), { createdAt: clock.now(), fireAt: clock.now() + 5 });
  workers.dispose();
  assert.equal(clock.pendingTimers(), 0);
});
