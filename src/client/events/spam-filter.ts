/**
 * Throttles the events one source emits about one object (model: client-go's
 * EventSourceObjectSpamFilter): a token bucket per spam key, by default a burst of 25 refilled at
 * one event per 5 minutes.
 */
import type { Clock } from '../flowcontrol/clock.js';
import { TokenBucket } from '../flowcontrol/token-bucket.js';
import { LruCache } from './lru.js';
import type { CoreEvent } from './types.js';

export interface SpamFilterOptions {
  cacheSize: number;
  burst: number;
  qps: number;
  clock: Clock;
  keyFunc: (event: CoreEvent) => string;
}

export const DEFAULT_SPAM_BURST = 25;
export const DEFAULT_SPAM_QPS = 1 / 300;

export class EventSpamFilter {
  private readonly cache: LruCache<string, TokenBucket>;

  constructor(private readonly options: SpamFilterOptions) {
    this.cache = new LruCache(options.cacheSize);
  }

  /** Whether `event` must be dropped (its source and object are over their budget). */
  filter(event: CoreEvent): boolean {
    const key = this.options.keyFunc(event);
    let bucket = this.cache.get(key);
    if (!bucket) bucket = new TokenBucket(this.options.qps, this.options.burst, this.options.clock);
    const drop = !bucket.tryAccept();
    this.cache.add(key, bucket);
    return drop;
  }
}
