import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff, retryWithBackoff } from './backoff.js';

test('backoff grows by the factor up to the cap and resets', () => {
  const b = new Backoff({ initialMs: 100, maxMs: 500, jitter: 0 });
  assert.deepEqual([b.nextDelay(), b.nextDelay(), b.nextDelay(), b.nextDelay(), b.nextDelay()], [100, 200, 400, 500, 500]);
  b.reset();
  assert.equal(b.nextDelay(), 100);
});

test('retryWithBackoff retries until success and reports each retry', async () => {
  let calls = 0;
  const retries: number[] = [];
  const result = await retryWithBackoff(
    async () => {
      if (++calls < 3) throw new Error('not yet');
      return 'ok';
    },
    { initialMs: 1, maxMs: 2, onRetry: (_err, attempt) => retries.push(attempt) },
  );
  assert.equal(result, 'ok');
  assert.deepEqual(retries, [1, 2]);
});

test('retryWithBackoff stops on a non-retryable error and on abort', async () => {
  await assert.rejects(
    retryWithBackoff(async () => Promise.reject(new Error('fatal')), { initialMs: 1, maxMs: 1, retryable: () => false }),
    /fatal/,
  );
  const controller = new AbortController();
  const pending = retryWithBackoff(async () => Promise.reject(new Error('down')), { initialMs: 10_000, maxMs: 10_000, signal: controller.signal });
  setTimeout(() => controller.abort(), 10);
  await assert.rejects(pending, (err: Error) => err.name === 'AbortError');
});
