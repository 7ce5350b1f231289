import type { CacheEvent } from './types.js';

/**
 * The most recent cache events, oldest evicted first once `capacity` is reached (model: the
 * cyclic buffer of Kubernetes' watchCache). `startRevision` is the revision after which the buffer
 * is complete: it holds every event with a revision above it.
 */
export class EventBuffer<T> {
  private readonly ring: (CacheEvent<T> | undefined)[];
  private head = 0; // index of the oldest event
  private size = 0;
  private start: number;

  constructor(
    private readonly capacity: number,
    startRevision: number,
  ) {
    this.ring = new Array<CacheEvent<T> | undefined>(capacity);
    this.start = startRevision;
  }

  get startRevision(): number {
    return this.start;
  }

  /** Appends an event; its revision must exceed every buffered one. */
  push(event: CacheEvent<T>): void {
    if (this.size === this.capacity) {
      this.start = this.ring[this.head]!.revision;
      this.ring[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
    }
    this.ring[(this.head + this.size) % this.capacity] = event;
    this.size++;
  }

  /** Events with revision > `sinceRevision`, oldest first; undefined when some of them were evicted. */
  since(sinceRevision: number): CacheEvent<T>[] | undefined {
    if (sinceRevision < this.start) return undefined;
    // Binary search for the first event after sinceRevision.
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).revision <= sinceRevision) lo = mid + 1;
      else hi = mid;
    }
    const out: CacheEvent<T>[] = [];
    for (let i = lo; i < this.size; i++) out.push(this.at(i));
    return out;
  }

  /** Forgets everything; the buffer is complete again after `startRevision`. */
  reset(startRevision: number): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.size = 0;
    this.start = startRevision;
  }

  private at(i: number): CacheEvent<T> {
    return this.ring[(this.head + i) % this.capacity]!;
  }
}
