import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BURST_REPLICAS, replicaChange } from './diff.js';

test('creates the missing pods and deletes the extra ones, at most a burst per sync', () => {
  assert.deepEqual(replicaChange(1, 3), { action: 'create', count: 2 });
  assert.deepEqual(replicaChange(5, 2), { action: 'delete', count: 3 });
  assert.deepEqual(replicaChange(2, 2), { action: 'none' });
  assert.deepEqual(replicaChange(0, 0), { action: 'none' });
  assert.deepEqual(replicaChange(0, 1200), { action: 'create', count: BURST_REPLICAS });
  assert.deepEqual(replicaChange(900, 0), { action: 'delete', count: BURST_REPLICAS });
  assert.deepEqual(replicaChange(0, 7, 4), { action: 'create', count: 4 });
});
