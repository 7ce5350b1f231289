import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  aggregateMessage,
  childPath,
  duplicate,
  fieldErrorBody,
  fieldErrorMessage,
  forbidden,
  GoSyntax,
  indexPath,
  invalid,
  keyPath,
  notSupported,
  required,
  tooLong,
  tooMany,
} from './field-errors.js';

test('paths join like field.Path', () => {
  assert.equal(childPath('', 'spec'), 'spec');
  assert.equal(keyPath(indexPath(childPath(childPath('spec', 'selector'), 'values'), 0), 'app'), 'spec.selector.values[0][app]');
});

test('messages are upstream field.Error text', () => {
  const cases: [ReturnType<typeof invalid>, string][] = [
    [invalid('metadata.labels', '-x', 'bad'), 'metadata.labels: Invalid value: "-x": bad'],
    [invalid('spec.replicas', -1, 'must be greater than or equal to 0'), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    [invalid('x', true, 'no'), 'x: Invalid value: true: no'],
    [invalid('x', null, 'no'), 'x: Invalid value: null: no'],
    [invalid('values', ['bar', 'foo'], 'one'), 'values: Invalid value: []string{"bar", "foo"}: one'],
    [invalid('values', [], 'none'), 'values: Invalid value: []string{}: none'],
    [invalid('values', new GoSyntax('[]string(nil)'), 'none'), 'values: Invalid value: []string(nil): none'],
    [required('spec.containers', ''), 'spec.containers: Required value'],
    [required('values', 'must be specified'), 'values: Required value: must be specified'],
    [forbidden('values', 'may not be specified'), 'values: Forbidden: may not be specified'],
    [duplicate('spec.ports[1].name', 'http'), 'spec.ports[1].name: Duplicate value: "http"'],
    [
      notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'OnFailure', 'Never']),
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ],
    [notSupported('x', 'y', []), 'x: Unsupported value: "y"'],
    [tooLong('metadata.annotations', 'long', 262144), 'metadata.annotations: Too long: must have at most 262144 bytes'],
    [tooLong('x', 'long', -1), 'x: Too long: value is too long'],
    [tooMany('spec.items', 5, 3), 'spec.items: Too many: 5: must have at most 3 items'],
    [tooMany('spec.items', -1, -1), 'spec.items: Too many: has too many items'],
  ];
  for (const [err, want] of cases) assert.equal(fieldErrorMessage(err), want);
  assert.equal(fieldErrorBody(invalid('a', 'b', 'c')), 'Invalid value: "b": c');
});

test('aggregateMessage: one as is, several bracketed and deduplicated', () => {
  const a = invalid('a', 'x', 'bad');
  const b = required('b', '');
  assert.equal(aggregateMessage([]), '');
  assert.equal(aggregateMessage([a]), 'a: Invalid value: "x": bad');
  assert.equal(aggregateMessage([a, b, a]), '[a: Invalid value: "x": bad, b: Required value]');
  assert.equal(aggregateMessage([a, a]), 'a: Invalid value: "x": bad');
});
