/**
 * A work queue with `addAfter` (model: client-go's workqueue.DelayingInterface). Keys waiting
 * for their delay live in a min-heap on their ready time; one timer, set for the earliest ready
 * time, moves due keys into the queue. A key already waiting keeps the earlier of its two ready
 * times (coalescing). Shutdown cancels the timer and drops waiting keys.
 */
import { realClock, type Clock, type TimerHandle } from '../flowcontrol/clock.js';
import { WorkQueue } from './queue.js';

interface Waiting<K> {
  key: K;
  readyAt: number;
}

export class DelayingQueue<K> extends WorkQueue<K> {
  /** Current ready time of every waiting key (the heap may hold stale entries for a key). */
  private readonly readyAt = new Map<K, number>();
  private readonly heap: Waiting<K>[] = [];
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;

  constructor(protected readonly clock: Clock = realClock) {
    super();
  }

  /** Adds `key` once `ms` milliseconds have passed (at once when `ms <= 0`). */
  addAfter(key: K, ms: number): void {
    if (this.isShuttingDown()) return;
    if (!(ms > 0)) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + ms;
    const current = this.readyAt.get(key);
    if (current !== undefined && current <= at) return;
    this.readyAt.set(key, at);
    this.heapPush({ key, readyAt: at });
    this.schedule();
  }

  /** Keys waiting for their delay to pass. */
  waitingLen(): number {
    return this.readyAt.size;
  }

  protected override onShutDown(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Infinity;
    this.readyAt.clear();
    this.heap.length = 0;
  }

  /** Makes sure a timer is set for the earliest ready time. */
  private schedule(): void {
    this.dropStale();
    const top = this.heap[0];
    if (!top) return;
    if (this.timer && this.timerAt <= top.readyAt) return;
    this.timer?.cancel();
    this.timerAt = top.readyAt;
    this.timer = this.clock.setTimer(top.readyAt - this.clock.now(), () => this.fire());
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (;;) {
      this.dropStale();
      const top = this.heap[0];
      if (!top || top.readyAt > now) break;
      this.heapPop();
      this.readyAt.delete(top.key);
      this.add(top.key);
    }
    this.schedule();
  }

  /** Removes heap entries superseded by an earlier ready time for the same key. */
  private dropStale(): void {
    for (;;) {
      const top = this.heap[0];
      if (!top || this.readyAt.get(top.key) === top.readyAt) return;
      this.heapPop();
    }
  }

  private heapPush(entry: Waiting<K>): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((h[parent] as Waiting<K>).readyAt <= entry.readyAt) break;
      h[i] = h[parent] as Waiting<K>;
      i = parent;
    }
    h[i] = entry;
  }

  private heapPop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const child = r < h.length && (h[r] as Waiting<K>).readyAt < (h[l] as Waiting<K>).readyAt ? r : l;
      if ((h[child] as Waiting<K>).readyAt >= last.readyAt) break;
      h[i] = h[child] as Waiting<K>;
      i = child;
    }
    h[i] = last;
  }
}
