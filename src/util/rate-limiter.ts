import { sleep } from './lifecycle.js';

/**
 * A token bucket (model: client-go's flowcontrol.NewTokenBucketRateLimiter): up to `burst` calls
 * at once, then `qps` per second on average. Callers wait in FIFO order for their token.
 */
export interface TokenBucketOptions {
  /** Sustained rate, tokens per second (> 0). */
  qps: number;
  /** Bucket size: how many calls may go at once after a quiet period (>= 1). */
  burst: number;
  /** Clock in ms (tests inject one); default `performance.now`. */
  now?: () => number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    if (!(options.qps > 0) || !(options.burst >= 1)) throw new RangeError('qps must be > 0 and burst >= 1');
    this.now = options.now ?? (() => performance.now());
    this.tokens = options.burst;
    this.last = this.now();
  }

  /**
   * Reserves one token and returns how long (ms) the caller must wait before using it (0 = now).
   * Reservations are never refunded, so successive callers queue up behind each other.
   */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) * this.options.qps) / 1000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.options.qps;
  }

  /** Resolves when the caller may proceed; rejects if `signal` aborts first (the token is lost). */
  async wait(signal?: AbortSignal): Promise<void> {
    const delay = this.reserve();
    if (delay > 0) await sleep(delay, signal);
    else if (signal?.aborted) await sleep(0, signal);
  }
}
