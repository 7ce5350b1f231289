/** Event correlation for event recorders: see correlator.ts. */
export { EventCorrelator, type CorrelateResult, type CorrelatorOptions } from './correlator.js';
export { EventAggregator, type AggregatorOptions } from './aggregator.js';
export { EventLogger, type EventPatch } from './event-logger.js';
export { EventSpamFilter, DEFAULT_SPAM_BURST, DEFAULT_SPAM_QPS, type SpamFilterOptions } from './spam-filter.js';
export { aggregateByReason, aggregateMessageByReason, eventKey, spamKey } from './keys.js';
export { formatTime, type CoreEvent, type EventSource, type ObjectReference } from './types.js';
