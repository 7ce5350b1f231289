import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newReplicaSetTarget, oldReplicaSetsPlan, scalePlan, type ScaleStep } from './plans.js';
import { activeReplicaSets, availableReplicaCount, replicaCount } from './replica-sets.js';
import { deployment, replicaSet } from './testing.js';
import type { ReplicaSet } from './types.js';

const sizes = (steps: ScaleStep[]): Record<string, number> => Object.fromEntries(steps.map((s) => [s.rs.metadata.name, s.replicas]));

/** upstream sync_test.go TestScale (maxSurge 0; max-replicas annotated with the old size). */
test('scalePlan: proportional scaling of a rollout in progress, as upstream TestScale', () => {
  const cases: { name: string; replicas: number; old: number; newRS: number; olds: number[]; want: Record<string, number> }[] = [
    { name: '5 -> 10', replicas: 10, old: 5, newRS: 2, olds: [3], want: { n: 4, o0: 6 } },
    { name: '5 -> 3', replicas: 3, old: 5, newRS: 2, olds: [3], want: { n: 1, o0: 2 } },
    { name: '9 -> 4', replicas: 4, old: 9, newRS: 8, olds: [1], want: { n: 4, o0: 0 } },
    { name: '7 -> 10', replicas: 10, old: 7, newRS: 2, olds: [3, 2], want: { n: 3, o0: 4, o1: 3 } },
    { name: '13 -> 8', replicas: 8, old: 13, newRS: 2, olds: [8, 3], want: { n: 1, o0: 5, o1: 2 } },
    { name: 'leftover 3 -> 4', replicas: 4, old: 3, newRS: 1, olds: [1, 1], want: { n: 2, o0: 1, o1: 1 } },
    { name: 'leftover 4 -> 3', replicas: 3, old: 4, newRS: 1, olds: [1, 1, 1], want: { n: 1, o0: 0, o1: 1, o2: 1 } },
    { name: 'to zero', replicas: 0, old: 10, newRS: 3, olds: [7], want: { n: 0, o0: 0 } },
  ];
  for (const c of cases) {
    const d = deployment(c.replicas, { maxSurge: 0, maxUnavailable: 1 });
    // the new ReplicaSet is the newest; old ones are older in order o0 (oldest) …
    const newRS = replicaSet('n', c.newRS, { created: 100, maxReplicas: c.old, desired: c.old, image: 'busybox:1.36' });
    const olds = c.olds.map((n, i) => replicaSet(`o${i}`, n, { created: i, maxReplicas: c.old, desired: c.old }));
    const steps = scalePlan(d, newRS, olds);
    assert.ok(steps.every((s) => s.refreshAnnotations), c.name);
    const got = { ...Object.fromEntries([newRS, ...olds].map((rs) => [rs.metadata.name, rs.spec.replicas])), ...sizes(steps) };
    assert.deepEqual(got, c.want, c.name);
  }
});

test('scalePlan: one active ReplicaSet takes the whole size; a saturated new one empties the old ones', () => {
  const d = deployment(5);
  assert.deepEqual(sizes(scalePlan(d, replicaSet('n', 3, { created: 1 }), [replicaSet('o', 0)])), { n: 5 });
  assert.deepEqual(scalePlan(d, replicaSet('n', 5, { created: 1 }), []), []);
  const saturated = replicaSet('n', 5, { desired: 5, created: 2 });
  assert.deepEqual(sizes(scalePlan(d, saturated, [replicaSet('o', 2, { desired: 5 })])), { o: 0 });
  assert.deepEqual(scalePlan(deployment(5, { strategy: 'Recreate' }), replicaSet('n', 1, { created: 1 }), [replicaSet('o', 2)]), [], 'Recreate never scales proportionally');
});

/**
 * A rollout of 3 replicas with maxSurge 1 and maxUnavailable 0, step by step as the controller
 * would sync it while pods come up one at a time: availability never drops below 3, and it ends
 * with the new ReplicaSet alone at 3.
 */
test('rolling update with maxUnavailable 0 never drops below the desired available count', () => {
  const d = deployment(3, { maxSurge: 1, maxUnavailable: 0 });
  let newRS: ReplicaSet = { ...replicaSet('n', 0, { created: 10, image: 'busybox:1.36' }) };
  let oldRS: ReplicaSet = replicaSet('o', 3, { created: 0 });
  const apply = (rs: ReplicaSet, replicas: number, available: number): ReplicaSet => ({ ...rs, spec: { ...rs.spec, replicas }, status: { replicas, availableReplicas: available } });
  let minAvailable = Infinity;
  for (let round = 0; round < 20; round++) {
    const all = [oldRS, newRS];
    const target = newReplicaSetTarget(all, newRS, d);
    if (target !== undefined) {
      assert.ok(replicaCount([oldRS]) + target <= 4, 'never above replicas + maxSurge');
      newRS = apply(newRS, target, newRS.status?.availableReplicas ?? 0); // new pods not available yet
    } else {
      for (const step of oldReplicaSetsPlan(all, activeReplicaSets([oldRS]), newRS, d)) {
        oldRS = apply(oldRS, step.replicas, Math.min(step.replicas, oldRS.status?.availableReplicas ?? 0));
      }
    }
    minAvailable = Math.min(minAvailable, availableReplicaCount([oldRS, newRS]));
    newRS = apply(newRS, newRS.spec.replicas ?? 0, newRS.spec.replicas ?? 0); // the new pods become available
  }
  assert.equal(minAvailable, 3);
  assert.equal(newRS.spec.replicas, 3);
  assert.equal(oldRS.spec.replicas, 0);
});

test('oldReplicaSetsPlan cleans unhealthy old replicas first, then scales down within maxUnavailable', () => {
  const d = deployment(10, { maxSurge: 3, maxUnavailable: 2 });
  const newRS = replicaSet('n', 3, { created: 10, available: 0, image: 'busybox:1.36' });
  const old = replicaSet('o', 10, { created: 0, available: 8 });
  // all 13, min available 8, new unavailable 3 → at most 2 down; both unhealthy ones go first
  assert.deepEqual(oldReplicaSetsPlan([old, newRS], [old], newRS, d).map((s) => s.replicas), [8]);
  const healthy = replicaSet('o', 10, { created: 0 });
  const ready = replicaSet('n', 3, { created: 10, image: 'busybox:1.36' });
  // 13 available, min 8: 5 down, but only the budget 13 - 8 - 0 = 5
  assert.deepEqual(oldReplicaSetsPlan([healthy, ready], [healthy], ready, d).map((s) => s.replicas), [5]);
  assert.deepEqual(oldReplicaSetsPlan([replicaSet('o', 0), ready], [], ready, d), []);
});
