import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calculateStatus, REPLICA_FAILURE, statusChanged } from './status.js';
import type { PodLike, ReplicaSetLike } from './types.js';

const NOW = Date.parse('2025-01-01T00:01:00Z');

function owner(extra: { replicas?: number; minReadySeconds?: number; generation?: number; status?: ReplicaSetLike['status'] } = {}): ReplicaSetLike {
  return {
    metadata: { name: 'web', namespace: 'default', generation: extra.generation ?? 3 },
    spec: { replicas: extra.replicas ?? 3, minReadySeconds: extra.minReadySeconds ?? 0, template: { metadata: { labels: { app: 'web', tier: 'front' } } } },
    status: extra.status,
  };
}

function pod(labels: Record<string, string>, readySince?: string): PodLike {
  const conditions = readySince === undefined ? [] : [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }];
  return { metadata: { name: 'p', labels }, status: { phase: 'Running', conditions } };
}

test('counts replicas, fully labeled, ready and available pods; observedGeneration is the generation', () => {
  const pods = [
    pod({ app: 'web', tier: 'front', extra: 'x' }, '2025-01-01T00:00:00Z'), // ready 60 s
    pod({ app: 'web', tier: 'front' }, '2025-01-01T00:00:50Z'), // ready 10 s
    pod({ app: 'web' }), // not ready, missing a template label
  ];
  assert.deepEqual(calculateStatus(owner({ minReadySeconds: 30 }), pods, undefined, NOW), {
    replicas: 3,
    fullyLabeledReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 1,
    observedGeneration: 3,
  });
  assert.equal(calculateStatus(owner(), pods, undefined, NOW).availableReplicas, 2, 'without minReadySeconds every ready pod is available');
});

test('zero counters are left out, replicas is always there', () => {
  assert.deepEqual(calculateStatus(owner({ generation: 1 }), [], undefined, NOW), { replicas: 0, observedGeneration: 1 });
});

test('a failed create adds ReplicaFailure FailedCreate with the message; a failed delete FailedDelete', () => {
  const created = calculateStatus(owner({ replicas: 3 }), [pod({ app: 'web' })], new Error('pods "web-x" is forbidden: exceeded quota'), NOW);
  assert.deepEqual(created.conditions, [
    { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: '2025-01-01T00:01:00Z', reason: 'FailedCreate', message: 'pods "web-x" is forbidden: exceeded quota' },
  ]);
  const deleted = calculateStatus(owner({ replicas: 0 }), [pod({ app: 'web' })], new Error('boom'), NOW);
  assert.equal(deleted.conditions?.[0]?.reason, 'FailedDelete');
});

test('an existing ReplicaFailure stays as it is while errors go on, and goes once a sync succeeds', () => {
  const existing = { type: REPLICA_FAILURE, status: 'True', lastTransitionTime: '2024-12-31T00:00:00Z', reason: 'FailedCreate', message: 'first' };
  const other = { type: 'Other', status: 'True' };
  const failing = owner({ status: { replicas: 0, conditions: [other, existing] } });
  assert.deepEqual(calculateStatus(failing, [], new Error('second'), NOW).conditions, [other, existing]);
  assert.deepEqual(calculateStatus(failing, [], undefined, NOW).conditions, [other]);
  assert.equal(calculateStatus(owner({ status: { replicas: 0, conditions: [existing] } }), [], undefined, NOW).conditions, undefined);
});

test('statusChanged: absent counters equal zero; any counter, the generation or conditions differing is a change', () => {
  const status = { replicas: 2, readyReplicas: 2, observedGeneration: 1 };
  assert.equal(statusChanged({ replicas: 2, readyReplicas: 2, observedGeneration: 1, fullyLabeledReplicas: 0 }, status), false);
  assert.equal(statusChanged(undefined, { replicas: 0 }), false);
  assert.equal(statusChanged(status, { ...status, availableReplicas: 1 }), true);
  assert.equal(statusChanged(status, { ...status, observedGeneration: 2 }), true);
  assert.equal(statusChanged(status, { ...status, conditions: [{ type: REPLICA_FAILURE, status: 'True' }] }), true);
  assert.equal(statusChanged({ ...status, conditions: [] }, status), false);
});
