import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../../util/errors.js';
import {
  newRequirement,
  parseInt64,
  requirementMatches,
  requirementString,
  type Operator,
  type Requirement,
} from './requirement.js';

const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and " +
  "end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function rejects(key: string, op: Operator, values: string[] | null): string {
  try {
    newRequirement(key, op, values);
  } catch (err) {
    assert.ok(err instanceof BadRequestError);
    return err.message;
  }
  assert.fail(`expected ${key} ${op} ${JSON.stringify(values)} to be rejected`);
}

test('newRequirement accepts upstream success cases', () => {
  const good: [string, Operator, string[]][] = [
    ['x', 'in', ['foo']],
    ['x', 'notin', ['foo']],
    ['x', 'exists', []],
    ['x', '!', []],
    ['1foo', 'in', ['bar']],
    ['1234', 'in', ['bar']],
    ['y', 'gt', ['1']],
    ['z', 'lt', ['6']],
    ['x', '=', ['']],
  ];
  for (const [key, op, values] of good) {
    assert.deepEqual(newRequirement(key, op, values), { key, operator: op, values });
  }
});

test('newRequirement rejects with upstream messages (TestRequirementConstructor)', () => {
  assert.equal(rejects('x1', 'in', []), "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
  assert.equal(rejects('x1', 'notin', null), "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
  assert.equal(
    rejects('x5', '=', ['bar', 'foo']),
    'values: Invalid value: []string{"bar", "foo"}: exact-match compatibility requires one single value',
  );
  assert.equal(rejects('x8', 'exists', ['foo']), 'values: Invalid value: []string{"foo"}: values set must be empty for exists and does not exist');
  assert.equal(rejects('x13', 'gt', []), "values: Invalid value: []string{}: for 'Gt', 'Lt' operators, exactly one value is required");
  assert.equal(rejects('x14', 'gt', ['bar']), `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`);
  assert.equal(rejects('x15', 'lt', ['bar']), `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`);
  assert.equal(
    rejects('x16', '=', ['a'.repeat(254)]),
    `values[0][x16]: Invalid value: "${'a'.repeat(254)}": must be no more than 63 characters`,
  );
  assert.equal(rejects('x17', '=', ['a b']), `values[0][x17]: Invalid value: "a b": ${LABEL_VALUE_MSG}`);
  assert.equal(rejects('a'.repeat(254), 'exists', []), `key: Invalid value: "${'a'.repeat(254)}": name part must be no more than 63 characters`);
  assert.equal(
    rejects('-x', 'exists', []),
    `key: Invalid value: "-x": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end ` +
      "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
      "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  );
  // A negative bound is an integer but not a label value.
  assert.equal(rejects('x', 'gt', ['-1']), `values[0][x]: Invalid value: "-1": ${LABEL_VALUE_MSG}`);
  // Several problems are aggregated as [m1, m2].
  assert.equal(
    rejects('x', 'gt', ['a b']),
    `[values[0]: Invalid value: "a b": for 'Gt', 'Lt' operators, the value must be an integer, ` +
      `values[0][x]: Invalid value: "a b": ${LABEL_VALUE_MSG}]`,
  );
});

test('requirementString prints upstream canonical forms (TestToString)', () => {
  const cases: [Requirement, string][] = [
    [newRequirement('x', 'in', ['def', 'abc']), 'x in (abc,def)'],
    [newRequirement('y', 'notin', ['jkl']), 'y notin (jkl)'],
    [newRequirement('z', 'exists', []), 'z'],
    [newRequirement('z', '!', []), '!z'],
    [newRequirement('z', 'notin', ['']), 'z notin ()'],
    [newRequirement('x', '=', ['abc']), 'x=abc'],
    [newRequirement('y', '==', ['jkl']), 'y==jkl'],
    [newRequirement('z', '!=', ['a']), 'z!=a'],
    [newRequirement('x', 'gt', ['2']), 'x>2'],
    [newRequirement('y', 'lt', ['8']), 'y<8'],
  ];
  for (const [r, want] of cases) assert.equal(requirementString(r), want);
});

test('requirementMatches follows upstream (TestRequirementSelectorMatching)', () => {
  const cases: [Record<string, string> | undefined, Requirement, boolean][] = [
    [{ x: 'foo', y: 'baz' }, newRequirement('x', 'in', ['foo']), true],
    [{ x: 'foo', y: 'baz' }, newRequirement('y', 'notin', ['alpha']), true],
    [{ x: 'foo', y: 'baz' }, newRequirement('y', 'in', ['alpha']), false],
    [{ y: '' }, newRequirement('x', 'notin', ['']), true],
    [{ y: '' }, newRequirement('y', 'exists', []), true],
    [{ y: '' }, newRequirement('x', '!', []), true],
    [{ y: '' }, newRequirement('y', '!', []), false],
    [{ y: 'baz' }, newRequirement('x', 'in', ['']), false],
    [{ z: '2' }, newRequirement('z', 'gt', ['1']), true],
    [{ z: 'v2' }, newRequirement('z', 'gt', ['1']), false],
    [{ z: '0' }, newRequirement('z', 'lt', ['1']), true],
    [{ z: '1' }, newRequirement('z', 'lt', ['1']), false],
    [{}, newRequirement('z', 'lt', ['1']), false],
    [undefined, newRequirement('z', '!=', ['1']), true],
    [undefined, newRequirement('z', '=', ['']), false],
    [{ z: '9223372036854775808' }, newRequirement('z', 'gt', ['1']), false],
    [{ constructor: 'x' }, newRequirement('constructor', '=', ['x']), true],
    [{}, newRequirement('constructor', 'exists', []), false],
  ];
  for (const [labels, r, want] of cases) {
    assert.equal(requirementMatches(r, labels), want, `${requirementString(r)} on ${JSON.stringify(labels)}`);
  }
});

test('parseInt64 accepts what Go strconv.ParseInt(s, 10, 64) accepts', () => {
  assert.equal(parseInt64('42'), 42n);
  assert.equal(parseInt64('+7'), 7n);
  assert.equal(parseInt64('-007'), -7n);
  assert.equal(parseInt64('9223372036854775807'), 9223372036854775807n);
  assert.equal(parseInt64('-9223372036854775808'), -9223372036854775808n);
  for (const bad of ['', '+', '1.5', '1e3', ' 1', '0x10', '1_000', '9223372036854775808']) {
    assert.equal(parseInt64(bad), undefined, bad);
  }
});
