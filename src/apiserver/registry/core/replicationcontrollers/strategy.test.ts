import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KubeObject } from '../../generic/object.js';
import { simulateCreate } from '../../strategy-harness.js';
import { replicationControllerColumns, replicationControllerStrategy } from './strategy.js';

const rc = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy' }, spec });
const template = (labels?: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...(labels ? { metadata: { labels } } : {}),
  spec: { containers: [{ name: 'c', image: 'busybox:1.36' }], ...extra },
});

describe('replicationcontrollers', () => {
  test('selector and labels default from the template, one replica', () => {
    const { object, errors } = simulateCreate(replicationControllerStrategy, rc({ template: template({ app: 'legacy' }) }));
    assert.deepEqual(errors, []);
    assert.deepEqual((object['spec'] as { selector: unknown }).selector, { app: 'legacy' });
    assert.deepEqual(object.metadata.labels, { app: 'legacy' });
    assert.equal((object['spec'] as { replicas: number }).replicas, 1);
  });

  test('validation', () => {
    assert.deepEqual(simulateCreate(replicationControllerStrategy, rc({ template: template() })).errors, ['spec.selector: Required value']);
    assert.deepEqual(simulateCreate(replicationControllerStrategy, rc({ replicas: -1, selector: { app: 'a' }, template: template({ app: 'b' }, { restartPolicy: 'Never' }) })).errors, [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
    assert.deepEqual(simulateCreate(replicationControllerStrategy, rc({ selector: { app: 'a' } })).errors, ['spec.template: Required value']);
  });

  test('columns', () => {
    const { object } = simulateCreate(replicationControllerStrategy, rc({ replicas: 2, template: template({ app: 'legacy', tier: 'x' }) }));
    assert.deepEqual(replicationControllerColumns.map((c) => c.name), ['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers', 'Images', 'Selector']);
    assert.equal(replicationControllerColumns[1]!.cell(object, 0), 2);
    assert.equal(replicationControllerColumns[7]!.cell(object, 0), 'app=legacy,tier=x');
  });
});
