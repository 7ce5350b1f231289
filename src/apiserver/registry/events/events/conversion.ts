import type { KubeObject } from '../../generic/object.js';
import type { StorageConversion } from '../../generic/conversion.js';

/**
 * events.k8s.io/v1 Events are core/v1 Events under other field names (upstream
 * pkg/apis/events/v1/conversion.go): regarding ↔ involvedObject, note ↔ message,
 * deprecatedSource ↔ source, deprecatedFirstTimestamp/deprecatedLastTimestamp/deprecatedCount ↔
 * firstTimestamp/lastTimestamp/count, reportingController ↔ reportingComponent; eventTime, series,
 * action, reason, related, reportingInstance and type have the same names. Absent fields stay
 * absent, so both directions round-trip.
 */
const RENAMES: readonly (readonly [events: string, core: string])[] = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
  ['reportingController', 'reportingComponent'],
];
const SAME = ['eventTime', 'series', 'action', 'reason', 'related', 'reportingInstance', 'type'];

function rename(from: KubeObject, apiVersion: string, direction: 0 | 1): KubeObject {
  const out: KubeObject = { apiVersion, kind: 'Event', metadata: structuredClone(from.metadata) };
  for (const pair of RENAMES) {
    const value = from[pair[direction]];
    if (value !== undefined) out[pair[1 - direction]!] = structuredClone(value);
  }
  for (const field of SAME) if (from[field] !== undefined) out[field] = structuredClone(from[field]);
  return out;
}

export function coreToEventsV1(core: KubeObject): KubeObject {
  return rename(core, 'events.k8s.io/v1', 1);
}

export function eventsV1ToCore(event: KubeObject): KubeObject {
  return rename(event, 'v1', 0);
}

export const eventsV1Conversion: StorageConversion = { fromStored: coreToEventsV1, toStored: eventsV1ToCore };
