/**
 * One timer driving a periodic task for many items (thousands of simulated nodes), spread evenly
 * over the period: item `i` of `count` fires at `cycleStart + i × period / count`, once per
 * period, in index order. Memory is O(1) whatever the count: no per-item timers or closures.
 *
 * If the process stalls, due items fire late (in order) on the next tick; a whole cycle missed
 * is skipped rather than replayed. `fire` must not throw and should not block (start async work
 * and return).
 */
import { realClock, type Clock, type TimerHandle } from '../../client/flowcontrol/clock.js';
import type { Disposable } from '../../util/lifecycle.js';

export interface SpreadSchedulerOptions {
  count: number;
  periodMs: number;
  fire: (index: number) => void;
  clock?: Clock;
  /** Shortest time between two wake-ups (default 50 ms): items due meanwhile fire together. */
  minTickMs?: number;
}

export class SpreadScheduler implements Disposable {
  private readonly clock: Clock;
  private cycleStart = 0;
  private cursor = 0;
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: SpreadSchedulerOptions) {
    if (!(options.count >= 0) || !(options.periodMs > 0)) throw new RangeError('count must be >= 0 and periodMs > 0');
    this.clock = options.clock ?? realClock;
  }

  /** Starts the first cycle now (item 0 fires at once). */
  start(): void {
    if (this.stopped || this.timer || this.options.count === 0) return;
    this.cycleStart = this.clock.now();
    this.cursor = 0;
    this.tick();
  }

  dispose(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private dueAt(index: number): number {
    return this.cycleStart + (index * this.options.periodMs) / this.options.count;
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const { count, periodMs, fire } = this.options;
    const now = this.clock.now();
    for (;;) {
      while (this.cursor < count && this.dueAt(this.cursor) <= now) fire(this.cursor++);
      if (this.cursor < count) break;
      this.cycleStart += periodMs;
      this.cursor = 0;
      // More than a whole cycle behind: skip it instead of replaying it.
      if (this.cycleStart + periodMs <= now) this.cycleStart = now;
    }
    const delay = Math.max(this.options.minTickMs ?? 50, this.dueAt(this.cursor) - now);
    this.timer = this.clock.setTimer(delay, () => this.tick());
  }
}
