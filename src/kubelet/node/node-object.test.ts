import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HEALTHY } from './conditions.js';
import { prettyName } from './host-facts.js';
import { renewedLease } from './lease-object.js';
import { buildNode, goArch, type HostFacts, type NodeConfig } from './node-object.js';
import { reconcileExistingNode } from './registration.js';
import { nodeStatusChanged } from './status-updater.js';
import { ownedLabels } from './node-object.js';

const FACTS: HostFacts = {
  cpuCores: 2,
  memoryBytes: 8 * 1024 ** 3,
  ephemeralStorageBytes: 100 * 1024 ** 3,
  machineID: 'm1',
  systemUUID: 'u1',
  bootID: 'b1',
  kernelVersion: '6.1.0-18-amd64',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  operatingSystem: 'linux',
  architecture: 'amd64',
};
const CONFIG: NodeConfig = { nodeName: 'n1', nodeIP: '10.0.0.5', controlPlane: true, runtimeName: 'process', runtimeVersion: '0.1.0', kubeletPort: 10250, labels: { zone: 'a' } };
const T0 = Date.parse('2025-01-01T00:00:00Z');

test('buildNode: labels, capacity/allocatable, addresses, endpoints, nodeInfo as a kubelet reports them', () => {
  const node = buildNode(CONFIG, FACTS, HEALTHY, T0);
  assert.equal(node.metadata.name, 'n1');
  assert.deepEqual(node.metadata.labels, {
    zone: 'a',
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': 'n1',
    'kubernetes.io/os': 'linux',
    'node-role.kubernetes.io/control-plane': 'true',
    'node-role.kubernetes.io/master': 'true',
  });
  const status = node.status!;
  assert.deepEqual(status.capacity, { cpu: '2', 'ephemeral-storage': '100Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '8Gi', pods: '110' });
  // Allocatable keeps back upstream's default hard eviction thresholds: 100Mi memory, 10% (float32) of nodefs.
  assert.equal(status.allocatable['memory'], '8092Mi');
  assert.equal(status.allocatable['ephemeral-storage'], String(100 * 1024 ** 3 - Math.trunc(100 * 1024 ** 3 * Math.fround(0.1))));
  assert.equal(status.allocatable['cpu'], '2');
  assert.deepEqual(status.addresses, [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'n1' }]);
  assert.deepEqual(status.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  assert.equal(status.nodeInfo.containerRuntimeVersion, 'process://0.1.0');
  assert.match(status.nodeInfo.kubeletVersion, /^v1\.32\.\d+$/);
  assert.equal(status.nodeInfo.kubeProxyVersion, status.nodeInfo.kubeletVersion);
  assert.equal(status.conditions.length, 4);
});

test('agents carry no role label', () => {
  const node = buildNode({ ...CONFIG, controlPlane: false }, FACTS, HEALTHY, T0);
  assert.ok(!Object.keys(node.metadata.labels!).some((k) => k.startsWith('node-role.')));
});

test('goArch and prettyName', () => {
  assert.equal(goArch('x64'), 'amd64');
  assert.equal(goArch('arm64'), 'arm64');
  assert.equal(prettyName('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'), 'Debian GNU/Linux 12 (bookworm)');
  assert.equal(prettyName('PRETTY_NAME=Plain\n'), 'Plain');
  assert.equal(prettyName('NAME=x\n'), 'Linux');
});

test('reconcileExistingNode: sets owned labels and the annotation, keeps user labels; nothing to do when in line', () => {
  const desired = buildNode(CONFIG, FACTS, HEALTHY, T0);
  const owned = ownedLabels(CONFIG, FACTS);
  const existing = { metadata: { name: 'n1', labels: { ...owned, 'kubernetes.io/arch': 'arm64', team: 'x' } } };
  assert.deepEqual(reconcileExistingNode(existing, desired, owned), {
    metadata: { labels: { 'kubernetes.io/arch': 'amd64' }, annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
  });
  assert.equal(reconcileExistingNode(desired, desired, owned), undefined);
});

test('nodeStatusChanged ignores heartbeats only', () => {
  const a = buildNode(CONFIG, FACTS, HEALTHY, T0).status!;
  const b = buildNode(CONFIG, FACTS, HEALTHY, T0 + 10_000).status!;
  b.conditions = b.conditions.map((c) => ({ ...c, lastTransitionTime: a.conditions[0]!.lastTransitionTime }));
  assert.equal(nodeStatusChanged(a, b), false);
  assert.equal(nodeStatusChanged(a, { ...b, capacity: { ...b.capacity, cpu: '4' } }), true);
  assert.equal(nodeStatusChanged(undefined, b), true);
});

test('renewedLease: new lease held by the node with owner, renewal keeps rv and owner', () => {
  const fresh = renewedLease(undefined, 'n1', 'uid-1', T0);
  assert.deepEqual(fresh.spec, { holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: '2025-01-01T00:00:00.000000Z' });
  assert.deepEqual(fresh.metadata['ownerReferences'], [{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'uid-1' }]);
  assert.equal(fresh.metadata.namespace, 'kube-node-lease');
  const renewed = renewedLease({ ...fresh, metadata: { ...fresh.metadata, resourceVersion: '7' } }, 'n1', undefined, T0 + 10_000);
  assert.equal(renewed.metadata.resourceVersion, '7');
  assert.equal(renewed.spec!.renewTime, '2025-01-01T00:00:10.000000Z');
  assert.deepEqual(renewed.metadata['ownerReferences'], fresh.metadata['ownerReferences']);
  assert.equal(renewedLease(undefined, 'n1', undefined, T0).metadata['ownerReferences'], undefined);
});
