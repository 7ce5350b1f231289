import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeObject, PodObject } from '../shared/node-types.js';
import { missingNodeNames, terminatedPodsOverThreshold, terminatingPodsOnOutOfServiceNodes, unscheduledTerminatingPods } from './select.js';

function pod(name: string, phase: string, created: string, extra: { reason?: string; nodeName?: string; deleting?: boolean } = {}): PodObject {
  return {
    metadata: { name, namespace: 'ns', creationTimestamp: created, ...(extra.deleting ? { deletionTimestamp: '2024-01-02T00:00:00Z' } : {}) },
    spec: extra.nodeName ? { nodeName: extra.nodeName } : {},
    status: { phase, ...(extra.reason ? { reason: extra.reason } : {}) },
  };
}
const names = (pods: PodObject[]) => pods.map((p) => p.metadata.name);

test('terminated pods over the threshold: evicted first, then oldest, then by name', () => {
  const pods = [
    pod('running', 'Running', '2024-01-01T00:00:00Z'),
    pod('new-done', 'Succeeded', '2024-01-01T00:05:00Z'),
    pod('old-failed', 'Failed', '2024-01-01T00:01:00Z'),
    pod('evicted', 'Failed', '2024-01-01T00:09:00Z', { reason: 'Evicted' }),
    pod('b-same', 'Succeeded', '2024-01-01T00:02:00Z'),
    pod('a-same', 'Succeeded', '2024-01-01T00:02:00Z'),
  ];
  assert.deepEqual(names(terminatedPodsOverThreshold(pods, 2)), ['evicted', 'old-failed', 'a-same']);
  assert.deepEqual(names(terminatedPodsOverThreshold(pods, 5)), []);
  assert.deepEqual(names(terminatedPodsOverThreshold(pods, 0)), [], 'a threshold <= 0 disables');
});

test('terminating pods on not-Ready out-of-service nodes only', () => {
  const nodes: Record<string, NodeObject> = {
    oos: { metadata: { name: 'oos' }, spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } },
    readyOos: { metadata: { name: 'readyOos' }, spec: { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    down: { metadata: { name: 'down' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } },
  };
  const pods = [
    pod('a', 'Running', '2024-01-01T00:00:00Z', { nodeName: 'oos', deleting: true }),
    pod('b', 'Running', '2024-01-01T00:00:00Z', { nodeName: 'oos' }),
    pod('c', 'Running', '2024-01-01T00:00:00Z', { nodeName: 'readyOos', deleting: true }),
    pod('d', 'Running', '2024-01-01T00:00:00Z', { nodeName: 'down', deleting: true }),
  ];
  assert.deepEqual(names(terminatingPodsOnOutOfServiceNodes(pods, (n) => nodes[n])), ['a']);
});

test('unscheduled terminating pods and missing nodes', () => {
  const pods = [pod('a', 'Pending', 't', { deleting: true }), pod('b', 'Pending', 't'), pod('c', 'Running', 't', { nodeName: 'gone', deleting: true }), pod('d', 'Running', 't', { nodeName: 'here' })];
  assert.deepEqual(names(unscheduledTerminatingPods(pods)), ['a']);
  assert.deepEqual([...missingNodeNames(pods, new Set(['here']))], ['gone']);
});
