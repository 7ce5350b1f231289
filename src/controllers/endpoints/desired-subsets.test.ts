import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pod, service } from '../shared/endpoints/fixtures.testing.js';
import type { EndpointsLike } from '../shared/endpoints/types.js';
import { desiredSubsets, truncateSubsets } from './desired-subsets.js';
import { endpointsWrite } from './endpoints-object.js';
import { repackSubsets } from './repack.js';

const ref = (name: string) => ({ kind: 'Pod' as const, namespace: 'ns', name, uid: `uid-${name}` });

test('ready pods in addresses, not-ready ones in notReadyAddresses, sorted by IP, one subset per port set', () => {
  const { subsets, ready, notReady } = desiredSubsets(service('web'), [pod('b', { ip: '10.42.0.9' }), pod('a', { ip: '10.42.0.10' }), pod('c', { ip: '10.42.0.2', ready: false })]);
  assert.equal(ready, 2);
  assert.equal(notReady, 1);
  assert.deepEqual(subsets, [
    {
      addresses: [
        { ip: '10.42.0.10', nodeName: 'node-1', targetRef: ref('a') },
        { ip: '10.42.0.9', nodeName: 'node-1', targetRef: ref('b') },
      ],
      notReadyAddresses: [{ ip: '10.42.0.2', nodeName: 'node-1', targetRef: ref('c') }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
  ]);
});

test('publishNotReadyAddresses puts every pod in addresses and keeps terminating pods; otherwise terminating pods are out', () => {
  const pods = [pod('a', { ip: '10.42.0.1', ready: false }), pod('b', { ip: '10.42.0.2', terminating: true })];
  assert.deepEqual(desiredSubsets(service('web'), pods).subsets.map((s) => [s.addresses?.length, s.notReadyAddresses?.length]), [[undefined, 1]]);
  const published = desiredSubsets(service('web', { publishNotReadyAddresses: true }), pods).subsets;
  assert.deepEqual(published.map((s) => s.addresses?.map((a) => a.ip)), [['10.42.0.1', '10.42.0.2']]);
});

test('named targetPort: resolved per pod; a pod lacking the name is skipped for that port only', () => {
  const svc = service('web', {
    ports: [
      { name: 'http', port: 80, protocol: 'TCP', targetPort: 'web' },
      { name: 'metrics', port: 9100, protocol: 'TCP', targetPort: 9100 },
    ],
  });
  const subsets = desiredSubsets(svc, [pod('a', { ip: '10.42.0.1', ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] }), pod('b', { ip: '10.42.0.2' })]).subsets;
  // a offers both ports, b only metrics: two subsets.
  const byPorts = new Map(subsets.map((s) => [JSON.stringify(s.ports?.map((p) => p.port)), s.addresses?.map((a) => a.ip)]));
  assert.deepEqual(byPorts.get('[8080]'), ['10.42.0.1']);
  assert.deepEqual(byPorts.get('[9100]'), ['10.42.0.1', '10.42.0.2']);
  assert.equal(subsets.length, 2);
});

test('headless services: hostname for pods in the subdomain; no ports keeps the addresses', () => {
  const svc = service('db', { clusterIP: 'None', ports: [] });
  const subsets = desiredSubsets(svc, [pod('a', { ip: '10.42.0.1', hostname: 'db-0', subdomain: 'db' })]).subsets;
  assert.deepEqual(subsets, [{ addresses: [{ ip: '10.42.0.1', hostname: 'db-0', nodeName: 'node-1', targetRef: ref('a') }] }]);
  // A non-headless service without ports gets no endpoints.
  assert.deepEqual(desiredSubsets(service('x', { ports: [] }), [pod('a')]).subsets, []);
});

test('pods without an IP of the service family are left out', () => {
  assert.deepEqual(desiredSubsets(service('web'), [pod('a', { ips: ['fd00::1'] })]).subsets, []);
  const v6 = desiredSubsets(service('web', { ipFamilies: ['IPv6'] }), [pod('a', { ips: ['10.42.0.1', 'fd00::1'] })]).subsets;
  assert.equal(v6[0]?.addresses?.[0]?.ip, 'fd00::1');
});

test('repack: duplicates collapse, not ready wins over ready, ports with the same addresses merge', () => {
  const a = { ip: '10.0.0.1', targetRef: ref('a') };
  const b = { ip: '10.0.0.2', targetRef: ref('b') };
  const p1 = { name: 'p1', port: 1, protocol: 'TCP' };
  const p2 = { name: 'p2', port: 2, protocol: 'TCP' };
  assert.deepEqual(
    repackSubsets([
      { addresses: [b], ports: [p2] },
      { addresses: [a, a], ports: [p1] },
      { addresses: [b], ports: [p1] },
      { notReadyAddresses: [b], ports: [p1] },
      { addresses: [a], ports: [p2] },
      { addresses: [b], ports: [p2] },
    ]),
    [
      { addresses: [a, b], ports: [p2] },
      { addresses: [a], notReadyAddresses: [b], ports: [p1] },
    ],
  );
});

test('truncation keeps ready addresses first, in proportion per subset', () => {
  const addrs = (n: number, base: string) => Array.from({ length: n }, (_, i) => ({ ip: `${base}.${i}` }));
  const { subsets, truncated } = truncateSubsets([{ addresses: addrs(6, '10.0.0'), notReadyAddresses: addrs(4, '10.0.1') }, { addresses: addrs(2, '10.0.2') }], 10);
  assert.equal(truncated, true);
  assert.equal(subsets[0]?.addresses?.length, 6);
  assert.equal(subsets[0]?.notReadyAddresses?.length, 2);
  assert.equal(subsets[1]?.addresses?.length, 2);
  const ready = truncateSubsets([{ addresses: addrs(8, '10.0.0'), notReadyAddresses: addrs(3, '10.0.1') }, { addresses: addrs(4, '10.0.2') }], 9);
  assert.deepEqual(ready.subsets.map((s) => [s.addresses?.length, s.notReadyAddresses?.length]), [[6, undefined], [3, undefined]]);
  assert.equal(truncateSubsets([{ addresses: addrs(3, '10.0.0') }], 3).truncated, false);
});

test('endpointsWrite: creates with service labels and headless label; no write when nothing changed', () => {
  const svc = service('db', { clusterIP: 'None' }, { tier: 'data' });
  const { subsets } = desiredSubsets(svc, [pod('a', { ip: '10.42.0.1' })]);
  const first = endpointsWrite(svc, undefined, subsets, Date.parse('2025-01-01T00:00:00Z'));
  assert.equal(first.action, 'create');
  if (first.action !== 'create') return;
  assert.deepEqual(first.endpoints.metadata.labels, { tier: 'data', 'service.kubernetes.io/headless': '' });
  assert.equal(first.endpoints.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], '2025-01-01T00:00:00Z');
  // As stored: the target carries a resourceVersion the controller ignores.
  const stored: EndpointsLike = JSON.parse(JSON.stringify({ ...first.endpoints, metadata: { ...first.endpoints.metadata, resourceVersion: '5' } })) as EndpointsLike;
  stored.subsets![0]!.addresses![0]!.targetRef!.resourceVersion = '77';
  assert.equal(endpointsWrite(svc, stored, subsets, undefined).action, 'none');
  // A label change on the service is an update that keeps other annotations.
  stored.metadata.annotations!['user'] = 'kept';
  const relabelled = endpointsWrite(service('db', { clusterIP: 'None' }, { tier: 'cache' }), stored, subsets, undefined);
  assert.equal(relabelled.action, 'update');
  if (relabelled.action !== 'update') return;
  assert.equal(relabelled.endpoints.metadata.labels?.['tier'], 'cache');
  assert.equal(relabelled.endpoints.metadata.annotations?.['user'], 'kept');
  assert.equal(relabelled.endpoints.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], undefined);
  assert.equal(relabelled.endpoints.metadata.resourceVersion, '5');
});

test('endpointsWrite: over 1000 addresses are truncated and annotated over-capacity', () => {
  const pods = Array.from({ length: 1001 }, (_, i) => pod(`p${i}`, { ip: `10.42.${Math.floor(i / 250)}.${i % 250}` }));
  const svc = service('web');
  const write = endpointsWrite(svc, undefined, desiredSubsets(svc, pods).subsets, undefined);
  assert.ok(write.action === 'create');
  assert.equal(write.endpoints.subsets?.[0]?.addresses?.length, 1000);
  assert.equal(write.endpoints.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'], 'truncated');
});
