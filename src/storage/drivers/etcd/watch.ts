import { EtcdWatchStreamEnded, type IDuplexStream, type IWatchRequest, type IWatchResponse } from 'etcd3';
import { Backoff } from '../../../util/backoff.js';
import { InternalError, type StatusError } from '../../../util/errors.js';
import { sleep } from '../../../util/lifecycle.js';
import type { Logger } from '../../../util/logging.js';
import type { Watch, WatchEvent } from '../../backend.js';
import { compactedError } from '../../errors.js';
import { toWatchEvent } from './convert.js';
import { reasonOf } from './errors.js';

export type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse> & { pause(): void; resume(): void };

/** Once this many events wait for the consumer, reading from etcd stops until it takes them. */
export const HIGH_WATER_EVENTS = 1_000;

export interface WatchContext {
  /** Opens a new gRPC Watch stream (one per watch, so back-pressure on one never stalls another). */
  openStream(): Promise<WatchStream>;
  /** Whether an error that ended a stream is transient (reconnect) rather than fatal. */
  isTransient(err: unknown): boolean;
  /** The StatusError to fail the watch with after a fatal stream error. */
  toError(err: unknown): StatusError;
  /** Records a compact revision etcd reported. */
  learnCompacted(revision: number): void;
  /** Called once when the watch ends, however it ends. */
  onEnd(watch: EtcdWatch): void;
  logger: Logger;
}

/** Outcome of following one stream: reconnect after a transient error, or fail the watch. */
type StreamEnd = { transient: unknown } | { fatal: Error };

/**
 * One etcd watch on a key range, resumed across stream failures.
 *
 *   connecting ──created──▶ following ──stream error/end──▶ backing off ──▶ connecting
 *        │                      │ canceled by etcd (compaction, permission…)
 *        └──────────────────────┴──▶ failed: queued batches are delivered, then iteration throws
 *   close() / signal abort from any state ──▶ closed: iteration ends, queued batches are dropped
 *
 * Exactly once, no gaps: `lastRevision` is the highest revision whose events are all queued (or
 * delivered). Every (re)connect asks etcd for events from `lastRevision + 1`, and events at or
 * below it are dropped, so a replay after reconnecting never duplicates. etcd never splits one
 * revision's events across responses (no fragmenting is requested), so a response is queued
 * whole. Progress notifications (sent only to watchers that are caught up) advance `lastRevision`
 * too, so a quiet watch does not resume from a revision that has since been compacted.
 *
 * Back-pressure, not dropping: once HIGH_WATER_EVENTS are queued the gRPC stream is paused, so
 * HTTP/2 flow control stops etcd from sending; etcd keeps the slow watcher aside and replays it
 * from its history when reading resumes, as soon as the consumer takes the queue. Memory stays
 * bounded (the queue plus the few responses gRPC buffers). A watcher paused for so long that etcd
 * compacts past its position is canceled by etcd, and iteration throws ExpiredError.
 *
 * Iterate once; the iterator yields everything queued since the previous step as one batch.
 */
export class EtcdWatch implements Watch {
  private readonly queue: WatchEvent[][] = [];
  private queued = 0;
  private lastRevision: number;
  private stream: WatchStream | undefined;
  private paused = false;
  /** A progress event is owed to the consumer (see `requestProgress`). */
  private progressRequested = false;
  private closed = false;
  private failure: Error | undefined;
  private disconnected = false;
  private ended = false;
  private waiters: (() => void)[] = [];
  /** Aborts the backoff sleep between reconnects. */
  private readonly stop = new AbortController();
  private readonly onAbort = (): void => this.close();
  private signal: AbortSignal | undefined;

  constructor(
    private readonly range: { key: Buffer; rangeEnd: Buffer; prefix: string },
    sinceRevision: number,
    private readonly context: WatchContext,
  ) {
    this.lastRevision = sinceRevision;
  }

