import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateMessage, fieldErrorMessage } from '../field-errors.js';
import {
  labelSelectorHasInvalidLabelValue,
  validateLabelName,
  validateLabels,
  validateLabelSelector,
} from './validation.js';

const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric " +
  "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test('validateLabels accepts upstream success cases', () => {
  const good: Record<string, string>[] = [
    { simple: 'bar' },
    { 'now-with-dashes': 'bar' },
    { '1-starts-with-num': 'bar' },
    { '1234': 'bar' },
    { 'simple/simple': 'bar' },
    { 'now-with-dashes/simple': 'bar' },
    { 'now-with-dashes/now-with-dashes': 'bar' },
    { 'now.with.dots/simple': 'bar' },
    { 'now-with.dashes-and.dots/simple': 'bar' },
    { '1-num.2-num/3-num': 'bar' },
    { '1234/5678': 'bar' },
    { '1.2.3.4/5678': 'bar' },
    { UpperCaseAreOK123: 'bar' },
    { goodvalue: '123_-.BaR' },
    { empty: '' },
  ];
  for (const labels of good) assert.deepEqual(validateLabels(labels, 'field'), [], JSON.stringify(labels));
  assert.deepEqual(validateLabels(undefined, 'field'), []);
});

test('validateLabels reports bad keys and values under the map path (upstream TestValidateLabels)', () => {
  const cases: [Record<string, string>, string][] = [
    [{ 'nospecialchars^=@': 'bar' }, 'name part must consist of'],
    [{ 'cantendwithadash-': 'bar' }, 'name part must consist of'],
    [{ 'only/one/slash': 'bar' }, 'a qualified name must consist of'],
    [{ ['a'.repeat(254)]: 'bar' }, 'must be no more than'],
    [{ toolongvalue: 'a'.repeat(64) }, 'must be no more than'],
    [{ backslashesinvalue: 'some\\bad\\value' }, 'a valid label must be an empty string or consist of'],
    [{ nocommasallowed: 'bad,value' }, 'a valid label must be an empty string or consist of'],
    [{ strangecharsinvalue: '?#$notsogood' }, 'a valid label must be an empty string or consist of'],
  ];
  for (const [labels, want] of cases) {
    const errs = validateLabels(labels, 'field');
    assert.equal(errs.length, 1, JSON.stringify(labels));
    assert.ok(errs[0]?.detail.includes(want), `${JSON.stringify(labels)}: ${errs[0]?.detail}`);
  }
  const [err] = validateLabels({ app: '-x' }, 'metadata.labels');
  assert.deepEqual(err, { type: 'FieldValueInvalid', field: 'metadata.labels', value: '-x', detail: LABEL_VALUE_MSG });
  assert.equal(
    aggregateMessage(validateLabels({ '-x': 'ok' }, 'metadata.labels')),
    `metadata.labels: Invalid value: "-x": ${NAME_PART_MSG}`,
  );
  // One error per message, unlike the selector parser which joins them.
  assert.deepEqual(
    validateLabelName('example.com/', 'key').map((e) => e.detail),
    ['name part must be non-empty', NAME_PART_MSG],
  );
});

test('validateLabelSelector reports each problem with its path', () => {
  assert.deepEqual(validateLabelSelector(null, 'spec.selector'), []);
  assert.deepEqual(validateLabelSelector({}, 'spec.selector'), []);
  assert.deepEqual(
    validateLabelSelector(
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', ''] }] },
      'spec.selector',
    ),
    [],
  );
  const errs = validateLabelSelector(
    {
      matchLabels: { app: 'we b' },
      matchExpressions: [
        { key: 'a', operator: 'In' },
        { key: 'b', operator: 'NotIn', values: [] },
        { key: 'c', operator: 'Exists', values: ['x'] },
        { key: 'd', operator: 'DoesNotExist', values: ['x'] },
        { key: '-e', operator: 'Gt', values: ['1', 'b d'] },
      ],
    },
    'spec.selector',
  );
  assert.deepEqual(errs.map(fieldErrorMessage), [
    `spec.selector.matchLabels: Invalid value: "we b": ${LABEL_VALUE_MSG}`,
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[2].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    "spec.selector.matchExpressions[3].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    'spec.selector.matchExpressions[4].operator: Invalid value: "Gt": not a valid selector operator',
    `spec.selector.matchExpressions[4].key: Invalid value: "-e": ${NAME_PART_MSG}`,
    `spec.selector.matchExpressions[4].values[1]: Invalid value: "b d": ${LABEL_VALUE_MSG}`,
  ]);
  assert.deepEqual(
    errs.map((e) => e.type),
    [
      'FieldValueInvalid',
      'FieldValueRequired',
      'FieldValueRequired',
      'FieldValueForbidden',
      'FieldValueForbidden',
      'FieldValueInvalid',
      'FieldValueInvalid',
      'FieldValueInvalid',
    ],
  );
});

test('options allow stored invalid values and unknown operators', () => {
  const ls = { matchExpressions: [{ key: 'a', operator: 'Foo', values: ['b d'] }] };
  assert.equal(validateLabelSelector(ls, 's').length, 2);
  assert.deepEqual(
    validateLabelSelector(ls, 's', { allowInvalidLabelValueInSelector: true, allowUnknownOperatorInRequirement: true }),
    [],
  );
  assert.equal(labelSelectorHasInvalidLabelValue(ls), true);
  assert.equal(labelSelectorHasInvalidLabelValue({ matchExpressions: [{ key: 'a', operator: 'In', values: ['ok'] }] }), false);
  assert.equal(labelSelectorHasInvalidLabelValue({ matchLabels: { a: 'b d' } }), false);
  assert.equal(labelSelectorHasInvalidLabelValue(null), false);
});
