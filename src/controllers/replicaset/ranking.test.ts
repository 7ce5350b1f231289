import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deletionCost, podsToDelete, POD_DELETION_COST } from './ranking.js';
import type { PodLike } from './types.js';

const NOW = Date.parse('2025-01-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface PodOptions {
  node?: string;
  phase?: string;
  readySecondsAgo?: number;
  createdSecondsAgo?: number;
  restarts?: number;
  sidecarRestarts?: number;
  cost?: string;
  uid?: string;
}

function pod(name: string, o: PodOptions = {}): PodLike {
  const conditions = o.readySecondsAgo === undefined ? [{ type: 'Ready', status: 'False' }] : [{ type: 'Ready', status: 'True', lastTransitionTime: ago(o.readySecondsAgo) }];
  return {
    metadata: {
      name,
      uid: o.uid ?? `uid-${name}`,
      creationTimestamp: ago(o.createdSecondsAgo ?? 3600),
      ...(o.cost === undefined ? {} : { annotations: { [POD_DELETION_COST]: o.cost } }),
    },
    spec: { nodeName: o.node ?? 'n1', containers: [{ name: 'c' }], initContainers: [{ name: 'side', restartPolicy: 'Always' }, { name: 'init' }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions,
      containerStatuses: [{ name: 'c', restartCount: o.restarts ?? 0 }],
      initContainerStatuses: [
        { name: 'side', restartCount: o.sidecarRestarts ?? 0 },
        { name: 'init', restartCount: 100 }, // not a sidecar: never counts
      ],
    },
  };
}

/** The names of the first `count` pods chosen for deletion out of `pods`. */
const chosen = (pods: PodLike[], count = 1, related: PodLike[] = pods) => podsToDelete(pods, related, count, NOW).map((p) => p.metadata.name);

describe('pods chosen for deletion (upstream ActivePodsWithRanks)', () => {
  const readyRunning = { readySecondsAgo: 3000 };

  test('1. unassigned before assigned', () => {
    assert.deepEqual(chosen([pod('assigned', { phase: 'Pending' }), pod('unassigned', { node: '', ...readyRunning })]), ['unassigned']);
  });

  test('2. Pending before Unknown before Running', () => {
    const pods = [pod('running'), pod('unknown', { phase: 'Unknown' }), pod('pending', { phase: 'Pending' })];
    assert.deepEqual(chosen(pods, 2), ['pending', 'unknown']);
  });

  test('3. not ready before ready', () => {
    assert.deepEqual(chosen([pod('ready', readyRunning), pod('not-ready')]), ['not-ready']);
  });

  test('4. lower pod-deletion-cost first, even before a pod that became ready later', () => {
    const pods = [pod('cheap', { readySecondsAgo: 3000, cost: '-5' }), pod('default', { readySecondsAgo: 10 }), pod('dear', { readySecondsAgo: 1, cost: '100' })];
    assert.deepEqual(chosen(pods, 3), ['cheap', 'default', 'dear']);
  });

  test('5. the pod whose node holds more related active pods first', () => {
    const mine = [pod('alone', { node: 'n1', ...readyRunning }), pod('crowded', { node: 'n2', ...readyRunning })];
    const sibling = [pod('sibling-a', { node: 'n2' }), pod('sibling-b', { node: 'n2' }), pod('gone', { node: 'n1', phase: 'Succeeded' })];
    assert.deepEqual(chosen(mine, 1, [...mine, ...sibling]), ['crowded']);
  });

  test('6. both ready: the more recently ready first, in log2 buckets, ties by uid', () => {
    assert.deepEqual(chosen([pod('old', { readySecondsAgo: 4000 }), pod('recent', { readySecondsAgo: 10 })]), ['recent']);
    // 1000 s and 1010 s ago fall in the same power-of-two bucket: the uid decides, not the 10 s.
    const sameBucket = [pod('b', { readySecondsAgo: 1000, uid: 'a-uid' }), pod('a', { readySecondsAgo: 1010, uid: 'z-uid' })];
    assert.deepEqual(chosen(sameBucket), ['b']);
  });

  test('7. more restarts first, regular containers before sidecars; plain init containers never count', () => {
    const same = { readySecondsAgo: 3000 };
    assert.deepEqual(chosen([pod('calm', same), pod('crashy', { ...same, restarts: 3 })]), ['crashy']);
    assert.deepEqual(chosen([pod('calm', same), pod('sidecar-crashy', { ...same, sidecarRestarts: 2 })]), ['sidecar-crashy']);
    assert.deepEqual(chosen([pod('sidecar-crashy', { ...same, sidecarRestarts: 9 }), pod('crashy', { ...same, restarts: 1 })]), ['crashy']);
  });

  test('8. newer first (log2 buckets of age), a pod without creation time first of all', () => {
    assert.deepEqual(chosen([pod('older', { createdSecondsAgo: 100_000 }), pod('newer', { createdSecondsAgo: 60 })]), ['newer']);
    const noTime = pod('no-time');
    delete noTime.metadata.creationTimestamp;
    assert.deepEqual(chosen([pod('newer', { createdSecondsAgo: 60 }), noTime]), ['no-time']);
  });

  test('earlier criteria win over later ones', () => {
    // Newer and crashing, but ready: a not-ready old pod goes first.
    assert.deepEqual(chosen([pod('new-crashy-ready', { readySecondsAgo: 5, restarts: 9, createdSecondsAgo: 10 }), pod('old-not-ready')]), ['old-not-ready']);
  });

  test('all pods are returned when all go, and none when none go', () => {
    const pods = [pod('a'), pod('b')];
    assert.deepEqual(chosen(pods, 2).sort(), ['a', 'b']);
    assert.deepEqual(chosen(pods, 0), []);
  });
});

test('pod-deletion-cost: a decimal int32 not starting with a plus sign or a zero, anything else 0', () => {
  const withCost = (cost: string) => pod('p', { cost });
  assert.equal(deletionCost(withCost('10')), 10);
  assert.equal(deletionCost(withCost('-2147483648')), -2147483648);
  assert.equal(deletionCost(withCost('0')), 0);
  assert.equal(deletionCost(withCost('-01')), -1, 'only the first character is checked');
  for (const bad of ['+10', '010', '2147483648', '1.5', 'x', '', '-0']) assert.equal(deletionCost(withCost(bad)), 0, bad);
  assert.equal(deletionCost(pod('p')), 0);
});
