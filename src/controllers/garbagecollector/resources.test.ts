import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gcResources } from './garbage-collector.js';
import { ResourceMapper, supportsAll, type ApiResourceInfo } from '../shared/discovery.js';

const info = (group: string, version: string, resource: string, kind: string, verbs: string[], namespaced = true): ApiResourceInfo => ({ group, version, resource, kind, namespaced, verbs });

describe('discovery helpers', () => {
  const resources = [
    info('', 'v1', 'configmaps', 'ConfigMap', ['create', 'delete', 'get', 'list', 'watch']),
    info('', 'v1', 'events', 'Event', ['delete', 'list', 'watch']),
    info('events.k8s.io', 'v1', 'events', 'Event', ['delete', 'list', 'watch']),
    info('', 'v1', 'componentstatuses', 'ComponentStatus', ['get', 'list'], false),
    info('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', ['delete', 'list', 'watch']),
  ];

  test('the GC watches what supports delete, list and watch, events aside', () => {
    assert.deepEqual(gcResources(resources).map((r) => r.resource), ['configmaps', 'horizontalpodautoscalers']);
    assert.equal(supportsAll(resources[0]!, ['get', 'list']), true);
    assert.equal(supportsAll(resources[3]!, ['delete']), false);
  });

  test('owner kinds map to resources by exact apiVersion and kind', () => {
    const mapper = new ResourceMapper(resources);
    assert.equal(mapper.forKind('v1', 'ConfigMap')?.resource, 'configmaps');
    assert.equal(mapper.forKind('autoscaling/v2', 'HorizontalPodAutoscaler')?.group, 'autoscaling');
    assert.equal(mapper.forKind('autoscaling/v1', 'HorizontalPodAutoscaler'), undefined);
    assert.equal(mapper.forKind('example.com/v1', 'Widget'), undefined);
  });
});
