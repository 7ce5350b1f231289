import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenBucket } from './rate-limiter.js';

describe('TokenBucket', () => {
  it('lets a burst through, then spaces calls at 1/qps', () => {
    const t = 0;
    const bucket = new TokenBucket({ qps: 5, burst: 2, now: () => t });
    assert.equal(bucket.reserve(), 0);
    assert.equal(bucket.reserve(), 0);
    assert.equal(bucket.reserve(), 200);
    assert.equal(bucket.reserve(), 400);
  });

  it('refills over time up to the burst, not beyond', () => {
    let t = 0;
    const bucket = new TokenBucket({ qps: 10, burst: 3, now: () => t });
    for (let i = 0; i < 3; i++) assert.equal(bucket.reserve(), 0);
    t = 100;
    assert.equal(bucket.reserve(), 0);
    assert.equal(bucket.reserve(), 100);
    t = 60_000;
    for (let i = 0; i < 3; i++) assert.equal(bucket.reserve(), 0);
    assert.equal(bucket.reserve(), 100);
  });

  it('wait() sleeps for the reserved delay and honours abort', async () => {
    const bucket = new TokenBucket({ qps: 20, burst: 1 });
    await bucket.wait();
    const start = performance.now();
    await bucket.wait();
    assert.ok(performance.now() - start >= 40);
    const controller = new AbortController();
    const waiting = bucket.wait(controller.signal);
    controller.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
  });

  it('rejects nonsensical options', () => {
    assert.throws(() => new TokenBucket({ qps: 0, burst: 1 }), RangeError);
    assert.throws(() => new TokenBucket({ qps: 1, burst: 0 }), RangeError);
  });
});
