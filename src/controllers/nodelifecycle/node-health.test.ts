import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatTime } from '../../client/events/index.js';
import { formatMicroTime } from '../../client/leaderelection/lease-record.js';
import type { LeaseObject, NodeObject } from '../shared/node-types.js';
import { observeNodeHealth, type HealthPeriods } from './node-health.js';

const periods: HealthPeriods = { gracePeriodMs: 40_000, startupGracePeriodMs: 60_000 };
const T0 = Date.parse('2024-05-01T10:00:00Z');

function node(heartbeat: number | undefined, status = 'True'): NodeObject {
  const conditions =
    heartbeat === undefined
      ? []
      : ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
          type,
          status: type === 'Ready' ? status : 'False',
          lastHeartbeatTime: formatTime(heartbeat),
          lastTransitionTime: formatTime(T0 - 3_600_000),
          reason: type === 'Ready' ? 'KubeletReady' : 'KubeletHasSufficient',
          message: 'fine',
        }));
  return { metadata: { name: 'n1', uid: 'u1', resourceVersion: '7', creationTimestamp: formatTime(T0 - 7_200_000) }, status: { conditions } };
}

const lease = (renew: number): LeaseObject => ({ metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { renewTime: formatMicroTime(renew) } });

describe('observeNodeHealth', () => {
  test('a node first seen is healthy for a grace period from now, whatever its old heartbeat', () => {
    const first = observeNodeHealth(undefined, node(T0 - 600_000), undefined, T0, periods);
    assert.equal(first.statusUpdate, undefined);
    assert.equal(first.health.probeTimestamp, T0);
    assert.equal(first.currentReady?.status, 'True');
    const later = observeNodeHealth(first.health, node(T0 - 600_000), undefined, T0 + 40_000, periods);
    assert.equal(later.statusUpdate, undefined, 'exactly at the grace period is still fine');
  });

  test('a renewed lease alone keeps the node healthy', () => {
    let health = observeNodeHealth(undefined, node(T0), lease(T0), T0, periods).health;
    for (let t = T0 + 10_000; t <= T0 + 120_000; t += 10_000) {
      const o = observeNodeHealth(health, node(T0), lease(t), t, periods);
      assert.equal(o.statusUpdate, undefined, `at +${t - T0} ms`);
      health = o.health;
    }
  });

  test('neither signal for longer than the grace period: monitored conditions go Unknown with upstream reason and message', () => {
    const first = observeNodeHealth(undefined, node(T0), lease(T0), T0, periods);
    const o = observeNodeHealth(first.health, node(T0), lease(T0), T0 + 40_001, periods);
    assert.equal(o.observedReady.status, 'True');
    assert.equal(o.currentReady?.status, 'Unknown');
    const conditions = o.statusUpdate?.status?.conditions ?? [];
    assert.deepEqual(
      conditions.map((c) => [c.type, c.status, c.reason, c.message, c.lastTransitionTime]),
      ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => [type, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', formatTime(T0 + 40_001)]),
    );
    assert.equal(conditions.find((c) => c.type === 'Ready')?.lastHeartbeatTime, formatTime(T0), 'the heartbeat stays the kubelet\'s');
  });

  test('a node already Unknown is not written again', () => {
    const first = observeNodeHealth(undefined, node(T0, 'Unknown'), undefined, T0, periods);
    const o = observeNodeHealth(first.health, node(T0, 'Unknown'), undefined, T0 + 100_000, periods);
    assert.equal(o.statusUpdate, undefined);
    assert.equal(o.currentReady?.status, 'Unknown');
  });

  test('a moving Ready heartbeat counts as a signal without any lease', () => {
    const first = observeNodeHealth(undefined, node(T0), undefined, T0, periods);
    const o = observeNodeHealth(first.health, node(T0 + 30_000), undefined, T0 + 30_000, periods);
    assert.equal(o.health.probeTimestamp, T0 + 30_000);
    assert.equal(observeNodeHealth(o.health, node(T0 + 30_000), undefined, T0 + 70_000, periods).statusUpdate, undefined);
  });

  test('a node that never posted status gets the startup grace period from its creation, then NeverUpdated conditions', () => {
    const fresh: NodeObject = { metadata: { name: 'n1', creationTimestamp: formatTime(T0) }, status: {} };
    assert.equal(observeNodeHealth(undefined, fresh, undefined, T0 + 60_000, periods).statusUpdate, undefined);
    const o = observeNodeHealth(undefined, fresh, undefined, T0 + 61_000, periods);
    assert.equal(o.gracePeriodMs, 60_000);
    assert.deepEqual(
      o.statusUpdate?.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message, c.lastHeartbeatTime]),
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => [type, 'Unknown', 'NodeStatusNeverUpdated', 'Kubelet never posted node status.', formatTime(T0)]),
    );
  });
});
