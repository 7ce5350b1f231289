import type { TableColumn } from '../../../table/table.js';
import { eventColumns, eventStrategy, type CoreEvent } from '../../core/events/strategy.js';
import { validateEventsV1Create, validateEventsV1Update } from '../../core/events/validation.js';
import type { KubeObject } from '../../generic/object.js';
import { columnsViaStored } from '../../generic/conversion.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { eventsV1ToCore } from './conversion.js';

/**
 * events.k8s.io/v1 Events: the core event strategy (same storage, TTL, legacy validation) plus
 * the strict rules upstream applies to writes through events.k8s.io (validation runs on the stored
 * core form, as upstream validates the internal one with the request's version).
 */
export const eventsV1Strategy: ResourceStrategy = {
  ...eventStrategy,
  group: 'events.k8s.io',
  validateCreate: (o) => validateEventsV1Create(o as CoreEvent),
  validateUpdate: (o, old) => validateEventsV1Update(o as CoreEvent, old as CoreEvent),
};

/** Upstream prints events.k8s.io Events through the core printer (printers.go printEvent). */
export const eventsV1Columns: TableColumn[] = columnsViaStored(eventColumns, eventsV1ToCore);

/** Upstream's field selectors for events.k8s.io (EventToSelectableFields in events/v1). */
export function eventsV1Fields(o: KubeObject): Record<string, string> {
  const event = o as { regarding?: Record<string, string | undefined>; reason?: string; reportingController?: string; deprecatedSource?: { component?: string }; type?: string };
  const regarding = event.regarding ?? {};
  const fields: Record<string, string> = {};
  for (const key of ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath']) fields[`regarding.${key}`] = regarding[key] ?? '';
  fields['reason'] = event.reason ?? '';
  fields['reportingController'] = event.reportingController ?? '';
  fields['source'] = event.deprecatedSource?.component || event.reportingController || '';
  fields['type'] = event.type ?? '';
  return fields;
}
