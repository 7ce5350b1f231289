import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NamespaceConditionUpdater, type NamespaceCondition } from './conditions.js';
import { estimateForPods } from './estimate.js';

let tick = 0;
const now = () => `2025-01-01T00:00:0${tick}Z`;

describe('namespace deletion conditions', () => {
  test('a clean pass reports every condition False with upstream reasons, and nothing changes the second time', () => {
    const conditions: NamespaceCondition[] = [];
    const updater = new NamespaceConditionUpdater(now);
    updater.processContentTotals({ remainingByResource: new Map(), remainingByFinalizer: new Map() });
    assert.equal(updater.update(conditions), true);
    assert.deepEqual(conditions.map((c) => [c.type, c.status, c.reason]), [
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
      ['NamespaceContentRemaining', 'False', 'ContentRemoved'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers'],
    ]);
    assert.equal(new NamespaceConditionUpdater(now).update(conditions), false);
  });

  test('failures and remaining content become True conditions with upstream messages; the transition time moves only on a status change', () => {
    const conditions: NamespaceCondition[] = [];
    new NamespaceConditionUpdater(now).update(conditions);
    tick = 5;
    const updater = new NamespaceConditionUpdater(now);
    updater.processDiscoverResourcesErr(new Map([['metrics.k8s.io/v1beta1', 'the server is currently unable to handle the request']]));
    updater.processDeleteContentErr('b failed');
    updater.processDeleteContentErr('a failed');
    updater.processContentTotals({ remainingByResource: new Map([['pods.', 2], ['widgets.example.com', 1]]), remainingByFinalizer: new Map([['example.com/hold', 3]]) });
    assert.equal(updater.update(conditions), true);
    const byType = new Map(conditions.map((c) => [c.type, c]));
    assert.deepEqual(byType.get('NamespaceDeletionDiscoveryFailure'), {
      type: 'NamespaceDeletionDiscoveryFailure',
      status: 'True',
      lastTransitionTime: '2025-01-01T00:00:05Z',
      reason: 'DiscoveryFailed',
      message: 'Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request',
    });
    assert.equal(byType.get('NamespaceDeletionContentFailure')?.message, 'Failed to delete all resource types, 2 remaining: a failed, b failed');
    assert.equal(byType.get('NamespaceContentRemaining')?.message, 'Some resources are remaining: pods. has 2 resource instances, widgets.example.com has 1 resource instances');
    assert.equal(byType.get('NamespaceFinalizersRemaining')?.message, 'Some content in the namespace has finalizers remaining: example.com/hold in 3 resource instances');
    assert.equal(byType.get('NamespaceDeletionGroupVersionParsingFailure')?.lastTransitionTime, '2025-01-01T00:00:00Z');
  });

  test('pods estimate: the longest grace period of pods not yet finished', () => {
    assert.equal(estimateForPods([]), 0);
    assert.equal(
      estimateForPods([
        { metadata: {}, spec: { terminationGracePeriodSeconds: 30 }, status: { phase: 'Running' } },
        { metadata: {}, spec: { terminationGracePeriodSeconds: 90 }, status: { phase: 'Succeeded' } },
        { metadata: {}, spec: { terminationGracePeriodSeconds: 45 }, status: { phase: 'Pending' } },
        { metadata: {}, spec: {}, status: { phase: 'Running' } },
      ]),
      45,
    );
  });
});
