import type { StatusError } from '../../util/errors.js';
import type { CacheCodec, CacheEvent, CachedObject, ObjectFilter, WatchOutput } from './types.js';

/**
 * What a watcher with `filter` sees of `event` (model: cacheWatcher.convertToWatchEvent): an
 * object entering the filter is ADDED, one leaving it is DELETED (its previous state, stamped
 * with the event's revision), one staying is MODIFIED; nothing when it was and is outside.
 */
export function toWatchOutput<T>(event: CacheEvent<T>, filter: ObjectFilter<T>, codec: CacheCodec<T>): WatchOutput<T> | undefined {
  if (event.type === 'ADDED') return filter(event.object) ? { type: 'ADDED', object: event.object } : undefined;
  if (event.type === 'DELETED') return filter(event.object) ? { type: 'DELETED', object: event.object } : undefined;
  const now = filter(event.object);
  const before = event.prev !== undefined && filter(event.prev);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: event.object };
  if (!before) return undefined;
  const prev = event.prev!;
  return { type: 'DELETED', object: { ...prev, revision: event.revision, object: codec.withRevision(prev.object, event.revision) } };
}

export interface CacheWatcherOptions<T> {
  filter: ObjectFilter<T>;
  codec: CacheCodec<T>;
  /** Whether this watcher wants BOOKMARK events (allowWatchBookmarks). */
  bookmarks: boolean;
  /** Undelivered outputs beyond which the watcher is terminated (its client re-watches from its last revision). */
  maxQueued: number;
  /** Called once when the watcher ends, however it ends. */
  onEnd: (watcher: CacheWatcher<T>) => void;
}

/**
 * One client's watch on the cache. The cache pushes events in revision order (`deliver`,
 * `bookmark`); the client pulls batches by iterating. A client that does not keep up is
 * terminated rather than buffered without bound: iteration ends, and the client resumes with a new
 * watch from the last resourceVersion it saw, as Kubernetes clients do.
 */
export class CacheWatcher<T> implements AsyncIterable<WatchOutput<T>[]> {
  private queue: WatchOutput<T>[] = [];
  private closed = false;
  private wake: (() => void) | undefined;
  /** The revision of the last event this watcher was given (delivered or filtered out). */
  private lastRevision = 0;

  constructor(private readonly options: CacheWatcherOptions<T>) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues what this watcher sees of `event`. */
  deliver(event: CacheEvent<T>): void {
    if (this.closed) return;
    this.lastRevision = event.revision;
    const output = toWatchOutput(event, this.options.filter, this.options.codec);
    if (output) this.push(output);
  }

  /** Queues ADDED events for objects that exist when the watch starts (rv unset, or sendInitialEvents). */
  deliverInitial(objects: Iterable<CachedObject<T>>): void {
    for (const object of objects) if (!this.closed && this.options.filter(object)) this.push({ type: 'ADDED', object });
  }

  /**
   * Queues a bookmark at `revision` if the watcher wants bookmarks and has nothing pending (a
   * bookmark behind queued events would say nothing new), or unconditionally when it ends the
   * initial events.
   */
  bookmark(revision: number, initialEventsEnd = false): void {
    if (this.closed || revision < this.lastRevision) return;
    if (initialEventsEnd) {
      this.push({ type: 'BOOKMARK', revision, initialEventsEnd });
    } else if (this.options.bookmarks && this.queue.length === 0) {
      this.push({ type: 'BOOKMARK', revision });
    }
    this.lastRevision = revision;
  }

  /** Ends the watch with an ERROR event (e.g. 410 Expired). */
  fail(error: StatusError): void {
    if (this.closed) return;
    this.queue.push({ type: 'ERROR', error });
    this.end();
  }

  close(): void {
    if (this.closed) return;
    this.queue = [];
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchOutput<T>[]> {
    try {
      for (;;) {
        if (this.queue.length > 0) {
          const batch = this.queue;
          this.queue = [];
          yield batch;
          continue;
        }
        if (this.closed) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.close();
    }
  }

  private push(output: WatchOutput<T>): void {
    if (this.queue.length >= this.options.maxQueued) {
      this.close(); // too slow: terminated, not buffered without bound
      return;
    }
    this.queue.push(output);
    this.notify();
  }

  private end(): void {
    this.closed = true;
    this.notify();
    this.options.onEnd(this);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
