/**
 * Work scheduled at a time, one per key (model: tainteviction TimedWorkerQueue).
 *
 * Contracts:
 * - `add` of a key that has work (pending, running or done) does nothing: a key is worked on at
 *   most once until `cancel` forgets it;
 * - work that fails is forgotten, so a later `add` schedules it again; work that succeeds is kept
 *   as done;
 * - `cancel` stops pending work and forgets the key; it resolves true only if work was pending
 *   or running (not for done work);
 * - `dispose` cancels every timer (work already running finishes on its own).
 */
import type { Clock, TimerHandle } from '../../client/flowcontrol/clock.js';

interface Work {
  createdAt: number;
  fireAt: number;
  timer: TimerHandle | undefined;
  state: 'pending' | 'running' | 'done';
}

export class TimedWorkers {
  private readonly works = new Map<string, Work>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly clock: Clock,
    private readonly run: (key: string, fireAt: number) => Promise<void>,
  ) {}

  /** Pending or running work of `key` (undefined when none or done). */
  get(key: string): { createdAt: number; fireAt: number } | undefined {
    const work = this.works.get(key);
    return work && work.state !== 'done' ? { createdAt: work.createdAt, fireAt: work.fireAt } : undefined;
  }

  add(key: string, createdAt: number, fireAt: number): void {
    if (this.works.has(key)) return;
    const work: Work = { createdAt, fireAt, timer: undefined, state: 'pending' };
    this.works.set(key, work);
    work.timer = this.clock.setTimer(fireAt - this.clock.now(), () => this.fire(key, work));
  }

  cancel(key: string): boolean {
    const work = this.works.get(key);
    if (!work) return false;
    work.timer?.cancel();
    this.works.delete(key);
    return work.state !== 'done';
  }

  /** Settles once every work that has started has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  dispose(): void {
    for (const work of this.works.values()) work.timer?.cancel();
    this.works.clear();
  }

  private fire(key: string, work: Work): void {
    if (this.works.get(key) !== work) return;
    work.state = 'running';
    const task = this.run(key, work.fireAt).then(
      () => {
        if (this.works.get(key) === work) work.state = 'done';
      },
      () => {
        if (this.works.get(key) === work) this.works.delete(key);
      },
    );
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }
}
