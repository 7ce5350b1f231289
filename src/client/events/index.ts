/** Event correlation for event recorders: see correlator.ts. */
export { EventCorrelator, type CorrelateResult, type CorrelatorOptions } from './correlator.js';
export { EventAggregator, type AggregatorOptions } from './aggregator.js';
export { EventLogger, type EventPatch } from './event-logger.js';
export { EventSpamFilter, DEFAULT_SPAM_BURST, DEFAULT_SPAM_QPS, type SpamFilterOptions } from './spam-filter.js';
export { aggregateByReason, aggregateMessageByReason, eventKey, spamKey } from './keys.js';
export { formatTime, type CoreEvent, type EventSource, type ObjectReference } from './types.js';
export {
  EventBroadcaster,
  DEFAULT_MAX_TRIES,
  DEFAULT_QUEUE_SIZE,
  DEFAULT_RETRY_INTERVAL_MS,
  type BroadcasterOptions,
  type EventRecorder,
  type EventType,
} from './recorder.js';
export { recordToSink, type RecorderLogger, type SinkWriteOptions } from './record-to-sink.js';
export { referenceTo } from './reference.js';
export { RestEventSink, type EventSink } from './sink.js';
