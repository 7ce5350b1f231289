import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from './generic/object.js';
import { REPLICAS_SCALE, toScale, validateScale, withReplicas, type ScaleSpec } from './scale.js';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', creationTimestamp: '2024-01-01T00:00:00Z', labels: { a: 'b' } },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] } },
  status: { replicas: 2 },
};

describe('scale', () => {
  test("a Scale shows the parent's identity, replicas and selector", () => {
    assert.deepEqual(toScale(deployment, REPLICAS_SCALE), {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: { replicas: 3 },
      status: { replicas: 2, selector: 'app=web,tier in (a,b)' },
    });
  });

  test('map selectors (replication controllers)', () => {
    const spec: ScaleSpec = { ...REPLICAS_SCALE, selectorKind: 'map' };
    const rc: KubeObject = { metadata: { name: 'rc' }, spec: { replicas: 1, selector: { b: '2', a: '1' } } };
    assert.deepEqual(toScale(rc, spec).status, { replicas: 0, selector: 'a=1,b=2' });
  });

  test('an update changes spec.replicas alone', () => {
    const updated = withReplicas(deployment, REPLICAS_SCALE, 5);
    assert.deepEqual(updated, { ...deployment, spec: { ...(deployment['spec'] as object), replicas: 5 } });
    assert.equal((deployment['spec'] as { replicas: number }).replicas, 3, 'the parent is not mutated');
  });

  test('negative replicas are invalid', () => {
    assert.deepEqual(validateScale({ metadata: {}, spec: { replicas: -1 } }), [{ type: 'FieldValueInvalid', field: 'spec.replicas', value: -1, detail: 'must be greater than or equal to 0' }]);
    assert.deepEqual(validateScale({ metadata: {}, spec: { replicas: 0 } }), []);
  });
});
