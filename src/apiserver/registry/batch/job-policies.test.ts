import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fieldErrorMessage } from '../../../api/field-errors.js';
import { countIndexes, validatePodFailurePolicy, validateSuccessPolicy } from './job-policies.js';

const names = new Set(['main', 'init']);
const pfp = (rules: Parameters<typeof validatePodFailurePolicy>[0], perIndex = false): string[] =>
  validatePodFailurePolicy(rules, names, perIndex, 'spec.podFailurePolicy').map(fieldErrorMessage);

describe('podFailurePolicy', () => {
  test('valid rules', () => {
    assert.deepEqual(pfp([{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [1, 2, 42] } }, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }]), []);
  });

  test("upstream's messages", () => {
    assert.deepEqual(pfp([{ onExitCodes: { operator: 'In', values: [0, 3, 3, 1] }, onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] }]), [
      'spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
      'spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 3',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 3, 3, 1}: must be ordered',
      'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"',
      'spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
    ]);
    assert.deepEqual(pfp([{ action: 'FailIndex', onExitCodes: { containerName: 'other', operator: 'Between', values: [] } }, { action: 'Count' }]), [
      'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
      'spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: "Between": supported values: "In", "NotIn"',
      'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "other": must be one of the container or initContainer names in the pod template',
      'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least one value is required',
      'spec.podFailurePolicy.rules[1]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required',
    ]);
    assert.deepEqual(pfp([{ action: 'FailIndex', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }], true), []);
  });
});

describe('successPolicy', () => {
  const sp = (rules: Parameters<typeof validateSuccessPolicy>[0], completions = 5): string[] => validateSuccessPolicy(rules, completions, 'spec.successPolicy').map(fieldErrorMessage);

  test('rules', () => {
    assert.deepEqual(sp([{ succeededIndexes: '0,2-4', succeededCount: 2 }]), []);
    assert.deepEqual(sp([]), ['spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified']);
    assert.deepEqual(sp([{}]), ['spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified']);
    assert.deepEqual(sp([{ succeededIndexes: '1-2', succeededCount: 6 }]), [
      'spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)',
      'spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)',
    ]);
    assert.deepEqual(sp([{ succeededIndexes: '3,1' }]), ['spec.successPolicy.rules[0].succeededIndexes: Invalid value: "3,1": error parsing succeededIndexes: non-increasing order, previous: 3, current: 1']);
  });

  test('index lists', () => {
    assert.equal(countIndexes('', 3), 0);
    assert.equal(countIndexes('0-2,5,7-8', 10), 6);
    assert.throws(() => countIndexes('9', 5), /too large index: "9"/);
    assert.throws(() => countIndexes('a', 5), /cannot convert string to integer for index: "a"/);
    assert.throws(() => countIndexes('1-2-3', 5), /at most two parts separated by '-'/);
    assert.throws(() => countIndexes('2-2', 5), /non-increasing order, previous: 2, current: 2/);
  });
});
