import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  getProportion,
  isSaturated,
  lastRevision,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  resolveFenceposts,
} from './replica-sets.js';
import { deployment, image, replicaSet } from './testing.js';

test('resolveFenceposts rounds surge up and unavailable down; both zero make unavailable 1', () => {
  assert.deepEqual(resolveFenceposts('25%', '25%', 10), [3, 2]);
  assert.deepEqual(resolveFenceposts('25%', '25%', 3), [1, 0]);
  assert.deepEqual(resolveFenceposts('0%', '1%', 2), [0, 1]);
  assert.deepEqual(resolveFenceposts('1%', '25%', 2), [1, 0]);
  assert.deepEqual(resolveFenceposts(1, 0, 3), [1, 0]);
  assert.deepEqual(resolveFenceposts(0, 0, 3), [0, 1]);
  assert.deepEqual(resolveFenceposts(undefined, undefined, 5), [0, 1]);
  assert.deepEqual(resolveFenceposts('100%', '100%', 7), [7, 7]);
});

test('maxUnavailable is capped by replicas and 0 for Recreate or no replicas; maxSurge 0 for Recreate', () => {
  assert.equal(maxUnavailable(deployment(2, { maxUnavailable: 5 })), 2);
  assert.equal(maxUnavailable(deployment(0, { maxUnavailable: 5 })), 0);
  assert.equal(maxUnavailable(deployment(4, { strategy: 'Recreate' })), 0);
  assert.equal(maxSurge(deployment(4, { strategy: 'Recreate' })), 0);
  assert.equal(maxSurge(deployment(10)), 3);
});

test('the new ReplicaSet is the oldest whose template matches; the others are old', () => {
  const d = deployment(3);
  const a = replicaSet('a', 1, { created: 1, image: 'busybox:1.36' });
  const b = replicaSet('b', 1, { created: 0, image: 'busybox:1.36' });
  const c = replicaSet('c', 1, { created: 0, image: 'nginx' });
  assert.equal(findNewReplicaSet(d, [a, b, c])?.metadata.name, 'b');
  assert.deepEqual(findOldReplicaSets(d, [a, b, c]).map((rs) => rs.metadata.name), ['a', 'c']);
  assert.equal(findNewReplicaSet({ ...d, spec: { ...d.spec, template: image('other') } }, [a, b, c]), undefined);
});

test('revisions: the highest, and the one before it', () => {
  const rss = [replicaSet('a', 0, { revision: 3 }), replicaSet('b', 0, { revision: 7 }), replicaSet('c', 0, { revision: 5 }), replicaSet('d', 0)];
  assert.equal(maxRevision(rss), 7);
  assert.equal(lastRevision(rss), 5);
  assert.equal(lastRevision([replicaSet('x', 0, { revision: 1 })]), 0);
});

test('findActiveOrLatest: the single active ReplicaSet, the newest when none is active, none when several are', () => {
  const oldA = replicaSet('a', 0, { created: 1 });
  const oldB = replicaSet('b', 0, { created: 2 });
  const newRS = replicaSet('n', 0, { created: 3 });
  assert.equal(findActiveOrLatest(newRS, [oldA, oldB])?.metadata.name, 'n');
  assert.equal(findActiveOrLatest(undefined, [oldA, oldB])?.metadata.name, 'b');
  assert.equal(findActiveOrLatest(newRS, [replicaSet('a', 2), oldB])?.metadata.name, 'a');
  assert.equal(findActiveOrLatest(replicaSet('n', 1), [replicaSet('a', 2)]), undefined);
});

test('newRSNewReplicas: rolling updates stay within replicas + maxSurge, Recreate takes everything', () => {
  const d = deployment(10, { maxSurge: 3 });
  const newRS = replicaSet('n', 0);
  assert.equal(newRSNewReplicas(d, [replicaSet('o', 10), newRS], newRS), 3);
  assert.equal(newRSNewReplicas(d, [replicaSet('o', 13), newRS], newRS), 0);
  const almost = replicaSet('n', 9);
  assert.equal(newRSNewReplicas(d, [replicaSet('o', 0), almost], almost), 10, 'never above replicas');
  assert.equal(newRSNewReplicas(deployment(4, { strategy: 'Recreate' }), [newRS], newRS), 4);
});

test('isSaturated needs the size, the desired-replicas annotation and every replica available', () => {
  const d = deployment(3);
  assert.ok(isSaturated(d, replicaSet('n', 3, { desired: 3 })));
  assert.ok(!isSaturated(d, replicaSet('n', 3)));
  assert.ok(!isSaturated(d, replicaSet('n', 3, { desired: 3, available: 2 })));
  assert.ok(!isSaturated(d, undefined));
});

test('getProportion: the share of the max-replicas annotation, bounded by what is left to add or remove', () => {
  const d = deployment(10, { maxSurge: 0, maxUnavailable: 1 });
  const rs = replicaSet('a', 3, { maxReplicas: 5 });
  assert.equal(getProportion(rs, d, 5, 0), 3); // 3 * 10 / 5 = 6 → +3
  assert.equal(getProportion(rs, d, 5, 4), 1, 'bounded by what is left');
  const down = deployment(3, { maxSurge: 0, maxUnavailable: 1 });
  assert.equal(getProportion(rs, down, -2, 0), -1); // round(3 * 3 / 5 = 1.8) = 2 → -1
  assert.equal(getProportion(replicaSet('z', 0), d, 5, 0), 0);
  assert.equal(getProportion(rs, deployment(0), -3, 0), -3, 'scaling to zero gives back everything');
});
