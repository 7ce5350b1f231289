/**
 * A token bucket (model: golang.org/x/time/rate.Limiter as client-go's flowcontrol and workqueue
 * use it): it starts full with `burst` tokens and refills at `qps` tokens per second, never
 * beyond `burst`.
 */
import { clockSleep, realClock, type Clock } from './clock.js';

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly qps: number,
    private readonly burst: number,
    private readonly clock: Clock = realClock,
  ) {
    if (!(qps > 0) || !(burst >= 1)) throw new RangeError('qps must be > 0 and burst >= 1');
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Takes a token if one is available now; returns whether it did. */
  tryAccept(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * Takes a token unconditionally, possibly going into debt, and returns how many milliseconds
   * the caller must wait until that token exists (0 when one was available).
   */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.qps;
  }

  /**
   * Resolves when the caller may proceed (callers queue in FIFO order behind each other's
   * reservations, timed on the bucket's clock); rejects if `signal` aborts first, and the token
   * is lost.
   */
  async wait(signal?: AbortSignal): Promise<void> {
    const delay = this.reserve();
    if (delay > 0 || signal?.aborted) await clockSleep(this.clock, delay, signal);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.qps) / 1000);
  }
}
