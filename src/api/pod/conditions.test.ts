import assert from 'node:assert/strict';
import { test } from 'node:test';
import { updatePodCondition, type PodStatusWithConditions } from './conditions.js';

const T0 = '2024-01-01T00:00:00Z';
const T1 = '2024-01-01T00:01:00Z';

test('a new condition is appended with the transition time now', () => {
  const status: PodStatusWithConditions = {};
  assert.equal(updatePodCondition(status, { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC' }, T1), true);
  assert.deepEqual(status.conditions, [{ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', lastTransitionTime: T1 }]);
});

test('a status change moves the transition time; an identical condition changes nothing', () => {
  const status: PodStatusWithConditions = { conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: T0 }] };
  assert.equal(updatePodCondition(status, { type: 'Ready', status: 'False', lastProbeTime: null }, T1), true);
  assert.deepEqual(status.conditions, [{ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: T1 }]);
  assert.equal(updatePodCondition(status, { type: 'Ready', status: 'False', lastProbeTime: null }, '2024-01-01T00:02:00Z'), false);
  assert.equal(status.conditions![0]!.lastTransitionTime, T1);
});
