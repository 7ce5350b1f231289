import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointsLike, EndpointSliceLike, EndpointSubset } from '../shared/endpoints/types.js';
import { MIRRORING_CONTROLLER_NAME, mirror, shouldMirror } from './mirror.js';

const endpoints = (subsets: EndpointSubset[], meta: Partial<EndpointsLike['metadata']> = {}): EndpointsLike => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'ext', namespace: 'ns', uid: 'ep-uid', ...meta },
  subsets,
});

/** What the API server would hand back for a planned slice. */
const stored = (slice: EndpointSliceLike, name: string): EndpointSliceLike => {
  const { generateName: _g, ...metadata } = slice.metadata;
  return { ...structuredClone(slice), metadata: { ...structuredClone(metadata), name, uid: `${name}-uid`, generation: 1 } };
};

test('shouldMirror: skip-mirror "true" and leader-election records are not mirrored', () => {
  assert.equal(shouldMirror(endpoints([])), true);
  assert.equal(shouldMirror(endpoints([], { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } })), false);
  assert.equal(shouldMirror(endpoints([], { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'false' } })), true);
  assert.equal(shouldMirror(endpoints([], { annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } })), false);
});

test('one slice per port set and address type, labels and annotations mirrored, owned by the Endpoints', () => {
  const ep = endpoints(
    [
      { addresses: [{ ip: '10.0.0.2', nodeName: 'n1' }, { ip: '10.0.0.1', hostname: 'a' }], notReadyAddresses: [{ ip: 'fd00::1' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.0.0.9' }], ports: [{ port: 53, protocol: 'UDP' }] },
    ],
    { labels: { team: 'a' }, annotations: { note: 'x', 'endpoints.kubernetes.io/last-change-trigger-time': '2024-01-01T00:00:00Z' } },
  );
  const plan = mirror(ep, []);
  assert.equal(plan.update.length + plan.delete.length, 0);
  assert.equal(plan.create.length, 3);
  const http4 = plan.create.find((s) => s.addressType === 'IPv4' && s.ports?.[0]?.port === 80)!;
  assert.deepEqual(http4.metadata, {
    namespace: 'ns',
    generateName: 'ext-',
    labels: { team: 'a', 'kubernetes.io/service-name': 'ext', 'endpointslice.kubernetes.io/managed-by': MIRRORING_CONTROLLER_NAME },
    annotations: { note: 'x' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: 'ext', uid: 'ep-uid', controller: true, blockOwnerDeletion: true }],
  });
  assert.deepEqual(http4.ports, [{ name: 'http', port: 80, protocol: 'TCP' }]);
  assert.deepEqual(http4.endpoints, [
    { addresses: ['10.0.0.1'], conditions: { ready: true }, hostname: 'a' },
    { addresses: ['10.0.0.2'], conditions: { ready: true }, nodeName: 'n1' },
  ]);
  const http6 = plan.create.find((s) => s.addressType === 'IPv6')!;
  assert.deepEqual(http6.endpoints, [{ addresses: ['fd00::1'], conditions: { ready: false } }]);
  const dns = plan.create.find((s) => s.ports?.[0]?.port === 53)!;
  assert.deepEqual(dns.ports, [{ name: '', port: 53, protocol: 'UDP' }]);
});

test('an up-to-date slice is left alone; a changed address rewrites it in place; extra slices go', () => {
  const ep = endpoints([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
  const [created] = mirror(ep, []).create;
  const existing = stored(created!, 'ext-abc');
  assert.deepEqual(mirror(ep, [existing]), { create: [], update: [], delete: [], invalidAddresses: 0, skippedAddresses: 0 });

  const moved = endpoints([{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.5' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
  const duplicate = stored(created!, 'ext-zzz');
  const plan = mirror(moved, [existing, duplicate]);
  assert.equal(plan.create.length, 0);
  assert.deepEqual(plan.update.map((s) => [s.metadata.name, s.metadata.generateName, s.endpoints?.length]), [['ext-abc', undefined, 2]]);
  assert.deepEqual(plan.delete.map((s) => s.metadata.name), ['ext-zzz']);

  const relabelled = mirror(endpoints(ep.subsets!, { labels: { tier: 'db' } }), [existing]);
  assert.equal(relabelled.update.length, 1, 'a label change on the Endpoints is mirrored');
  assert.equal(relabelled.update[0]!.metadata.labels?.['tier'], 'db');

  const recreated = mirror(endpoints(ep.subsets!, { uid: 'new-uid' }), [existing]);
  assert.equal((recreated.update[0]!.metadata['ownerReferences'] as { uid: string }[])[0]!.uid, 'new-uid', 'a slice owned by an older Endpoints of that name is rebuilt');
});

test('a port change recycles the slice; no addresses deletes it; invalid and excess addresses are counted', () => {
  const ep = endpoints([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
  const existing = stored(mirror(ep, []).create[0]!, 'ext-abc');
  const reported = mirror(endpoints([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 8080, protocol: 'TCP' }] }]), [existing]);
  assert.equal(reported.create.length + reported.delete.length, 0);
  assert.deepEqual(reported.update.map((s) => [s.metadata.name, s.ports?.[0]?.port]), [['ext-abc', 8080]]);

  assert.deepEqual(mirror(endpoints([]), [existing]).delete.map((s) => s.metadata.name), ['ext-abc']);

  const invalid = mirror(endpoints([{ addresses: [{ ip: 'not-an-ip' }, { ip: '10.0.0.1' }], ports: [{ port: 80 }] }]), []);
  assert.equal(invalid.invalidAddresses, 1);
  assert.equal(invalid.skippedAddresses, 1);
  assert.deepEqual(invalid.create[0]!.endpoints?.map((e) => e.addresses[0]), ['10.0.0.1']);
  const crowded = mirror(endpoints([{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], notReadyAddresses: [{ ip: '10.0.0.3' }], ports: [{ port: 80 }] }]), [], 2);
  assert.equal(crowded.invalidAddresses, 0);
  assert.equal(crowded.skippedAddresses, 1, 'ready addresses first, then not ready ones, up to the limit');
  assert.deepEqual(crowded.create[0]!.endpoints?.map((e) => [e.addresses[0], e.conditions.ready]), [['10.0.0.1', true], ['10.0.0.2', true]]);
});
