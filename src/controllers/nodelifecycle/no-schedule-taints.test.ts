import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeObject } from '../shared/node-types.js';
import { desiredNoScheduleTaints, noScheduleTaintChanges } from './no-schedule-taints.js';

const conditions = (ready: string, memory = 'False', disk = 'False', pid = 'False') => [
  { type: 'Ready', status: ready },
  { type: 'MemoryPressure', status: memory },
  { type: 'DiskPressure', status: disk },
  { type: 'PIDPressure', status: pid },
];

test('conditions and spec.unschedulable map to NoSchedule taints', () => {
  const node: NodeObject = { metadata: { name: 'n' }, spec: { unschedulable: true }, status: { conditions: conditions('Unknown', 'True', 'True', 'True') } };
  assert.deepEqual(
    desiredNoScheduleTaints(node).map((t) => `${t.key}:${t.effect}`),
    ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule'],
  );
  assert.deepEqual(desiredNoScheduleTaints({ metadata: {}, status: { conditions: conditions('False') } }), [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }]);
  assert.deepEqual(desiredNoScheduleTaints({ metadata: {}, status: { conditions: conditions('True') } }), []);
});

test('changes touch only controller-owned NoSchedule taints', () => {
  const node: NodeObject = {
    metadata: { name: 'n' },
    spec: {
      taints: [
        { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
        { key: 'dedicated', value: 'x', effect: 'NoSchedule' },
      ],
    },
    status: { conditions: conditions('Unknown') },
  };
  assert.deepEqual(noScheduleTaintChanges(node), {
    add: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }],
    remove: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }],
  });
  const healthy: NodeObject = { metadata: { name: 'n' }, spec: { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] }, status: { conditions: conditions('True') } };
  assert.deepEqual(noScheduleTaintChanges(healthy), { add: [], remove: [] });
});
