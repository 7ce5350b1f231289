import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { eventColumns, eventFields, eventStrategy } from './strategy.js';

/** core/v1 Events (events.k8s.io/v1 will share this storage). Stored with a one-hour TTL. */
export const events: Resource = {
  definition: { group: '', version: 'v1', resource: 'events', singularName: 'event', kind: 'Event', namespaced: true, verbs: READ_WRITE_VERBS, shortNames: ['ev'] },
  strategy: eventStrategy,
  prefix: '/registry/events/',
  schemaType: 'k8s.io.api.core.v1.Event',
  columns: eventColumns,
  selectableFields: eventFields,
};
