/**
 * Event recording (model: client-go's tools/record EventBroadcaster and EventRecorder, with one
 * sink). `recorder.event(...)` builds a core/v1 Event and queues it without blocking; workers
 * write queued events through the correlator to the sink (see record-to-sink.ts). By default one
 * worker writes them all in order, as client-go's record package. With `maxConcurrentWrites` > 1
 * (a busy component such as the scheduler, whose upstream events library writes each event on its
 * own goroutine) up to that many writes are in flight, but events about one object are still
 * correlated and written in the order they were recorded. A full queue drops the event with a log
 * line. `dispose()` stops accepting events, writes the ones already queued (without waiting
 * between retries) and resolves when done.
 */
import { format } from 'node:util';
import { createLogger } from '../../util/logging.js';
import { realClock, type Clock, type TimerHandle } from '../flowcontrol/clock.js';
import type { KubeObjectLike } from '../object.js';
import { EventCorrelator, type CorrelatorOptions } from './correlator.js';
import { recordToSink, type RecorderLogger } from './record-to-sink.js';
import { referenceTo } from './reference.js';
import type { EventSink } from './sink.js';
import { formatTime, type CoreEvent, type EventSource, type ObjectReference } from './types.js';

export type EventType = 'Normal' | 'Warning';

export interface BroadcasterOptions {
  sink: EventSink;
  /** Events waiting to be written before new ones are dropped (upstream: 1000). */
  queueSize?: number;
  /** Writes per event (upstream: 12). */
  maxTries?: number;
  /** Pause between retries of a failed write (upstream: 10 s; the first is randomised). */
  retryIntervalMs?: number;
  correlator?: Omit<CorrelatorOptions, 'clock'>;
  /** Writes in flight at most (default 1: every event in order); events about one object stay in order. */
  maxConcurrentWrites?: number;
  /** Event timestamps and retry timers. */
  clock?: Clock;
  random?: () => number;
  logger?: RecorderLogger;
}

/** Records events about objects; every method returns at once. */
export interface EventRecorder {
  event(object: KubeObjectLike | ObjectReference, type: EventType, reason: string, message: string): void;
  /** `message` with Node's util.format placeholders (%s, %d, %j, %o…) filled from `args`. */
  eventf(object: KubeObjectLike | ObjectReference, type: EventType, reason: string, message: string, ...args: unknown[]): void;
}

export const DEFAULT_QUEUE_SIZE = 1000;
export const DEFAULT_MAX_TRIES = 12;
export const DEFAULT_RETRY_INTERVAL_MS = 10_000;

export class EventBroadcaster {
  private readonly sink: EventSink;
  private readonly correlator: EventCorrelator;
  private readonly clock: Clock;
  private readonly logger: RecorderLogger;
  private readonly queueSize: number;
  private readonly maxTries: number;
  private readonly retryIntervalMs: number;
  private readonly random: () => number;
  private readonly queue: CoreEvent[] = [];
  private readonly sleeps = new Set<{ timer: TimerHandle; resolve: (done: boolean) => void }>();
  private readonly maxConcurrentWrites: number;
  /** Writers running (at most maxConcurrentWrites); a writer ends, synchronously, when it finds the queue empty. */
  private running = 0;
  private readonly workers = new Set<Promise<void>>();
  /** Per involved object, the write of its latest event taken from the queue (to chain the next one after it). */
  private readonly lastWriteOf = new Map<string, Promise<void>>();
  private stopped = false;
  /** The last event name's nanoseconds, so names made within one millisecond differ. */
  private lastNanos = 0n;

  constructor(options: BroadcasterOptions) {
    this.sink = options.sink;
    this.clock = options.clock ?? realClock;
    this.correlator = new EventCorrelator({ ...options.correlator, clock: this.clock });
    this.logger = options.logger ?? createLogger('event-recorder');
    this.queueSize = options.queueSize ?? DEFAULT_QUEUE_SIZE;
    this.maxTries = options.maxTries ?? DEFAULT_MAX_TRIES;
    this.retryIntervalMs = options.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS;
    this.random = options.random ?? Math.random;
    this.maxConcurrentWrites = Math.max(1, Math.floor(options.maxConcurrentWrites ?? 1));
  }

