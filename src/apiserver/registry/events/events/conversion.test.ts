import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coreToEventsV1, eventsV1ToCore } from './conversion.js';
import { eventsV1Fields } from './strategy.js';

const core = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.1', namespace: 'default', resourceVersion: '5' },
  involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: 'u', fieldPath: 'spec.containers{app}' },
  related: { kind: 'Node', name: 'n1' },
  reason: 'Started',
  message: 'container started',
  source: { component: 'kubelet', host: 'n1' },
  firstTimestamp: '2026-01-01T00:00:00Z',
  lastTimestamp: '2026-01-01T00:01:00Z',
  count: 3,
  type: 'Normal',
  eventTime: '2026-01-01T00:00:00.000000Z',
  series: { count: 2, lastObservedTime: '2026-01-01T00:01:00.000000Z' },
  action: 'Start',
  reportingComponent: 'kubelet',
  reportingInstance: 'n1',
};

describe('core/v1 ↔ events.k8s.io/v1 events', () => {
  test('core → events renames every field as upstream', () => {
    assert.deepEqual(coreToEventsV1(core), {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: core.metadata,
      regarding: core.involvedObject,
      related: core.related,
      reason: 'Started',
      note: 'container started',
      deprecatedSource: core.source,
      deprecatedFirstTimestamp: core.firstTimestamp,
      deprecatedLastTimestamp: core.lastTimestamp,
      deprecatedCount: 3,
      type: 'Normal',
      eventTime: core.eventTime,
      series: core.series,
      action: 'Start',
      reportingController: 'kubelet',
      reportingInstance: 'n1',
    });
  });

  test('round trips both ways; absent fields stay absent', () => {
    assert.deepEqual(eventsV1ToCore(coreToEventsV1(core)), core);
    const minimal = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'x' }, regarding: { kind: 'Pod', name: 'p' }, note: 'hi' };
    assert.deepEqual(coreToEventsV1(eventsV1ToCore(minimal)), minimal);
    assert.deepEqual(eventsV1ToCore(minimal), { apiVersion: 'v1', kind: 'Event', metadata: { name: 'x' }, involvedObject: { kind: 'Pod', name: 'p' }, message: 'hi' });
  });

  test('events.k8s.io field selectors use regarding.* and reportingController', () => {
    const fields = eventsV1Fields(coreToEventsV1(core));
    assert.equal(fields['regarding.name'], 'web');
    assert.equal(fields['regarding.fieldPath'], 'spec.containers{app}');
    assert.equal(fields['reportingController'], 'kubelet');
    assert.equal(fields['source'], 'kubelet');
    assert.equal(fields['involvedObject.name'], undefined);
  });
});
