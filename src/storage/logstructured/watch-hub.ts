import type { Watch, WatchEvent } from '../backend.js';
import { compactedError } from '../errors.js';
import { prefixEnd } from '../keys.js';
import { logEventToWatchEvent } from './convert.js';
import type { Log, RowRange } from './log.js';

/** Events read from the log per catch-up step. */
const CATCH_UP_PAGE = 1000;
/** A watcher whose consumer has this many undelivered events stops buffering and re-reads the log later. */
const MAX_BUFFERED_EVENTS = 10_000;

/**
 * Fans committed events out to watchers of one log-structured store.
 *
 * Every watcher is in one of two modes:
 *
 *   catching-up ──(log read up to the current revision)──▶ live
 *        ▲                                                   │
 *        └──────(more than MAX_BUFFERED_EVENTS undelivered)──┘
 *
 * Catching up reads the log after the watcher's last revision, a page at a time, driven by the
 * consumer pulling; live watchers get committed events pushed by `publish`. The switch to live
 * happens synchronously right after a read found nothing newer than the current revision, and
 * `publish` runs synchronously after each commit, so no event is missed or delivered twice.
 * A watcher that is still catching up when compaction passes its revision fails with Expired.
 */
export class WatchHub {
  private readonly live = new Set<LogWatcher>();

  constructor(private readonly log: Log) {}

  /** Opens a watcher for events after `sinceRevision`. */
  watch(prefix: string, sinceRevision: number, signal?: AbortSignal): Watch {
    return new LogWatcher(this, this.log, { start: prefix, end: prefixEnd(prefix) }, sinceRevision, signal);
  }

  /** Delivers events committed just now, in revision order. Call synchronously after the commit. */
  publish(events: readonly { key: string; event: WatchEvent }[]): void {
    for (const watcher of this.live) watcher.offer(events);
  }

  /** Ends every watcher (the store is closing). */
  closeAll(): void {
    for (const watcher of [...this.live]) watcher.close();
  }

  setLive(watcher: LogWatcher, live: boolean): void {
    if (live) this.live.add(watcher);
    else this.live.delete(watcher);
  }
}

class LogWatcher implements Watch {
  private buffer: WatchEvent[] = [];
  /** Every event with revision <= this is in `buffer` or was delivered. */
  private lastRevision: number;
  private isLive = false;
  private progressRequested = false;
  private closed = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly onAbort = (): void => this.close();

  constructor(
    private readonly hub: WatchHub,
    private readonly log: Log,
    private readonly range: RowRange,
    sinceRevision: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.lastRevision = sinceRevision;
    if (signal?.aborted) this.closed = true;
    else signal?.addEventListener('abort', this.onAbort, { once: true });
    // Check the start revision now, so a compacted one fails on first iteration rather than late.
    if (!this.closed) this.catchUp();
  }

  /** Called by the hub with freshly committed events while this watcher is live. */
  offer(events: readonly { key: string; event: WatchEvent }[]): void {
    for (const { key, event } of events) {
      if (event.revision <= this.lastRevision || key < this.range.start || key >= this.range.end) continue;
      this.buffer.push(event);
      this.lastRevision = event.revision;
    }
    if (this.buffer.length > MAX_BUFFERED_EVENTS) this.setLive(false);
    this.notify();
  }

  /** Reads one page of the log after `lastRevision`; goes live when nothing newer remains. */
  private catchUp(): void {
    const compacted = this.log.compactRevision();
    if (this.lastRevision < compacted) {
      this.fail(compactedError(this.lastRevision, compacted));
      return;
    }
    const page = this.log.after(this.range, this.lastRevision, CATCH_UP_PAGE);
    for (const logEvent of page) this.buffer.push(logEventToWatchEvent(logEvent));
    if (page.length < CATCH_UP_PAGE) {
      // Nothing in range is newer than the current revision: from here on, publish() has it all.
      this.lastRevision = this.log.currentRevision();
      this.setLive(true);
      if (this.progressRequested) this.queueProgress();
    } else {
      this.lastRevision = page[page.length - 1]!.row.revision;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent[]> {
    try {
      for (;;) {
        if (this.buffer.length === 0 && !this.isLive && !this.closed && !this.failure) this.catchUp();
        if (this.buffer.length > 0) {
          const batch = this.buffer;
          this.buffer = [];
          yield batch;
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.closed) return;
        if (this.isLive) await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.close();
    }
  }

  requestProgress(): void {
    if (this.closed || this.failure) return;
    if (this.isLive) this.queueProgress();
    else this.progressRequested = true;
  }

  /** Live: every event in range up to the current revision is already in `buffer`. */
  private queueProgress(): void {
    this.progressRequested = false;
    this.buffer.push({ type: 'progress', revision: this.log.currentRevision() });
    this.notify();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.setLive(false);
    this.signal?.removeEventListener('abort', this.onAbort);
    this.notify();
  }

  dispose(): void {
    this.close();
  }

  private fail(err: Error): void {
    this.failure = err;
    this.setLive(false);
    this.notify();
  }

  private setLive(live: boolean): void {
    this.isLive = live && !this.closed;
    this.hub.setLive(this, this.isLive);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
