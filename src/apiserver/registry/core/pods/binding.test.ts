import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldErrorMessage } from '../../../../api/field-errors.js';
import { StatusError } from '../../../../util/errors.js';
import { bindPod, validateBinding, type Binding } from './binding.js';
import type { Pod } from './types.js';

const NOW = new Date('2026-01-01T12:00:00Z');
const pod = (spec: Pod['spec'] = {}, meta: Pod['metadata'] = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', uid: 'u1', resourceVersion: '5', ...meta },
  spec: { containers: [{ name: 'a', image: 'x' }], ...spec },
  status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: '2026-01-01T11:00:00Z' }] },
});
const binding = (node: string, meta: Binding['metadata'] = {}): Binding => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p', ...meta }, target: { kind: 'Node', name: node } });

describe('bindPod', () => {
  test('sets the node, the binding annotations and PodScheduled True, leaving the input pod as it was', () => {
    const input = pod({}, { annotations: { x: 'y' } });
    const before = structuredClone(input);
    const bound = bindPod(input, binding('n1', { annotations: { a: 'b' } }), NOW);
    assert.deepEqual(input, before);
    assert.equal(bound.spec?.nodeName, 'n1');
    assert.deepEqual(bound.metadata.annotations, { x: 'y', a: 'b' });
    assert.deepEqual(bound.status?.conditions, [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T12:00:00Z' }]);
  });

  test('an assigned pod is refused with 409 as upstream words it', () => {
    assert.throws(
      () => bindPod(pod({ nodeName: 'n1' }), binding('n2'), NOW),
      (err) => err instanceof StatusError && err.code === 409 && err.message === 'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "n1"',
    );
  });

  test('deleting or gated pods and stale preconditions are refused', () => {
    assert.throws(() => bindPod(pod({}, { deletionTimestamp: '2026-01-01T12:00:00Z' }), binding('n1'), NOW), /pod p is being deleted, cannot be assigned to a host/);
    assert.throws(() => bindPod(pod({ schedulingGates: [{ name: 'g' }] }), binding('n1'), NOW), /pod p has non-empty .spec.schedulingGates/);
    assert.throws(() => bindPod(pod(), binding('n1', { uid: 'other' }), NOW), /UID in precondition: other, UID in object meta: u1/);
    assert.throws(() => bindPod(pod(), binding('n1', { resourceVersion: '4' }), NOW), /ResourceVersion in precondition: 4, ResourceVersion in object meta: 5/);
  });
});

describe('validateBinding', () => {
  test('target name required, kind Node or empty', () => {
    assert.deepEqual(validateBinding({ apiVersion: 'v1', kind: 'Binding', metadata: {}, target: { kind: 'Pod' } }).map(fieldErrorMessage), [
      'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
      'target.name: Required value',
    ]);
  });
});
