import { sleep } from './lifecycle.js';

/** Exponential backoff with jitter (model: client-go's `wait.Backoff`). */
export interface BackoffOptions {
  /** First delay, ms. */
  initialMs: number;
  /** Upper bound for one delay, ms. */
  maxMs: number;
  /** Growth per step (default 2). */
  factor?: number;
  /** Fraction of random jitter added to each delay, 0..1 (default 0.1). */
  jitter?: number;
}

/** Produces successive delays; `reset()` starts over after a success. */
export class Backoff {
  private next: number;

  constructor(private readonly options: BackoffOptions) {
    this.next = options.initialMs;
  }

  /** The delay to wait now; the following call returns a longer one, up to `maxMs`. */
  nextDelay(): number {
    const { maxMs, factor = 2, jitter = 0.1 } = this.options;
    const base = this.next;
    this.next = Math.min(maxMs, base * factor);
    return Math.min(maxMs, base * (1 + Math.random() * jitter));
  }

  reset(): void {
    this.next = this.options.initialMs;
  }
}

export interface RetryOptions extends BackoffOptions {
  signal?: AbortSignal;
  /** Whether to retry after this error (default: always). */
  retryable?: (err: unknown) => boolean;
  /** Called before each wait, e.g. to tell the user what is being retried. */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/** Calls `fn` until it succeeds, a non-retryable error is thrown, or `signal` aborts. */
export async function retryWithBackoff<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const backoff = new Backoff(options);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (options.signal?.aborted || (options.retryable && !options.retryable(err))) throw err;
      const delay = backoff.nextDelay();
      options.onRetry?.(err, attempt, delay);
      await sleep(delay, options.signal);
    }
  }
}
