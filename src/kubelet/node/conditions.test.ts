import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateMessage, computeConditions, conditionsChanged, HEALTHY } from './conditions.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const T1 = T0 + 10_000;

test('first computation: four conditions in upstream order, healthy, transition = heartbeat = now', () => {
  const { conditions, events } = computeConditions(undefined, HEALTHY, T0);
  assert.deepEqual(
    conditions.map((c) => [c.type, c.status, c.reason, c.message]),
    [
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ],
  );
  for (const c of conditions) {
    assert.equal(c.lastHeartbeatTime, '2025-01-01T00:00:00Z');
    assert.equal(c.lastTransitionTime, '2025-01-01T00:00:00Z');
  }
  assert.deepEqual(events, ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']);
});

test('no status change: heartbeat moves, transition stays, nothing counts as changed', () => {
  const first = computeConditions(undefined, HEALTHY, T0).conditions;
  const { conditions, events } = computeConditions(first, HEALTHY, T1);
  assert.ok(conditions.every((c) => c.lastHeartbeatTime === '2025-01-01T00:00:10Z'));
  assert.ok(conditions.every((c) => c.lastTransitionTime === '2025-01-01T00:00:00Z'));
  assert.deepEqual(events, []);
  assert.equal(conditionsChanged(first, conditions), false);
  assert.equal(first[0]!.lastHeartbeatTime, '2025-01-01T00:00:00Z', 'input not modified');
});

test('runtime down: Ready=False KubeletNotReady with the error, transition now; back to ready transitions again', () => {
  const first = computeConditions(undefined, HEALTHY, T0).conditions;
  const down = computeConditions(first, { ...HEALTHY, readyErrors: ['container runtime is down'] }, T1);
  const ready = down.conditions.find((c) => c.type === 'Ready')!;
  assert.deepEqual([ready.status, ready.reason, ready.message, ready.lastTransitionTime], ['False', 'KubeletNotReady', 'container runtime is down', '2025-01-01T00:00:10Z']);
  assert.deepEqual(down.events, ['NodeNotReady']);
  assert.equal(conditionsChanged(first, down.conditions), true);
  // A different message without a status change is a change, not a transition.
  const other = computeConditions(down.conditions, { ...HEALTHY, readyErrors: ['a', 'b'] }, T1 + 10_000);
  const r2 = other.conditions.find((c) => c.type === 'Ready')!;
  assert.equal(r2.message, '[a, b]');
  assert.equal(r2.lastTransitionTime, '2025-01-01T00:00:10Z');
  assert.equal(conditionsChanged(down.conditions, other.conditions), true);
  const back = computeConditions(other.conditions, HEALTHY, T1 + 20_000);
  assert.equal(back.conditions.find((c) => c.type === 'Ready')!.lastTransitionTime, '2025-01-01T00:00:30Z');
  assert.deepEqual(back.events, ['NodeReady']);
});

test('pressure flips reason and message; other condition types are kept in place', () => {
  const start = [{ type: 'NetworkUnavailable', status: 'False' as const, lastHeartbeatTime: 'x', lastTransitionTime: 'x', reason: 'RouteCreated', message: 'm' }];
  const { conditions, events } = computeConditions(start, { ...HEALTHY, memoryPressure: true, diskPressure: true, pidPressure: true }, T0);
  assert.deepEqual(conditions[0], start[0]);
  assert.deepEqual(
    conditions.slice(1, 4).map((c) => [c.status, c.reason, c.message]),
    [
      ['True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available'],
      ['True', 'KubeletHasDiskPressure', 'kubelet has disk pressure'],
      ['True', 'KubeletHasInsufficientPID', 'kubelet has insufficient PID available'],
    ],
  );
  assert.deepEqual(events, ['NodeHasInsufficientMemory', 'NodeHasDiskPressure', 'NodeHasInsufficientPID']);
});

test('aggregateMessage formats like utilerrors.Aggregate', () => {
  assert.equal(aggregateMessage(['one']), 'one');
  assert.equal(aggregateMessage(['one', 'two']), '[one, two]');
});
