import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calculateStatus, getCondition, pausedCondition, progressCheckDelay, rolloutStatus, sameStatus, setCondition } from './status.js';
import { deployment, replicaSet } from './testing.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');

test('calculateStatus sums the ReplicaSets and sets Available by maxUnavailable', () => {
  const d = deployment(4, { maxSurge: 1, maxUnavailable: 1, generation: 3 });
  const newRS = replicaSet('n', 2, { available: 1 });
  const old = replicaSet('o', 3, { available: 2 });
  const status = calculateStatus([old, newRS], newRS, d, NOW);
  assert.deepEqual({ ...status, conditions: undefined }, { observedGeneration: 3, replicas: 5, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 2, conditions: undefined });
  assert.deepEqual(getCondition(status, 'Available'), {
    type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.',
    lastUpdateTime: '2026-01-01T00:10:00Z', lastTransitionTime: '2026-01-01T00:10:00Z',
  });
  const low = calculateStatus([replicaSet('n', 4, { available: 2 })], undefined, d, NOW);
  assert.equal(getCondition(low, 'Available')?.reason, 'MinimumReplicasUnavailable');
  assert.equal(getCondition(low, 'Available')?.message, 'Deployment does not have minimum availability.');
  assert.equal(low.updatedReplicas, undefined, 'zero counters are left out, as omitempty');
});

test('setCondition keeps an equal condition and the transition time of an unchanged status', () => {
  const status = { conditions: [{ type: 'Progressing', status: 'True' as const, reason: 'NewReplicaSetCreated', lastUpdateTime: 'a', lastTransitionTime: 'a' }] };
  setCondition(status, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', lastUpdateTime: 'b', lastTransitionTime: 'b' });
  assert.equal(status.conditions[0]?.lastUpdateTime, 'a');
  setCondition(status, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: 'c', lastTransitionTime: 'c' });
  assert.deepEqual([status.conditions[0]?.lastUpdateTime, status.conditions[0]?.lastTransitionTime], ['c', 'a']);
});

test('rolloutStatus: progressing, then complete with upstream messages, then no more changes', () => {
  const d = deployment(3, { maxSurge: 1, maxUnavailable: 0 });
  d.status = { conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: 'Created new replica set "web-abc"', lastUpdateTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z' }] };
  const newRS = { ...replicaSet('web-abc', 1, { available: 0 }) };
  const progressing = rolloutStatus([replicaSet('o', 3), newRS], newRS, d, NOW);
  const p = getCondition(progressing, 'Progressing');
  assert.deepEqual([p?.status, p?.reason, p?.message, p?.lastTransitionTime, p?.lastUpdateTime], ['True', 'ReplicaSetUpdated', 'ReplicaSet "web-abc" is progressing.', '2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z']);

  const done = replicaSet('web-abc', 3);
  const complete = rolloutStatus([replicaSet('o', 0), done], done, { ...d, status: progressing }, NOW);
  const c = getCondition(complete, 'Progressing');
  assert.deepEqual([c?.reason, c?.message], ['NewReplicaSetAvailable', 'ReplicaSet "web-abc" has successfully progressed.']);
  assert.ok(sameStatus(rolloutStatus([done], done, { ...d, status: complete }, NOW + 5000), complete));
});

test('rolloutStatus times out after progressDeadlineSeconds without progress; the check is requeued at the deadline', () => {
  const d = deployment(3);
  d.spec.progressDeadlineSeconds = 60;
  const since = '2026-01-01T00:09:30Z';
  d.status = { replicas: 1, updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', lastUpdateTime: since, lastTransitionTime: since }] };
  const stuck = replicaSet('web-abc', 1, { available: 0 });
  const before = rolloutStatus([stuck], stuck, d, NOW);
  assert.equal(getCondition(before, 'Progressing')?.reason, 'NewReplicaSetCreated');
  assert.equal(progressCheckDelay(d, before, NOW), 31_000, '30 s left, plus a second');
  const after = rolloutStatus([stuck], stuck, d, NOW + 31_000);
  const t = getCondition(after, 'Progressing');
  assert.deepEqual([t?.status, t?.reason, t?.message], ['False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-abc" has timed out progressing.']);
  assert.equal(progressCheckDelay({ ...d, status: after }, after, NOW + 31_000), undefined);
});

test('pausedCondition: paused and resumed are Unknown, never over a timeout', () => {
  const d = deployment(1);
  d.spec.paused = true;
  assert.deepEqual([pausedCondition(d, NOW)?.status, pausedCondition(d, NOW)?.reason, pausedCondition(d, NOW)?.message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  d.status = { conditions: [pausedCondition(d, NOW)!] };
  assert.equal(pausedCondition(d, NOW), undefined);
  d.spec.paused = false;
  assert.deepEqual([pausedCondition(d, NOW)?.reason, pausedCondition(d, NOW)?.message], ['DeploymentResumed', 'Deployment is resumed']);
  d.status = { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] };
  d.spec.paused = true;
  assert.equal(pausedCondition(d, NOW), undefined);
});
