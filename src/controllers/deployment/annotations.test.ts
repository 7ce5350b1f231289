import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setDeploymentAnnotationsTo, setNewReplicaSetAnnotations, setReplicasAnnotations } from './annotations.js';
import { deployment, replicaSet } from './testing.js';

test('a new ReplicaSet gets the revision, the deployment annotations but the skipped ones, and its replica annotations', () => {
  const d = deployment(4, { maxSurge: 1 });
  d.metadata.annotations = {
    'kubernetes.io/change-cause': 'kubectl set image',
    'kubectl.kubernetes.io/last-applied-configuration': '{}',
    'deployment.kubernetes.io/revision': '7',
    'deprecated.deployment.rollback.to': '1',
  };
  const rs = replicaSet('web-1', 0);
  assert.ok(setNewReplicaSetAnnotations(d, rs, '3', false));
  assert.deepEqual(rs.metadata.annotations, {
    'kubernetes.io/change-cause': 'kubectl set image',
    'deployment.kubernetes.io/revision': '3',
    'deployment.kubernetes.io/desired-replicas': '4',
    'deployment.kubernetes.io/max-replicas': '5',
  });
  assert.equal(setNewReplicaSetAnnotations(d, rs, '3', true), false, 'nothing changes the second time');
});

test('raising an existing revision (a rollback) records the old one in revision-history', () => {
  const d = deployment(1);
  const rs = replicaSet('web-1', 1, { revision: 1 });
  assert.ok(setNewReplicaSetAnnotations(d, rs, '3', true));
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
  assert.ok(setNewReplicaSetAnnotations(d, rs, '5', true));
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1,3');
  assert.equal(setNewReplicaSetAnnotations(d, rs, '4', true), false, 'a revision never goes down');
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/revision'], '5');
});

test('revision-history drops its oldest entries past the length limit', () => {
  const rs = replicaSet('web-1', 1, { revision: 9 });
  rs.metadata.annotations!['deployment.kubernetes.io/revision-history'] = '1,3,5,7';
  setNewReplicaSetAnnotations(deployment(1), rs, '10', true, 8);
  assert.equal(rs.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '3,5,7,9');
});

test('setReplicasAnnotations reports whether it changed anything', () => {
  const rs = replicaSet('web-1', 1);
  assert.ok(setReplicasAnnotations(rs, 3, 4));
  assert.equal(setReplicasAnnotations(rs, 3, 4), false);
});

test('a rollback gives the deployment the target ReplicaSet annotations, keeping its own skipped ones', () => {
  const d = deployment(1);
  d.metadata.annotations = { 'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision': '2', other: 'x' };
  const rs = replicaSet('web-1', 0, { revision: 1 });
  rs.metadata.annotations!['kubernetes.io/change-cause'] = 'v1';
  setDeploymentAnnotationsTo(d, rs);
  assert.deepEqual(d.metadata.annotations, { 'deployment.kubernetes.io/revision': '2', 'kubernetes.io/change-cause': 'v1' });
});