  /** Connects, and keeps reconnecting until closed; `signal` aborting closes the watch. */
  start(signal?: AbortSignal): void {
    if (signal?.aborted) {
      this.close();
      return;
    }
    this.signal = signal;
    signal?.addEventListener('abort', this.onAbort, { once: true });
    void this.run();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent[]> {
    try {
      for (;;) {
        if (this.closed) return;
        if (this.queue.length > 0) {
          const batch = this.queue.splice(0).flat();
          this.queued = 0;
          this.setPaused(false);
          yield batch;
          continue;
        }
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
    } finally {
      this.close();
    }
  }

  /**
   * Sends etcd a progress request. etcd answers only once this watch has caught up; the request is
   * repeated after a reconnect, since the answer may have been lost with the old stream.
   */
  requestProgress(): void {
    if (this.closed || this.failure) return;
    this.progressRequested = true;
    this.stream?.write({ progress_request: {} });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.queued = 0;
    this.end();
  }

  dispose(): void {
    this.close();
  }

  /** Connects, follows and reconnects until closed or failed. Never rejects. */
  private async run(): Promise<void> {
    const backoff = new Backoff({ initialMs: 200, maxMs: 5_000 });
    while (!this.closed && !this.failure) {
      let outcome: StreamEnd;
      try {
        outcome = await this.follow(await this.context.openStream(), () => backoff.reset());
      } catch (err) {
        outcome = { transient: err };
      }
      if (this.closed) return;
      if ('fatal' in outcome || !this.context.isTransient(outcome.transient)) {
        const err = 'fatal' in outcome ? outcome.fatal : outcome.transient;
        this.fail(this.context.toError(err));
        return;
      }
      const delay = backoff.nextDelay();
      if (!this.disconnected) {
        this.disconnected = true;
        this.context.logger.warn(
          `etcd watch on ${this.range.prefix} lost its stream (${reasonOf(outcome.transient)}); resuming after revision ${this.lastRevision}`,
        );
      }
      try {
        await sleep(delay, this.stop.signal);
      } catch {
        return; // closed while waiting
      }
    }
  }

  /** Creates the watch on `stream` and handles its responses; resolves when the stream ends. */
  private follow(stream: WatchStream, onCreated: () => void): Promise<StreamEnd> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (outcome: StreamEnd): void => {
        if (done) return;
        done = true;
        if (this.stream === stream) this.stream = undefined;
        release(stream);
        resolve(outcome);
      };
      // The error listener stays attached after finish: cancel() makes the stream emit CANCELLED.
      stream.on('error', (err) => finish({ transient: err }));
      stream.on('end', () => finish({ transient: new EtcdWatchStreamEnded() }));
      stream.on('data', (res) => {
        if (done) return;
        try {
          if (this.handle(res)) onCreated();
        } catch (err) {
          finish({ fatal: err instanceof Error ? err : new Error(String(err)) });
        }
      });
      if (this.closed) {
        finish({ transient: new Error('closed') });
        return;
      }
      this.stream = stream;
      if (this.paused) stream.pause();
      stream.write({
        create_request: {
          key: this.range.key,
          range_end: this.range.rangeEnd,
          start_revision: this.lastRevision + 1,
          prev_kv: true,
          progress_notify: true,
        },
      });
    });
  }

  /** Applies one response; returns true when it confirms the watch was created. Throws when fatal. */
  private handle(res: IWatchResponse): boolean {
    if (res.canceled) {
      const compacted = Number(res.compact_revision);
      if (compacted > 0) {
        this.context.learnCompacted(compacted);
        throw compactedError(this.lastRevision, compacted);
      }
      throw new InternalError(`etcd canceled the watch on ${this.range.prefix}: ${res.cancel_reason || 'no reason given'}`);
    }
    if (res.created) {
      if (this.progressRequested) this.stream?.write({ progress_request: {} });
      if (this.disconnected) {
        this.disconnected = false;
        this.context.logger.info(`etcd watch on ${this.range.prefix} resumed after revision ${this.lastRevision}`);
      }
      return true;
    }
    if (res.events.length === 0) {
      // A progress notification: every event up to the header revision has been sent.
      this.lastRevision = Math.max(this.lastRevision, Number(res.header.revision));
      if (this.progressRequested) {
        this.progressRequested = false;
        this.queue.push([{ type: 'progress', revision: this.lastRevision }]);
        this.wake();
      }
      return false;
    }
    const floor = this.lastRevision;
    const batch = res.events.filter((e) => Number(e.kv.mod_revision) > floor).map(toWatchEvent);
    if (batch.length === 0) return false;
    this.lastRevision = batch[batch.length - 1]!.revision;
    this.queue.push(batch);
    this.queued += batch.length;
    if (this.queued >= HIGH_WATER_EVENTS) this.setPaused(true);
    this.wake();
    return false;
  }

  private setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) this.stream?.pause();
    else this.stream?.resume();
  }

  private fail(err: Error): void {
    this.failure = err;
    this.end();
  }

  /** Releases the stream, timers and listeners; wakes the consumer. */
  private end(): void {
    this.stop.abort();
    if (this.stream) release(this.stream);
    this.stream = undefined;
    this.signal?.removeEventListener('abort', this.onAbort);
    this.wake();
    if (!this.ended) {
      this.ended = true;
      this.context.onEnd(this);
    }
  }

  private wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

/**
 * Cancels a watch stream. It is half-closed first: cancelling makes the stream emit a CANCELLED
 * error, and etcd3 takes an error on a still-writable stream for a failed member and closes every
 * connection to it.
 */
function release(stream: WatchStream): void {
  stream.end();
  stream.cancel();
}
