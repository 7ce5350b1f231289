/**
 * Folds similar events into one (model: client-go's EventAggregator). Events that share an
 * aggregate key but differ in their local key (the message, by default) are counted within a
 * rolling interval; from the `maxEvents`-th distinct one on, the event is replaced by an
 * aggregate event with a combined message, correlated under the aggregate key so that later
 * ones update it instead of creating new events.
 */
import type { Clock } from '../flowcontrol/clock.js';
import { aggregateByReason, aggregateMessageByReason, eventKey } from './keys.js';
import { LruCache } from './lru.js';
import { formatTime, type CoreEvent } from './types.js';

export interface AggregatorOptions {
  cacheSize: number;
  keyFunc: (event: CoreEvent) => { aggregateKey: string; localKey: string };
  messageFunc: (event: CoreEvent) => string;
  /** Distinct similar events within the interval that trigger aggregation. */
  maxEvents: number;
  /** A similar event older than this starts a fresh count. */
  maxIntervalMs: number;
  clock: Clock;
}

interface AggregateRecord {
  /** Distinct local keys seen, oldest first; never more than `maxEvents - 1` kept. */
  localKeys: Set<string>;
  lastSeen: number;
}

export const DEFAULT_AGGREGATOR_OPTIONS = {
  keyFunc: aggregateByReason,
  messageFunc: aggregateMessageByReason,
  maxEvents: 10,
  maxIntervalMs: 600_000,
} as const;

export class EventAggregator {
  private readonly cache: LruCache<string, AggregateRecord>;

  constructor(private readonly options: AggregatorOptions) {
    this.cache = new LruCache(options.cacheSize);
  }

  /** Returns the event to record (the original or a new aggregate) and its correlation key. */
  aggregate(event: CoreEvent): { event: CoreEvent; key: string } {
    const now = this.options.clock.now();
    const { aggregateKey, localKey } = this.options.keyFunc(event);
    let record = this.cache.get(aggregateKey);
    if (!record || now - record.lastSeen > this.options.maxIntervalMs) {
      record = { localKeys: new Set(), lastSeen: now };
    }
    record.localKeys.add(localKey);
    record.lastSeen = now;
    this.cache.add(aggregateKey, record);

    if (record.localKeys.size < this.options.maxEvents) return { event, key: eventKey(event) };

    // Keep the set from growing beyond the threshold (upstream drops an arbitrary member).
    const oldest = record.localKeys.values().next();
    if (!oldest.done) record.localKeys.delete(oldest.value);

    const time = formatTime(now);
    const aggregate: CoreEvent = {
      metadata: {
        name: `${event.involvedObject.name ?? ''}.${(BigInt(now) * 1_000_000n).toString(16)}`,
        namespace: event.metadata.namespace,
      },
      involvedObject: event.involvedObject,
      count: 1,
      firstTimestamp: time,
      lastTimestamp: time,
      message: this.options.messageFunc(event),
      type: event.type,
      reason: event.reason,
      source: event.source,
    };
    return { event: aggregate, key: aggregateKey };
  }
}
