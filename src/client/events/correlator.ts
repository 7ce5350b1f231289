/**
 * The event correlator an event recorder runs before writing an Event (model: client-go's
 * EventCorrelator): aggregate similar events, count identical ones, then drop what the spam
 * filter refuses. The result says whether to create the event, patch an existing one, or skip.
 */
import { realClock, type Clock } from '../flowcontrol/clock.js';
import { DEFAULT_AGGREGATOR_OPTIONS, EventAggregator } from './aggregator.js';
import { EventLogger, type EventPatch } from './event-logger.js';
import { spamKey } from './keys.js';
import { DEFAULT_SPAM_BURST, DEFAULT_SPAM_QPS, EventSpamFilter } from './spam-filter.js';
import type { CoreEvent } from './types.js';

export interface CorrelatorOptions {
  /** Entries in each of the three LRU caches (default 4096). */
  cacheSize?: number;
  spamBurst?: number;
  spamQps?: number;
  spamKeyFunc?: (event: CoreEvent) => string;
  keyFunc?: (event: CoreEvent) => { aggregateKey: string; localKey: string };
  messageFunc?: (event: CoreEvent) => string;
  maxEvents?: number;
  maxIntervalMs?: number;
  clock?: Clock;
}

export type CorrelateResult =
  | { skip: true }
  /** `patch` set: update the existing Event named `event.metadata.name`; otherwise create `event`. */
  | { skip: false; event: CoreEvent; patch?: EventPatch };

export class EventCorrelator {
  private readonly aggregator: EventAggregator;
  private readonly logger: EventLogger;
  private readonly spamFilter: EventSpamFilter;

  constructor(options: CorrelatorOptions = {}) {
    const cacheSize = options.cacheSize ?? 4096;
    const clock = options.clock ?? realClock;
    this.aggregator = new EventAggregator({
      cacheSize,
      clock,
      keyFunc: options.keyFunc ?? DEFAULT_AGGREGATOR_OPTIONS.keyFunc,
      messageFunc: options.messageFunc ?? DEFAULT_AGGREGATOR_OPTIONS.messageFunc,
      maxEvents: options.maxEvents ?? DEFAULT_AGGREGATOR_OPTIONS.maxEvents,
      maxIntervalMs: options.maxIntervalMs ?? DEFAULT_AGGREGATOR_OPTIONS.maxIntervalMs,
    });
    this.logger = new EventLogger(cacheSize);
    this.spamFilter = new EventSpamFilter({
      cacheSize,
      clock,
      burst: options.spamBurst ?? DEFAULT_SPAM_BURST,
      qps: options.spamQps ?? DEFAULT_SPAM_QPS,
      keyFunc: options.spamKeyFunc ?? spamKey,
    });
  }

  correlate(newEvent: CoreEvent): CorrelateResult {
    const aggregated = this.aggregator.aggregate(newEvent);
    const observed = this.logger.observe(aggregated.event, aggregated.key);
    if (this.spamFilter.filter(observed.event)) return { skip: true };
    return observed.patch
      ? { skip: false, event: observed.event, patch: observed.patch }
      : { skip: false, event: observed.event };
  }

  /** Records the server's copy of an event after it was created or patched. */
  updateState(event: CoreEvent): void {
    this.logger.updateState(event);
  }
}
