import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pod, service } from '../shared/endpoints/fixtures.testing.js';
import type { EndpointSliceLike, NodeLike, PodLike } from '../shared/endpoints/types.js';
import { reconcile, type ReconcileInput } from './reconcile.js';

const nodes: Record<string, NodeLike> = {
  'node-1': { metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'zone-a' } } },
  'node-2': { metadata: { name: 'node-2' } },
};
const input = (over: Partial<ReconcileInput>): ReconcileInput => ({ service: service('web'), pods: [], existing: [], node: (n) => nodes[n], ...over });
const podsN = (n: number, from = 0): PodLike[] => Array.from({ length: n }, (_, i) => pod(`p${i + from}`, { ip: `10.42.${Math.floor((i + from) / 200)}.${((i + from) % 200) + 1}` }));

/** What the API server would return: the slice with a name, uid and generation. */
let counter = 0;
function stored(slice: EndpointSliceLike): EndpointSliceLike {
  counter++;
  return JSON.parse(JSON.stringify({ ...slice, metadata: { ...slice.metadata, name: slice.metadata.name ?? `web-${counter}`, uid: slice.metadata.uid ?? `s-${counter}`, generation: 1 } })) as EndpointSliceLike;
}

test('a new service with ready pods gets one slice: labels, owner, ports, conditions, node, zone', () => {
  const plan = reconcile(input({ pods: [pod('a', { ip: '10.42.0.1' }), pod('b', { ip: '10.42.0.2', ready: false, node: 'node-2' })] }));
  assert.equal(plan.create.length, 1);
  assert.deepEqual(plan.update, []);
  const slice = plan.create[0]!;
  assert.equal(slice.metadata['generateName'], 'web-');
  assert.deepEqual(slice.metadata.labels, { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
  assert.deepEqual(slice.metadata['ownerReferences'], [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
  assert.equal(slice.addressType, 'IPv4');
  assert.deepEqual(slice.ports, [{ name: 'http', protocol: 'TCP', port: 8080 }]);
  assert.deepEqual(slice.endpoints, [
    { addresses: ['10.42.0.1'], conditions: { ready: true, serving: true, terminating: false }, targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' }, nodeName: 'node-1', zone: 'zone-a' },
    { addresses: ['10.42.0.2'], conditions: { ready: false, serving: false, terminating: false }, targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' }, nodeName: 'node-2' },
  ]);
});

test('terminating pods stay with terminating=true, serving from Ready, ready=false (true with publishNotReadyAddresses)', () => {
  const pods = [pod('a', { terminating: true })];
  assert.deepEqual(reconcile(input({ pods })).create[0]!.endpoints![0]!.conditions, { ready: false, serving: true, terminating: true });
  assert.deepEqual(reconcile(input({ pods, service: service('web', { publishNotReadyAddresses: true }) })).create[0]!.endpoints![0]!.conditions, { ready: true, serving: true, terminating: true });
});

test('no pods: one placeholder slice, kept as is on the next sync', () => {
  const plan = reconcile(input({}));
  assert.equal(plan.create.length, 1);
  assert.deepEqual(plan.create[0]!.endpoints, []);
  assert.deepEqual(plan.create[0]!.ports, []);
  const again = reconcile(input({ existing: [stored(plan.create[0]!)] }));
  assert.deepEqual(again, { create: [], update: [], delete: [], errors: [] });
});

test('the placeholder is reused (updated, not deleted and recreated) once pods appear', () => {
  const placeholder = stored(reconcile(input({})).create[0]!);
  const plan = reconcile(input({ existing: [placeholder], pods: [pod('a')] }));
  assert.deepEqual(plan.create, []);
  assert.deepEqual(plan.delete, []);
  assert.equal(plan.update.length, 1);
  assert.equal(plan.update[0]!.metadata.name, placeholder.metadata.name);
  assert.equal(plan.update[0]!.endpoints!.length, 1);
});

test('an unchanged service needs no writes; a readiness change updates the endpoint in place', () => {
  const pods = podsN(3);
  const slice = stored(reconcile(input({ pods })).create[0]!);
  assert.deepEqual(reconcile(input({ pods, existing: [slice] })), { create: [], update: [], delete: [], errors: [] });
  const changed = [...pods.slice(0, 2), pod('p2', { ip: '10.42.0.3', ready: false })];
  const plan = reconcile(input({ pods: changed, existing: [slice] }));
  assert.equal(plan.update.length, 1);
  assert.equal(plan.update[0]!.metadata.name, slice.metadata.name);
  assert.deepEqual(plan.update[0]!.endpoints!.map((e) => e.conditions.ready), [true, true, false]);
});

test('250 endpoints make three slices of at most 100; removals shrink slices, additions fill them', () => {
  const plan = reconcile(input({ pods: podsN(250) }));
  assert.deepEqual(plan.create.map((s) => s.endpoints!.length), [100, 100, 50]);
  const existing = plan.create.map(stored);
  // Remove 10 pods of the first slice and add 5 new ones: they go into the changed slice.
  const gone = new Set(existing[0]!.endpoints!.slice(0, 10).map((e) => e.targetRef!.name));
  const pods = [...podsN(250).filter((p) => !gone.has(p.metadata.name!)), ...podsN(5, 300)];
  const next = reconcile(input({ pods, existing }));
  assert.deepEqual(next.create, []);
  assert.deepEqual(next.delete, []);
  assert.deepEqual(next.update.map((s) => [s.metadata.name, s.endpoints!.length]), [[existing[0]!.metadata.name, 95]]);
});

test('leftover endpoints go into the unchanged slice they fill best, else into new slices', () => {
  const existing = reconcile(input({ pods: podsN(150) })).create.map(stored); // 100 + 50
  const plan = reconcile(input({ pods: podsN(180), existing }));
  assert.deepEqual(plan.create, []);
  assert.deepEqual(plan.update.map((s) => s.endpoints!.length), [80]);
  const more = reconcile(input({ pods: podsN(260), existing }));
  // 110 left: a full new slice first, then the last 10 into the half-full one.
  assert.deepEqual(more.create.map((s) => s.endpoints!.length), [100]);
  assert.deepEqual(more.update.map((s) => s.endpoints!.length), [60]);
});

test('pods on an unknown node are skipped with an error (kept with publishNotReadyAddresses)', () => {
  const plan = reconcile(input({ pods: [pod('a'), pod('b', { node: 'ghost' })] }));
  assert.equal(plan.create[0]!.endpoints!.length, 1);
  assert.match(plan.errors[0]!, /skipping Pod b for Service ns\/web: Node ghost Not Found/);
  const published = reconcile(input({ service: service('web', { publishNotReadyAddresses: true }), pods: [pod('b', { node: 'ghost' })] }));
  assert.equal(published.create[0]!.endpoints!.length, 1);
});

test('named ports split pods into slices by port set; headless services get the headless label and hostnames', () => {
  const svc = service('db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432, protocol: 'TCP', targetPort: 'pg', appProtocol: 'postgresql' }] });
  const plan = reconcile(
    input({
      service: svc,
      pods: [pod('a', { ports: [{ name: 'pg', containerPort: 5433, protocol: 'TCP' }], hostname: 'db-0', subdomain: 'db' }), pod('b', { ip: '10.42.0.99' })],
    }),
  );
  assert.equal(plan.create.length, 2);
  const withPort = plan.create.find((s) => (s.ports ?? []).length === 1)!;
  assert.deepEqual(withPort.ports, [{ name: 'pg', protocol: 'TCP', port: 5433, appProtocol: 'postgresql' }]);
  assert.equal(withPort.endpoints![0]!.hostname, 'db-0');
  assert.equal(withPort.metadata.labels?.['service.kubernetes.io/headless'], '');
  const without = plan.create.find((s) => (s.ports ?? []).length === 0)!;
  assert.deepEqual(without.endpoints!.map((e) => e.targetRef!.name), ['b']);
});

test('dual-stack pods: one slice per address type the service has; slices of dropped types are deleted', () => {
  const svc = service('web', { ipFamilies: ['IPv4', 'IPv6'] });
  const pods = [pod('a', { ips: ['10.42.0.1', 'fd00::1'] })];
  const plan = reconcile(input({ service: svc, pods }));
  assert.deepEqual(plan.create.map((s) => [s.addressType, s.endpoints![0]!.addresses]), [['IPv4', ['10.42.0.1']], ['IPv6', ['fd00::1']]]);
  const existing = plan.create.map(stored);
  const v4only = reconcile(input({ pods, existing }));
  assert.deepEqual(v4only.delete.map((s) => s.addressType), ['IPv6']);
  assert.deepEqual(v4only.create, []);
});

test('service label changes relabel slices; slices not owned by this service are replaced', () => {
  const pods = [pod('a')];
  const slice = stored(reconcile(input({ pods })).create[0]!);
  const relabel = reconcile(input({ service: service('web', {}, { team: 'x' }), pods, existing: [slice] }));
  assert.equal(relabel.update[0]!.metadata.labels?.['team'], 'x');
  const foreign = { ...slice, metadata: { ...slice.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'old-uid' }] } };
  const replaced = reconcile(input({ pods, existing: [foreign] }));
  assert.deepEqual(replaced.delete.map((s) => s.metadata.name), [slice.metadata.name]);
  assert.equal(replaced.create.length, 1);
});
