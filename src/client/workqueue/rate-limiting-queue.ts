/**
 * A delaying queue that requeues failed keys after a rate limiter's delay (model: client-go's
 * workqueue.RateLimitingInterface). Controllers call `addRateLimited(key)` when a sync fails and
 * `forget(key)` when it succeeds, which resets the key's backoff.
 */
import { realClock, type Clock } from '../flowcontrol/clock.js';
import { DelayingQueue } from './delaying-queue.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

export interface RateLimitingQueueOptions<K> {
  rateLimiter?: RateLimiter<K>;
  clock?: Clock;
}

export class RateLimitingQueue<K> extends DelayingQueue<K> {
  private readonly rateLimiter: RateLimiter<K>;

  constructor(options: RateLimitingQueueOptions<K> = {}) {
    const clock = options.clock ?? realClock;
    super(clock);
    this.rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<K>(clock);
  }

  /** Adds `key` after the delay the rate limiter assigns to it now. */
  addRateLimited(key: K): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Clears the key's failure history (it still finishes processing normally with `done`). */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  /** Failures recorded for `key` since it was last forgotten. */
  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }
}
