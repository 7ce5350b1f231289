import assert from 'node:assert/strict';
import { test } from 'node:test';
import { READ_WRITE_VERBS, type ResourceDefinition } from '../registry/resource-definition.js';
import { aggregatedDiscovery, apiGroupList, apiResourceList, apiVersions, groupResources } from './discovery.js';

const RESOURCES: ResourceDefinition[] = [
  { group: '', version: 'v1', resource: 'configmaps', singularName: 'configmap', kind: 'ConfigMap', namespaced: true, verbs: READ_WRITE_VERBS, shortNames: ['cm'] },
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    singularName: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [{ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] }],
  },
];

test('legacy discovery: versions, groups and resource lists', () => {
  const groups = groupResources(RESOURCES);
  assert.deepEqual((apiVersions(groups) as { versions: string[] }).versions, ['v1']);
  assert.deepEqual(apiGroupList(groups), {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [{ kind: 'APIGroup', apiVersion: 'v1', name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }],
  });
  const apps = apiResourceList('apps', 'v1', groups[1]!.versions[0]!.resources) as { groupVersion: string; resources: { name: string; kind: string }[] };
  assert.equal(apps.groupVersion, 'apps/v1');
  assert.deepEqual(apps.resources.map((r) => `${r.name}:${r.kind}`), ['deployments:Deployment', 'deployments/scale:Scale']);
});

test('aggregated discovery lists every group with scope, response kinds and subresources', () => {
  const doc = aggregatedDiscovery(groupResources(RESOURCES)) as { kind: string; items: { metadata: { name: string }; versions: { resources: Record<string, unknown>[] }[] }[] };
  assert.equal(doc.kind, 'APIGroupDiscoveryList');
  assert.deepEqual(doc.items.map((i) => i.metadata.name), ['', 'apps']);
  const deployments = doc.items[1]!.versions[0]!.resources[0]!;
  assert.equal(deployments['scope'], 'Namespaced');
  assert.deepEqual(deployments['responseKind'], { group: 'apps', version: 'v1', kind: 'Deployment' });
  assert.deepEqual(deployments['subresources'], [{ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] }]);
});
