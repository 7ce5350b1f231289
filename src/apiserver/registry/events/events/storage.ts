import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { events as coreEvents } from '../../core/events/storage.js';
import { eventsV1Conversion } from './conversion.js';
import { eventsV1Columns, eventsV1Fields, eventsV1Strategy } from './strategy.js';

/**
 * events.k8s.io/v1 Events: the core/v1 Events (same keys), served in the events.k8s.io form.
 * Unlike upstream, without the short name `ev`: kubectl 1.32 warns "short name "ev" could also
 * match lower priority resource events.events.k8s.io" on every `kubectl get ev` when two groups
 * share it, and `ev` keeps meaning core events either way.
 */
export const eventsV1: Resource = {
  definition: { group: 'events.k8s.io', version: 'v1', resource: 'events', singularName: 'event', kind: 'Event', namespaced: true, verbs: READ_WRITE_VERBS },
  strategy: eventsV1Strategy,
  prefix: coreEvents.prefix,
  schemaType: 'k8s.io.api.events.v1.Event',
  columns: eventsV1Columns,
  selectableFields: eventsV1Fields,
  conversion: eventsV1Conversion,
};
