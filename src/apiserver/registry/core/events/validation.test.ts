import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aggregateMessage } from '../../../../api/field-errors.js';
import type { CoreEvent } from './strategy.js';
import { validateEventLegacy, validateEventsV1Create, validateEventsV1Update } from './validation.js';

const event = (fields: Partial<CoreEvent>, namespace = 'default'): CoreEvent => ({ metadata: { name: 'e', namespace }, ...fields });
const newStyle: Partial<CoreEvent> = {
  eventTime: '2026-01-01T00:00:00.000000Z',
  involvedObject: { kind: 'Pod', name: 'p', namespace: 'team' },
  reportingComponent: 'kubelet',
  reportingInstance: 'node-1',
  action: 'Pull',
  reason: 'Pulled',
  type: 'Normal',
};

describe('event validation', () => {
  test('legacy: old-style events need matching namespaces (default is tolerated)', () => {
    assert.equal(aggregateMessage(validateEventLegacy(event({ involvedObject: { kind: 'Node', name: 'n' } }))), '');
    assert.equal(aggregateMessage(validateEventLegacy(event({ involvedObject: { kind: 'Pod', name: 'p', namespace: 'team' } }, 'team'))), '');
    assert.equal(
      aggregateMessage(validateEventLegacy(event({ involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' } }, 'team'))),
      'involvedObject.namespace: Invalid value: "other": does not match event.namespace',
    );
    assert.equal(aggregateMessage(validateEventLegacy(event({ involvedObject: { kind: 'Node', name: 'n' } }, 'team'))), 'involvedObject.namespace: Invalid value: "": does not match event.namespace');
  });

  test('legacy: new-style events need the reporting fields, within their limits', () => {
    assert.equal(aggregateMessage(validateEventLegacy(event(newStyle, 'team'))), '');
    const long = 'x'.repeat(129);
    assert.equal(
      aggregateMessage(validateEventLegacy(event({ ...newStyle, reportingInstance: long, action: long, reason: long, message: 'm'.repeat(1025) }, 'team'))),
      '[reportingInstance: Invalid value: "": can have at most 128 characters, action: Invalid value: "": can have at most 128 characters, reason: Invalid value: "": can have at most 128 characters, message: Invalid value: "": can have at most 1024 characters]',
    );
    assert.equal(aggregateMessage(validateEventLegacy(event({ ...newStyle, involvedObject: { kind: 'Node', name: 'n' } }, 'kube-system'))), '', 'cluster-scoped objects report into default or kube-system');
  });

  test('events.k8s.io creates: the strict rules', () => {
    assert.equal(aggregateMessage(validateEventsV1Create(event(newStyle, 'team'))), '');
    assert.equal(
      aggregateMessage(validateEventsV1Create(event({ ...newStyle, type: 'Info', count: 2, firstTimestamp: '2026-01-01T00:00:00Z', source: { host: 'h' }, series: { count: 5 } }, 'team'))),
      '[series.lastObservedTime: Required value, type: Invalid value: "": has invalid value: Info, firstTimestamp: Invalid value: "": needs to be unset, count: Invalid value: "": needs to be unset, source: Invalid value: "": needs to be unset]',
    );
  });

  test('events.k8s.io updates: what happened may not be rewritten; a changed series is checked', () => {
    const old = event(newStyle, 'team');
    assert.equal(aggregateMessage(validateEventsV1Update(event({ ...newStyle, series: { count: 2, lastObservedTime: '2026-01-01T00:01:00.000000Z' } }, 'team'), old)), '');
    assert.equal(
      aggregateMessage(validateEventsV1Update(event({ ...newStyle, reason: 'Other', reportingComponent: 'x', series: { count: 1, lastObservedTime: 't' } }, 'team'), old)),
      '[series.count: Invalid value: "": should be at least 2, reason: Invalid value: "Other": field is immutable, reportingController: Invalid value: "x": field is immutable]',
    );
  });
});
