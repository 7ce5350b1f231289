import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { age, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { validateEventLegacy } from './validation.js';

export type CoreEvent = KubeObject & {
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; apiVersion?: string; resourceVersion?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count?: number;
  type?: string;
  reportingComponent?: string;
  reportingInstance?: string;
  action?: string;
  related?: Record<string, unknown>;
  series?: { count?: number; lastObservedTime?: string };
};

/** Events expire an hour after their last write (kube-apiserver's --event-ttl default). */
const EVENT_TTL_SECONDS = 3600;

export const eventStrategy: ResourceStrategy = {
  group: '',
  resource: 'events',
  kind: 'Event',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  validate: (o) => validateEventLegacy(o as CoreEvent),
  ttlSeconds: () => EVENT_TTL_SECONDS,
};

/** Upstream's field selectors for core events (pkg/registry/core/event/strategy.go ToSelectableFields). */
export function eventFields(o: KubeObject): Record<string, string> {
  const event = o as CoreEvent;
  const involved = event.involvedObject ?? {};
  return {
    'involvedObject.kind': involved.kind ?? '',
    'involvedObject.namespace': involved.namespace ?? '',
    'involvedObject.name': involved.name ?? '',
    'involvedObject.uid': involved.uid ?? '',
    'involvedObject.apiVersion': involved.apiVersion ?? '',
    'involvedObject.resourceVersion': involved.resourceVersion ?? '',
    'involvedObject.fieldPath': involved.fieldPath ?? '',
    reason: event.reason ?? '',
    reportingComponent: event.reportingComponent ?? '',
    source: event.source?.component ?? '',
    type: event.type ?? '',
  };
}

const lastSeen = (e: CoreEvent, now: number): string => {
  const when = e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp;
  return when ? age({ metadata: { creationTimestamp: when } }, now) : '<unknown>';
};

/** Upstream's event columns (printers.go printEvent). */
export const eventColumns: TableColumn[] = [
  { name: 'Last Seen', type: 'string', description: 'Time since the event was last seen.', cell: (o, now) => lastSeen(o as CoreEvent, now) },
  { name: 'Type', type: 'string', description: 'Normal or Warning.', cell: (o) => (o as CoreEvent).type ?? '' },
  { name: 'Reason', type: 'string', description: 'Why the event happened.', cell: (o) => (o as CoreEvent).reason ?? '' },
  {
    name: 'Object',
    type: 'string',
    description: 'The object the event is about.',
    cell: (o) => `${((o as CoreEvent).involvedObject?.kind ?? '').toLowerCase()}/${(o as CoreEvent).involvedObject?.name ?? ''}`,
  },
  { name: 'Subobject', type: 'string', priority: 1, description: 'The part of the object the event is about.', cell: (o) => (o as CoreEvent).involvedObject?.fieldPath ?? '' },
  {
    name: 'Source',
    type: 'string',
    priority: 1,
    description: 'Who reported the event.',
    cell: (o) => [(o as CoreEvent).source?.component, (o as CoreEvent).source?.host].filter(Boolean).join(', '),
  },
  { name: 'Message', type: 'string', description: 'What happened.', cell: (o) => (o as CoreEvent).message ?? '' },
  { name: 'First Seen', type: 'string', priority: 1, description: 'Time since the event was first seen.', cell: (o, now) => age({ metadata: { creationTimestamp: (o as CoreEvent).firstTimestamp ?? (o as CoreEvent).metadata.creationTimestamp } }, now) },
  { name: 'Count', type: 'string', priority: 1, description: 'How many times it happened.', cell: (o) => String((o as CoreEvent).count ?? 1) },
  { name: 'Name', type: 'string', priority: 1, format: 'name', description: 'The event name.', cell: (o) => o.metadata.name ?? '' },
];
