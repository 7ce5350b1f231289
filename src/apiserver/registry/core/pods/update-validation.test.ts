import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldErrorMessage } from '../../../../api/field-errors.js';
import type { PodSpecLike } from '../../../../api/validation/pod-spec.js';
import { validatePodSpecUpdate } from './update-validation.js';

const base = (): PodSpecLike => ({
  containers: [{ name: 'a', image: 'busybox:1.36', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
  tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  activeDeadlineSeconds: 100,
  terminationGracePeriodSeconds: 30,
});

const check = (change: (s: PodSpecLike) => void): string[] => {
  const next = base();
  change(next);
  return validatePodSpecUpdate(next, base()).map(fieldErrorMessage);
};

const FORBIDDEN_PREFIX =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n';

describe('validatePodSpecUpdate', () => {
  test('images, a lower activeDeadlineSeconds, added tolerations and new tolerationSeconds may change', () => {
    assert.deepEqual(
      check((s) => {
        s.containers![0]!.image = 'busybox:1.37';
        s.activeDeadlineSeconds = 50;
        s.tolerations![0]!.tolerationSeconds = 10;
        s.tolerations!.push({ key: 'other', operator: 'Exists' });
      }),
      [],
    );
  });

  test('any other change is forbidden, with what changed', () => {
    assert.deepEqual(check((s) => (s.containers![0]!.ports![0]!.containerPort = 81)), [
      `${FORBIDDEN_PREFIX}- spec.containers[0].ports[0].containerPort: 80\n+ spec.containers[0].ports[0].containerPort: 81`,
    ]);
    assert.deepEqual(check((s) => (s.nodeName = 'n1')), [`${FORBIDDEN_PREFIX}+ spec.nodeName: "n1"`]);
  });

  test('containers may not be added or removed', () => {
    assert.deepEqual(check((s) => s.containers!.push({ name: 'b', image: 'x' })), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  test('activeDeadlineSeconds may only go down, never away', () => {
    assert.deepEqual(check((s) => (s.activeDeadlineSeconds = 200)), ['spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value']);
    assert.deepEqual(check((s) => delete s.activeDeadlineSeconds), ['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value']);
  });

  test('existing tolerations may not be changed or removed', () => {
    assert.deepEqual(check((s) => (s.tolerations = [])), ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  });

  test('image may not be emptied', () => {
    assert.deepEqual(check((s) => (s.containers![0]!.image = '')), ['spec.containers[0].image: Required value']);
  });
});
