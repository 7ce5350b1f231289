import { isDeepStrictEqual } from 'node:util';
import { invalid, required, type FieldError } from '../../../../api/field-errors.js';
import { isDNS1123Subdomain, isQualifiedName } from '../../../../api/validation/names.js';
import type { CoreEvent } from './strategy.js';
import { sameJSON } from '../../../../api/json-equal.js';

/** Upstream's limits (pkg/apis/core/validation/events.go). */
const REPORTING_INSTANCE_LENGTH_LIMIT = 128;
const ACTION_LENGTH_LIMIT = 128;
const REASON_LENGTH_LIMIT = 128;
const NOTE_LENGTH_LIMIT = 1024;

const bytes = (s: string | undefined): number => Buffer.byteLength(s ?? '', 'utf8');
const isZeroTime = (t: unknown): boolean => t === undefined || t === null || t === '';

/**
 * upstream legacyValidateEvent: what every Event must satisfy, whichever API wrote it. Events
 * without eventTime (old clients) need matching namespaces; "new" events need the reporting
 * fields, action and reason.
 */
export function validateEventLegacy(event: CoreEvent): FieldError[] {
  const errors: FieldError[] = [];
  const namespace = event.metadata.namespace ?? '';
  const involvedNamespace = event.involvedObject?.namespace ?? '';
  if (isZeroTime(event.eventTime)) {
    if (involvedNamespace === '') {
      if (namespace !== '' && namespace !== 'default') errors.push(invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
    } else if (namespace !== involvedNamespace) {
      errors.push(invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
    }
  } else {
    if (involvedNamespace === '' && namespace !== 'default' && namespace !== 'kube-system') {
      errors.push(invalid('involvedObject.namespace', involvedNamespace, 'does not match event.namespace'));
    }
    const controller = event.reportingComponent ?? '';
    if (controller === '') errors.push(required('reportingController', ''));
    for (const msg of isQualifiedName(controller)) errors.push(invalid('reportingController', controller, msg));
    if (bytes(event.reportingInstance) === 0) errors.push(required('reportingInstance', ''));
    if (bytes(event.reportingInstance) > REPORTING_INSTANCE_LENGTH_LIMIT) {
      errors.push(invalid('reportingInstance', '', `can have at most ${REPORTING_INSTANCE_LENGTH_LIMIT} characters`));
    }
    if (bytes(event.action) === 0) errors.push(required('action', ''));
    if (bytes(event.action) > ACTION_LENGTH_LIMIT) errors.push(invalid('action', '', `can have at most ${ACTION_LENGTH_LIMIT} characters`));
    if (bytes(event.reason) === 0) errors.push(required('reason', ''));
    if (bytes(event.reason) > REASON_LENGTH_LIMIT) errors.push(invalid('reason', '', `can have at most ${REASON_LENGTH_LIMIT} characters`));
    if (bytes(event.message) > NOTE_LENGTH_LIMIT) errors.push(invalid('message', '', `can have at most ${NOTE_LENGTH_LIMIT} characters`));
  }
  for (const msg of isDNS1123Subdomain(namespace)) errors.push(invalid('namespace', namespace, msg));
  return errors;
}

function validateSeries(event: CoreEvent): FieldError[] {
  const series = event.series;
  if (!series) return [];
  const errors: FieldError[] = [];
  if ((series.count ?? 0) < 2) errors.push(invalid('series.count', '', 'should be at least 2'));
  if (isZeroTime(series.lastObservedTime)) errors.push(required('series.lastObservedTime', ''));
  return errors;
}

/**
 * upstream ValidateEventCreate for events.k8s.io/v1 (on the core form): legacy validation plus
 * the strict rules of the new API (eventTime and a Normal/Warning type required, the deprecated
 * fields unset, a well-formed series).
 */
export function validateEventsV1Create(event: CoreEvent): FieldError[] {
  const errors = [...validateEventLegacy(event), ...validateSeries(event)];
  if (isZeroTime(event.eventTime)) errors.push(required('eventTime', ''));
  if (event.type !== 'Normal' && event.type !== 'Warning') errors.push(invalid('type', '', `has invalid value: ${event.type ?? ''}`));
  if (!isZeroTime(event.firstTimestamp)) errors.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (!isZeroTime(event.lastTimestamp)) errors.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if ((event.count ?? 0) !== 0) errors.push(invalid('count', '', 'needs to be unset'));
  if ((event.source?.component ?? '') !== '' || (event.source?.host ?? '') !== '') errors.push(invalid('source', '', 'needs to be unset'));
  return errors;
}

/** The fields upstream's ValidateEventUpdate keeps immutable through events.k8s.io/v1, by path. */
const IMMUTABLE: readonly (readonly [path: string, field: keyof CoreEvent])[] = [
  ['involvedObject', 'involvedObject'],
  ['reason', 'reason'],
  ['message', 'message'],
  ['source', 'source'],
  ['firstTimestamp', 'firstTimestamp'],
  ['lastTimestamp', 'lastTimestamp'],
  ['count', 'count'],
  ['type', 'type'],
  ['eventTime', 'eventTime'],
  ['action', 'action'],
  ['related', 'related'],
  ['reportingController', 'reportingComponent'],
  ['reportingInstance', 'reportingInstance'],
];

/** upstream ValidateEventUpdate for events.k8s.io/v1 (legacy validation runs as `validate`). */
export function validateEventsV1Update(event: CoreEvent, old: CoreEvent): FieldError[] {
  const errors: FieldError[] = [];
  if (!isDeepStrictEqual(event.series, old.series)) errors.push(...validateSeries(event));
  for (const [path, field] of IMMUTABLE) {
    const [now, before] = [event[field] ?? null, old[field] ?? null];
    if (!sameJSON(now, before)) errors.push(invalid(path, now, 'field is immutable'));
  }
  return errors;
}
