import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../../util/errors.js';
import { selectorFromLabelSelector, type LabelSelectorSpec } from './label-selector.js';

function rejects(ls: LabelSelectorSpec): string {
  try {
    selectorFromLabelSelector(ls);
  } catch (err) {
    assert.ok(err instanceof BadRequestError, String(err));
    return err.message;
  }
  assert.fail(`expected ${JSON.stringify(ls)} to be rejected`);
}

const matchLabels = { foo: 'bar' };
const matchExpressions = [{ key: 'baz', operator: 'In', values: ['qux', 'norf'] }];

test('null selects nothing, {} everything (upstream TestLabelSelectorAsSelector)', () => {
  assert.equal(selectorFromLabelSelector(null).matchesNothing(), true);
  assert.equal(selectorFromLabelSelector(undefined).matches({}), false);
  assert.equal(selectorFromLabelSelector({}).isEmpty(), true);
  assert.equal(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }).isEmpty(), true);
  assert.equal(selectorFromLabelSelector({ matchLabels: null, matchExpressions: null }).matches({ a: 'b' }), true);
});

test('matchLabels and matchExpressions become sorted requirements', () => {
  assert.equal(selectorFromLabelSelector({ matchLabels }).toString(), 'foo=bar');
  assert.equal(selectorFromLabelSelector({ matchExpressions }).toString(), 'baz in (norf,qux)');
  const both = selectorFromLabelSelector({ matchLabels, matchExpressions });
  assert.equal(both.toString(), 'baz in (norf,qux),foo=bar');
  assert.equal(both.matches({ foo: 'bar', baz: 'qux' }), true);
  assert.equal(both.matches({ foo: 'bar', baz: 'other' }), false);
  assert.deepEqual(both.requirements(), [
    { key: 'baz', operator: 'in', values: ['qux', 'norf'] },
    { key: 'foo', operator: '=', values: ['bar'] },
  ]);
  const all = selectorFromLabelSelector({
    matchExpressions: [
      { key: 'tier', operator: 'NotIn', values: ['cache'] },
      { key: 'app', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist', values: [] },
    ],
  });
  assert.equal(all.toString(), 'app,!legacy,tier notin (cache)');
  assert.equal(all.matches({ app: 'web' }), true);
  assert.equal(all.matches({ app: 'web', tier: 'cache' }), false);
  assert.equal(all.matches({ app: 'web', legacy: 'true' }), false);
});

test('bad operators, value counts, keys and values are rejected with upstream messages', () => {
  assert.equal(
    rejects({ matchExpressions: [{ key: 'baz', operator: 'Exists', values: ['qux', 'norf'] }] }),
    'values: Invalid value: []string{"qux", "norf"}: values set must be empty for exists and does not exist',
  );
  assert.equal(
    rejects({ matchExpressions: [{ key: 'baz', operator: 'In' }] }),
    "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
  );
  assert.equal(
    rejects({ matchExpressions: [{ key: 'baz', operator: 'NotIn', values: [] }] }),
    "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
  );
  assert.equal(rejects({ matchExpressions: [{ key: 'baz', operator: 'Gt', values: ['1'] }] }), '"Gt" is not a valid label selector operator');
  assert.equal(rejects({ matchExpressions: [{ key: 'baz', operator: 'in', values: ['1'] }] }), '"in" is not a valid label selector operator');
  assert.match(rejects({ matchLabels: { '-x': 'a' } }), /^key: Invalid value: "-x": name part must consist of /);
  assert.match(rejects({ matchLabels: { x: 'a b' } }), /^values\[0\]\[x\]: Invalid value: "a b": a valid label must be/);
});
