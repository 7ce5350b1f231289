import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slowStartBatch } from './slow-start.js';

test('batches grow 1, 2, 4 … with the calls of a batch concurrent', async () => {
  let active = 0;
  const peaks: number[] = [];
  const result = await slowStartBatch(10, 1, async () => {
    peaks.push(++active);
    await new Promise((resolve) => setImmediate(resolve));
    active--;
  });
  assert.deepEqual(result, { successes: 10 });
  const sizes = peaks.reduce<number[]>((acc, p) => (p === 1 ? [...acc, 1] : [...acc.slice(0, -1), p]), []);
  assert.deepEqual(sizes, [1, 2, 4, 3]);
});

test('stops after the first batch with a failure', async () => {
  let calls = 0;
  const result = await slowStartBatch(10, 1, async () => {
    calls++;
    if (calls === 2) throw new Error('quota');
  });
  // batches 1 (ok), 2 (one fails) → stop: 3 calls, 2 successes
  assert.equal(calls, 3);
  assert.equal(result.successes, 2);
  assert.match(String(result.error), /quota/);
});

test('count 0 does nothing', async () => {
  assert.deepEqual(await slowStartBatch(0, 1, () => Promise.reject(new Error('never'))), { successes: 0 });
});
