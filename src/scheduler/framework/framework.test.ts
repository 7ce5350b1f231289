import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState, stateKey, type StateData } from './cycle-state.js';
import { HostPortInfo, NodeInfo } from './node-info.js';
import { PodInfo } from './pod-info.js';
import { Snapshot } from './snapshot.js';
import { Code, Status } from './status.js';
import { FitError, mergePreFilterResults, newDiagnosis } from './types.js';
import type { Node, Pod } from './api-types.js';

const pod = (name: string, cpu: string, extra: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  metadata: { name, namespace: 'default', uid: name },
  spec: { containers: [{ name: 'c', resources: { requests: { cpu } } }], ...extra },
});
const node = (name: string): Node => ({ metadata: { name }, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, images: [{ names: ['busybox:1.36'], sizeBytes: 1000 }] } });

test('FitError message: sorted histogram, absent nodes counted, PostFilter message appended', () => {
  const d = newDiagnosis();
  d.nodeToStatus.set('a', Status.unschedulable('Insufficient cpu'));
  d.nodeToStatus.set('b', Status.unresolvable("node(s) had untolerated taint {key: value}"));
  d.nodeToStatus.set('c', Status.unresolvable("node(s) had untolerated taint {key: value}"));
  d.postFilterMsg = 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
  const err = new FitError(pod('p', '1'), 3, d);
  assert.equal(err.message, '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {key: value}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..');
  const d2 = newDiagnosis();
  d2.nodeToStatus.set('a', Status.unschedulable('Too many pods'));
  d2.nodeToStatus.setAbsentNodesStatus(Status.unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]"));
  assert.equal(new FitError(pod('p', '1'), 4, d2).message, "0/4 nodes are available: 1 Too many pods, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  const d3 = newDiagnosis();
  d3.preFilterMsg = "node(s) didn't satisfy plugin NodeAffinity";
  assert.equal(new FitError(pod('p', '1'), 2, d3).message, "0/2 nodes are available: node(s) didn't satisfy plugin NodeAffinity.");
});

test('Status message and codes', () => {
  const s = new Status(Code.Error, ['b'], new Error('a'));
  assert.equal(s.message(), 'a, b');
  assert.equal(s.isRejected(), false);
  assert.equal(Status.unschedulable('x').isRejected(), true);
});

test('NodeInfo sums requests, non-zero requests, ports; removePod undoes addPodInfo', () => {
  const info = new NodeInfo(node('n'));
  assert.equal(info.allocatable.milliCPU, 2000);
  assert.equal(info.allocatable.allowedPodNumber, 110);
  const withPort = pod('a', '500m', { containers: [{ name: 'c', resources: { requests: { cpu: '500m' } }, ports: [{ containerPort: 80, hostPort: 8080 }] }] });
  info.addPodInfo(new PodInfo(withPort));
  info.addPodInfo(new PodInfo({ metadata: { name: 'b', uid: 'b' }, spec: { containers: [{ name: 'c' }] } }));
  assert.equal(info.requested.milliCPU, 500);
  assert.equal(info.nonZeroRequested.milliCPU, 600);
  assert.equal(info.nonZeroRequested.memory, 2 * 200 * 1024 * 1024);
  assert.equal(info.usedPorts.checkConflict('127.0.0.1', 'TCP', 8080), true);
  const clone = info.clone();
  assert.equal(info.removePod(withPort), true);
  assert.equal(info.requested.milliCPU, 0);
  assert.equal(info.usedPorts.checkConflict('', 'TCP', 8080), false);
  assert.equal(clone.requested.milliCPU, 500, 'the clone is independent');
  assert.equal(info.removePod(withPort), false);
});

test('pod requests: init containers take the max, sidecars add up, overhead added', () => {
  const p: Pod = {
    metadata: { name: 'p' },
    spec: {
      initContainers: [
        { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
        { name: 'init', resources: { requests: { cpu: '2' } } },
      ],
      containers: [{ name: 'c', resources: { requests: { cpu: '500m' } } }],
      overhead: { cpu: '10m' },
    },
  };
  // max(500m + 100m, 2 + 100m) + 10m
  assert.equal(new PodInfo(p).requests.milliCPU, 2110);
});

test('HostPortInfo: 0.0.0.0 conflicts with every address', () => {
  const ports = new HostPortInfo();
  ports.add('127.0.0.1', 'TCP', 80);
  assert.equal(ports.checkConflict('0.0.0.0', 'TCP', 80), true);
  assert.equal(ports.checkConflict('10.0.0.1', 'TCP', 80), false);
  assert.equal(ports.checkConflict('127.0.0.1', 'UDP', 80), false);
});

test('CycleState clone copies data through clone()', () => {
  class Counter implements StateData {
    constructor(public n: number) {}
    clone(): Counter {
      return new Counter(this.n);
    }
  }
  const key = stateKey<Counter>('counter');
  const state = new CycleState();
  state.write(key, new Counter(1));
  const copy = state.clone();
  copy.read(key)!.n = 2;
  assert.equal(state.read(key)!.n, 1);
  assert.throws(() => new CycleState().mustRead(key), /not found/);
});

test('Snapshot lists nodes with affinity pods and image summaries; PreFilterResult merge intersects', () => {
  const anti: Pod = { ...pod('x', '1'), spec: { nodeName: 'n1', containers: [], affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'a' } } }] } } } };
  const snap = Snapshot.fromPodsAndNodes([anti], [node('n1'), node('n2')]);
  assert.deepEqual(snap.havePodsWithRequiredAntiAffinityList().map((n) => n.name), ['n1']);
  assert.deepEqual(snap.get('n2')!.imageStates.get('busybox:1.36'), { size: 1000, numNodes: 2 });
  const merged = mergePreFilterResults({ nodeNames: new Set(['a', 'b']) }, { nodeNames: new Set(['b', 'c']) });
  assert.deepEqual([...merged!.nodeNames!], ['b']);
  assert.equal(mergePreFilterResults(null, null), null);
});
