import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildHollowNode, hollowNodeIndex, hollowNodeIP, hollowPodCIDR, hollowPodIP, validateShape, type HollowNodeShape } from './hollow-node.js';
import { needsRunningStatus, runningPodStatus } from './hollow-pod.js';

interface ContainerStatus {
  state: { running?: unknown; terminated?: { reason: string } };
  restartCount: number;
}
type Status = Record<string, unknown> & {
  conditions: { type: string; status: string }[];
  initContainerStatuses: ContainerStatus[];
  containerStatuses: ContainerStatus[];
};

const SHAPE: HollowNodeShape = { namePrefix: 'sim-', cpu: 32, memory: '256Gi', pods: 110 };

test('node names map to indices and back; foreign names are -1', () => {
  assert.equal(hollowNodeIndex(SHAPE, 5000, 'sim-4999'), 4999);
  assert.equal(hollowNodeIndex(SHAPE, 5000, 'sim-5000'), -1);
  assert.equal(hollowNodeIndex(SHAPE, 5000, 'sim-01'), -1);
  assert.equal(hollowNodeIndex(SHAPE, 5000, 'node-1'), -1);
  assert.equal(hollowNodeIndex(SHAPE, 5000, undefined), -1);
});

test('addresses are distinct per node and inside their ranges', () => {
  assert.equal(hollowNodeIP(0), '172.16.0.1');
  assert.equal(hollowNodeIP(255), '172.16.1.0');
  assert.equal(hollowPodCIDR(0), '10.128.0.0/24');
  assert.equal(hollowPodCIDR(4999), '10.147.135.0/24');
  assert.equal(hollowPodIP(4999, 0), '10.147.135.2');
  assert.equal(hollowPodIP(4999, 253), '10.147.135.2');
  const ips = new Set(Array.from({ length: 32_768 }, (_, i) => hollowNodeIP(i)));
  assert.equal(ips.size, 32_768);
});

test('a hollow node: capacity from the shape, the simulated label and runtime, its pod CIDR', () => {
  const { node, owned } = buildHollowNode(SHAPE, 7, 'boot', Date.parse('2025-01-01T00:00:00Z'));
  assert.equal(node.metadata.name, 'sim-7');
  assert.equal(node.metadata.labels?.['kts.io/simulated'], 'true');
  assert.equal(owned['kts.io/simulated'], 'true');
  assert.deepEqual(node.spec, { podCIDR: '10.128.7.0/24', podCIDRs: ['10.128.7.0/24'] });
  assert.equal(node.status?.capacity['cpu'], '32');
  assert.equal(node.status?.capacity['memory'], '256Gi');
  assert.equal(node.status?.nodeInfo.containerRuntimeVersion.startsWith('simulated://'), true);
  assert.equal(node.status?.conditions.find((c) => c.type === 'Ready')?.status, 'True');
});

test('bad shapes are refused with a readable error', () => {
  assert.throws(() => validateShape({ ...SHAPE, cpu: 0 }), /--cpu must be a whole number/);
  assert.throws(() => validateShape({ ...SHAPE, memory: 'lots' }), /--memory must be a quantity/);
  assert.throws(() => validateShape({ ...SHAPE, memory: '12' }), /at least 1Gi/);
  assert.throws(() => validateShape({ ...SHAPE, namePrefix: 'Bad_' }), /--name-prefix/);
});

test('running status: phase, conditions, init and app container states, IPs', () => {
  const pod = {
    metadata: { name: 'p', uid: '0123-4567-89ab-cdef-0000' },
    spec: { nodeName: 'sim-1', initContainers: [{ name: 'init', image: 'i' }, { name: 'sidecar', image: 's', restartPolicy: 'Always' }], containers: [{ name: 'app', image: 'busybox:1.36' }] },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
  assert.equal(needsRunningStatus(pod), true);
  const status = runningPodStatus(pod, '172.16.0.2', '10.128.1.2', Date.parse('2025-01-01T00:00:00Z')) as Status;
  assert.equal(status['phase'], 'Running');
  assert.deepEqual(status['conditions'].map((c) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  assert.deepEqual(status['podIPs'], [{ ip: '10.128.1.2' }]);
  assert.deepEqual(status['hostIPs'], [{ ip: '172.16.0.2' }]);
  assert.equal(status['initContainerStatuses'][0]!.state.terminated?.reason, 'Completed');
  assert.ok(status['initContainerStatuses'][1]!.state.running);
  assert.deepEqual(status['containerStatuses'][0]!.state, { running: { startedAt: '2025-01-01T00:00:00Z' } });
  assert.equal(status['containerStatuses'][0]!.restartCount, 0);
  assert.equal(status['qosClass'], 'BestEffort');
  assert.equal(needsRunningStatus({ ...pod, status }), false);
  assert.equal(needsRunningStatus({ ...pod, metadata: { ...pod.metadata, deletionTimestamp: 'x' } }), false);
});
