import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyTaintChanges, taintExists, taintSetDiff } from './taints.js';

const unreachableNoExecute = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const unreachableNoSchedule = { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' };
const user = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

test('taints match by key and effect only', () => {
  assert.equal(taintExists([{ ...unreachableNoExecute, timeAdded: '2024-01-01T00:00:00Z' }], unreachableNoExecute), true);
  assert.equal(taintExists([unreachableNoSchedule], unreachableNoExecute), false);
  assert.equal(taintExists(undefined, unreachableNoExecute), false);
});

test('taintSetDiff: what to add and what to remove', () => {
  assert.deepEqual(taintSetDiff([unreachableNoSchedule, user], [user, unreachableNoExecute]), { add: [unreachableNoSchedule], remove: [unreachableNoExecute] });
  assert.deepEqual(taintSetDiff([], []), { add: [], remove: [] });
});

test('applyTaintChanges keeps other taints, replaces a changed one, and reports no change when there is none', () => {
  const added = { ...unreachableNoExecute, timeAdded: '2024-01-01T00:00:00Z' };
  assert.deepEqual(applyTaintChanges([user], [added], []), { taints: [user, added], changed: true });
  assert.deepEqual(applyTaintChanges([user, added], [added], []), { taints: [user, added], changed: false });
  assert.deepEqual(applyTaintChanges([user, added], [], [unreachableNoExecute]), { taints: [user], changed: true });
  assert.deepEqual(applyTaintChanges([user], [], [unreachableNoExecute]), { taints: [user], changed: false });
  const input = [user];
  applyTaintChanges(input, [unreachableNoSchedule], [user]);
  assert.deepEqual(input, [user], 'input untouched');
});
