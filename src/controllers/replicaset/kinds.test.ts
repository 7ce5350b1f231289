import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REPLICA_SET, REPLICATION_CONTROLLER } from './kinds.js';

const labels = { app: 'web', tier: 'front' };

test('a ReplicaSet selector is a metav1.LabelSelector: absent selects nothing, {} everything, bad ones throw', () => {
  const sel = (selector: unknown) => REPLICA_SET.selector({ metadata: {}, spec: { selector } });
  assert.equal(sel({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }).matches(labels), true);
  assert.equal(sel({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }).matches(labels), false);
  assert.equal(sel(undefined).matches(labels), false);
  assert.equal(sel({}).isEmpty(), true);
  assert.throws(() => sel({ matchExpressions: [{ key: 'tier', operator: 'Near' }] }), /"Near" is not a valid label selector operator/);
});

test('a ReplicationController selector is a label map: every pair must match; absent selects nothing', () => {
  const sel = (selector: unknown) => REPLICATION_CONTROLLER.selector({ metadata: {}, spec: { selector } });
  assert.equal(sel({ app: 'web' }).matches(labels), true);
  assert.equal(sel({ app: 'web', tier: 'back' }).matches(labels), false);
  assert.equal(sel(undefined).matches(labels), false);
  assert.equal(sel(null).matches(labels), false);
});

test('owner kinds, API versions and event components are upstream ones', () => {
  assert.deepEqual([REPLICA_SET.kind, REPLICA_SET.apiVersion, REPLICA_SET.component], ['ReplicaSet', 'apps/v1', 'replicaset-controller']);
  assert.deepEqual([REPLICATION_CONTROLLER.kind, REPLICATION_CONTROLLER.apiVersion, REPLICATION_CONTROLLER.component], ['ReplicationController', 'v1', 'replication-controller']);
});
