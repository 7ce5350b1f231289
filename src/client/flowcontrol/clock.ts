import { abortReason } from '../../util/lifecycle.js';
/**
 * The time source the work queue's delays and rate limiters read (model: k8s.io/utils/clock).
 * Production code uses `realClock`; tests inject `FakeClock` to step time without sleeping.
 */
export interface TimerHandle {
  /** Stops the timer; calling it after the timer fired (or twice) does nothing. */
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch (monotonic enough for backoff arithmetic). */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    return { cancel: () => clearTimeout(timer) };
  },
};

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A manually stepped clock for tests: `step(ms)` advances time and fires the timers that fall
 * due, in deadline order (ties in creation order), each seeing `now()` equal to its deadline.
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Set<FakeTimer>();

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: FakeTimer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.add(timer);
    return { cancel: () => void this.timers.delete(timer) };
  }

  /** Timers created and neither fired nor cancelled. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Advances time by `ms`, firing due timers (including ones set by fired timers). */
  step(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.timers) {
        if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      this.timers.delete(next);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = end;
  }
}

/** Resolves after `ms` on `clock`; rejects when `signal` aborts first. */
export function clockSleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      timer.cancel();
      reject(abortReason(signal!));
    };
    const timer = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
