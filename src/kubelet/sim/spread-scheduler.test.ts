import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../client/flowcontrol/clock.js';
import { SpreadScheduler } from './spread-scheduler.js';

test('each item fires once per period at its evenly spread offset, with one timer', () => {
  const clock = new FakeClock(0);
  const fired: [number, number][] = [];
  const s = new SpreadScheduler({ count: 4, periodMs: 1000, fire: (i) => fired.push([i, clock.now()]), clock, minTickMs: 1 });
  s.start();
  assert.deepEqual(fired, [[0, 0]]);
  assert.equal(clock.pendingTimers(), 1);
  clock.step(1999);
  assert.deepEqual(fired, [[0, 0], [1, 250], [2, 500], [3, 750], [0, 1000], [1, 1250], [2, 1500], [3, 1750]]);
  assert.equal(clock.pendingTimers(), 1);
  s.dispose();
  clock.step(5000);
  assert.equal(fired.length, 8);
  assert.equal(clock.pendingTimers(), 0);
});

test('many items: due items are batched per tick, and every item fires exactly once per cycle', () => {
  const clock = new FakeClock(0);
  const counts = new Uint32Array(5000);
  let wakeups = 0;
  const s = new SpreadScheduler({ count: 5000, periodMs: 10_000, fire: (i) => counts[i]!++, clock, minTickMs: 100 });
  const setTimer = clock.setTimer.bind(clock);
  clock.setTimer = (ms, fn) => setTimer(ms, () => (wakeups++, fn()));
  s.start();
  // Wake-ups come every 100 ms: at 10 000 ms the last items of cycle 1 and item 0 of cycle 2 fire.
  clock.step(10_000);
  assert.equal(counts[0], 2);
  assert.ok(counts.subarray(1).every((c) => c === 1));
  assert.ok(wakeups <= 101, `${wakeups} wake-ups for one 10 s cycle`);
  clock.step(10_000);
  assert.equal(counts[0], 3);
  assert.ok(counts.subarray(1).every((c) => c === 2));
  s.dispose();
});

test('a stall longer than a cycle fires the due items once, not a replay of the missed cycles', () => {
  const clock = new FakeClock(0);
  const counts = [0, 0];
  const s = new SpreadScheduler({ count: 2, periodMs: 100, fire: (i) => counts[i]!++, clock, minTickMs: 1 });
  s.start();
  // Jump time without firing timers in between, as a blocked event loop would.
  (clock as unknown as { time: number }).time = 1_000;
  clock.step(0);
  // Item 1 of the stalled cycle fires late; the cycles in between are skipped; the new cycle starts now.
  assert.deepEqual(counts, [2, 1]);
  clock.step(50);
  assert.deepEqual(counts, [2, 2]);
  s.dispose();
});