  /** A recorder whose events come from `source` (component, and host when known). */
  newRecorder(source: EventSource): EventRecorder {
    const src = { ...source };
    return {
      event: (object, type, reason, message) => this.generate(object, src, type, reason, message),
      eventf: (object, type, reason, message, ...args) => this.generate(object, src, type, reason, format(message, ...args)),
    };
  }

  /** Resolves once every event queued so far has been written or given up on. */
  async whenIdle(): Promise<void> {
    while (this.running > 0 || this.workers.size > 0) await Promise.all([...this.workers]);
  }

  /** Stops accepting events, writes the queued ones (a failed write is not retried), then resolves. */
  async dispose(): Promise<void> {
    this.stopped = true;
    for (const sleep of this.sleeps) {
      sleep.timer.cancel();
      sleep.resolve(false);
    }
    this.sleeps.clear();
    await this.whenIdle();
  }

  private generate(object: KubeObjectLike | ObjectReference, source: EventSource, type: string, reason: string, message: string): void {
    if (type !== 'Normal' && type !== 'Warning') {
      this.logger.error({ type, reason, message }, `Unsupported event type: '${type}'`);
      return;
    }
    let ref: ObjectReference;
    try {
      ref = referenceTo(object);
    } catch (err) {
      this.logger.error({ reason, message, err: String(err) }, 'Could not construct reference, will not report event');
      return;
    }
    const event = this.makeEvent(ref, source, type, reason, message);
    if (this.stopped) {
      this.logger.error({ name: event.metadata.name, reason }, 'unable to record event: the recorder is stopped');
      return;
    }
    if (this.queue.length >= this.queueSize) {
      this.logger.error({ name: event.metadata.name, reason, message }, 'unable to record event: too many queued events, dropped event');
      return;
    }
    this.queue.push(event);
    if (this.running < this.maxConcurrentWrites && this.running < this.queue.length) {
      this.running++;
      const worker = this.drain();
      this.workers.add(worker);
      void worker.then(() => this.workers.delete(worker));
    }
  }

  /** Upstream's makeEvent: named `<object name>.<hex nanoseconds>`, in the object's namespace or `default`. */
  private makeEvent(ref: ObjectReference, source: EventSource, type: string, reason: string, message: string): CoreEvent {
    const now = this.clock.now();
    let nanos = BigInt(now) * 1_000_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    const time = formatTime(now);
    const event: CoreEvent = {
      metadata: { name: `${ref.name ?? ''}.${nanos.toString(16)}`, namespace: ref.namespace || 'default' },
      involvedObject: ref,
      reason,
      message,
      source,
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
      type,
    };
    if (source.component) event.reportingComponent = source.component;
    if (source.host) event.reportingInstance = source.host;
    return event;
  }

  /** A writer: runs while the queue has events; started when an event is queued and a writer is free. */
  private async drain(): Promise<void> {
    try {
      // Never write within the caller's turn.
      await Promise.resolve();
      for (let event = this.queue.shift(); event; event = this.queue.shift()) {
        if (this.maxConcurrentWrites === 1) {
          await this.write(event);
          continue;
        }
        // Chain after the previous event about the same object (taken earlier, maybe by another writer).
        const key = objectKey(event);
        const previous = this.lastWriteOf.get(key);
        const write = previous ? previous.then(() => this.write(event)) : this.write(event);
        this.lastWriteOf.set(key, write);
        await write;
        if (this.lastWriteOf.get(key) === write) this.lastWriteOf.delete(key);
      }
    } finally {
      this.running--;
    }
  }

  private async write(event: CoreEvent): Promise<void> {
    try {
      await recordToSink(this.sink, this.correlator, event, {
        maxTries: this.maxTries,
        retryIntervalMs: this.retryIntervalMs,
        sleep: (ms) => this.sleep(ms),
        random: this.random,
        logger: this.logger,
      });
    } catch (err) {
      this.logger.error({ name: event.metadata.name, err: String(err) }, 'Unable to write event');
    }
  }

  private sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const entry = {
        timer: this.clock.setTimer(ms, () => {
          this.sleeps.delete(entry);
          resolve(true);
        }),
        resolve,
      };
      this.sleeps.add(entry);
    });
  }
}

/** The involved object of an event, as one string (uid first: a recreated object is another one). */
function objectKey(event: CoreEvent): string {
  const o = event.involvedObject;
  return `${o.uid ?? ''}/${o.kind ?? ''}/${o.namespace ?? ''}/${o.name ?? ''}`;
}
