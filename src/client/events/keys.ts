/**
 * The keys client-go's event correlator groups events by (tools/record/events_cache.go). Fields
 * are joined without a separator, as upstream does.
 */
import type { CoreEvent } from './types.js';

/** Identical events: same source, involved object, type, reason and message. */
export function eventKey(event: CoreEvent): string {
  const o = event.involvedObject;
  return [
    event.source?.component, event.source?.host,
    o.kind, o.namespace, o.name, o.fieldPath, o.uid, o.apiVersion,
    event.type, event.reason, event.message,
  ].map((part) => part ?? '').join('');
}

/** The spam filter's key: one source talking about one object. */
export function spamKey(event: CoreEvent): string {
  const o = event.involvedObject;
  return [event.source?.component, event.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion]
    .map((part) => part ?? '').join('');
}

/**
 * Similar events (EventAggregatorByReasonFunc): the aggregate key leaves out the message, which
 * becomes the local key that tells similar events apart.
 */
export function aggregateByReason(event: CoreEvent): { aggregateKey: string; localKey: string } {
  const o = event.involvedObject;
  const aggregateKey = [
    event.source?.component, event.source?.host,
    o.kind, o.namespace, o.name, o.uid, o.apiVersion,
    event.type, event.reason, event.reportingComponent, event.reportingInstance,
  ].map((part) => part ?? '').join('');
  return { aggregateKey, localKey: event.message ?? '' };
}

/** The message of an aggregate event (EventAggregatorByReasonMessageFunc). */
export function aggregateMessageByReason(event: CoreEvent): string {
  return '(combined from similar events): ' + (event.message ?? '');
}
