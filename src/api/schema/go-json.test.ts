import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeGoJSON } from './go-json.js';

const POD = 'k8s.io.api.core.v1.Pod';
const DEPLOYMENT = 'k8s.io.api.apps.v1.Deployment';

test('empty omitempty lists and maps are left out, in metadata and spec, at any depth', () => {
  const pod: Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: '2024-01-01T00:00:00Z', ownerReferences: [], finalizers: [], labels: {}, annotations: {}, managedFields: [] },
    spec: {
      containers: [{ name: 'c', image: 'busybox', args: [], env: [], resources: { limits: {}, requests: { cpu: '1' } } }],
      volumes: [],
      nodeSelector: {},
      tolerations: [],
    },
  };
  normalizeGoJSON(POD, pod);
  assert.deepEqual(pod, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: { containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '1' } } }] },
  });
});

test('lists without omitempty keep their emptiness; non-empty ones and unknown fields are untouched', () => {
  const pod: Record<string, unknown> = {
    metadata: { name: 'p', creationTimestamp: '2024-01-01T00:00:00Z', labels: { a: 'b' }, finalizers: ['x'] },
    spec: { containers: [] },
    extra: [],
  };
  normalizeGoJSON(POD, pod);
  assert.deepEqual(pod, { metadata: { name: 'p', creationTimestamp: '2024-01-01T00:00:00Z', labels: { a: 'b' }, finalizers: ['x'] }, spec: { containers: [] }, extra: [] });
});

test('value-typed times read null when absent or null; pointer times stay absent', () => {
  const pod: Record<string, unknown> = {
    metadata: { name: 'p', creationTimestamp: '2024-01-01T00:00:00Z' },
    status: {
      conditions: [
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: '2024-01-01T00:00:01Z' },
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:01Z' },
      ],
    },
  };
  normalizeGoJSON(POD, pod);
  const status = pod['status'] as { conditions: Record<string, unknown>[] };
  assert.deepEqual(status.conditions[0], { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: '2024-01-01T00:00:01Z', lastProbeTime: null });
  assert.equal(status.conditions[1]!['lastProbeTime'], null);
  assert.equal('deletionTimestamp' in (pod['metadata'] as object), false, 'a *metav1.Time is omitted');
  const deployment: Record<string, unknown> = { metadata: { name: 'd', creationTimestamp: '2024-01-01T00:00:00Z' }, spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } } };
  normalizeGoJSON(DEPLOYMENT, deployment);
  assert.deepEqual((deployment['spec'] as { template: { metadata: unknown } }).template.metadata, { labels: { app: 'web' }, creationTimestamp: null });
});

test('idempotent', () => {
  const pod: Record<string, unknown> = { metadata: { name: 'p', labels: {} }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
  normalizeGoJSON(POD, pod);
  const once = structuredClone(pod);
  normalizeGoJSON(POD, pod);
  assert.deepEqual(pod, once);
});
