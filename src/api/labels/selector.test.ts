import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSelector } from './parser.js';
import { newRequirement } from './requirement.js';
import { LabelSelector, selectorFromSet } from './selector.js';

function matches(selector: string, labels: Record<string, string>): boolean {
  return parseSelector(selector).matches(labels);
}

test('matching (upstream TestSelectorMatches)', () => {
  const yes: [string, Record<string, string>][] = [
    ['', { x: 'y' }],
    ['x=y', { x: 'y' }],
    ['x=y,z=w', { x: 'y', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'a' }],
    ['notin=in', { notin: 'in' }],
    ['x', { x: 'z' }],
    ['!x', { y: 'z' }],
    ['x>1', { x: '2' }],
    ['x<1', { x: '0' }],
    ['foo=bar', { foo: 'bar', baz: 'blah' }],
    ['baz=blah', { foo: 'bar', baz: 'blah' }],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ];
  const no: [string, Record<string, string>][] = [
    ['x=z', {}],
    ['x=y', { x: 'z' }],
    ['x=y,z=w', { x: 'w', z: 'w' }],
    ['x!=y,z!=w', { x: 'z', z: 'w' }],
    ['x', { y: 'z' }],
    ['!x', { x: 'z' }],
    ['x>1', { x: '0' }],
    ['x<1', { x: '2' }],
    ['foo=blah', { foo: 'bar', baz: 'blah' }],
    ['baz=bar', { foo: 'bar', baz: 'blah' }],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }],
  ];
  for (const [s, labels] of yes) assert.equal(matches(s, labels), true, `${s} on ${JSON.stringify(labels)}`);
  for (const [s, labels] of no) assert.equal(matches(s, labels), false, `${s} on ${JSON.stringify(labels)}`);
});

test('everything matches all and is empty; nothing matches none and is not empty', () => {
  const everything = LabelSelector.everything();
  assert.equal(everything.matches({ x: 'y' }), true);
  assert.equal(everything.matches(undefined), true);
  assert.equal(everything.isEmpty(), true);
  assert.equal(everything.matchesNothing(), false);
  assert.deepEqual(everything.requirements(), []);
  assert.equal(everything.toString(), '');
  assert.equal(parseSelector('').isEmpty(), true);

  const nothing = LabelSelector.nothing();
  assert.equal(nothing.matches({ x: 'y' }), false);
  assert.equal(nothing.matches(undefined), false);
  assert.equal(nothing.isEmpty(), false);
  assert.equal(nothing.matchesNothing(), true);
  assert.equal(nothing.requirements(), undefined);
  assert.equal(nothing.toString(), '');
});

test('selectorFromSet matches exactly the set (upstream TestSetMatches, TestNilMapIsValid)', () => {
  const labels = { foo: 'bar', baz: 'blah' };
  const sets: Record<string, string>[] = [{}, { foo: 'bar' }, { baz: 'blah' }, { foo: 'bar', baz: 'blah' }];
  for (const set of sets) {
    assert.equal(selectorFromSet(set).matches(labels), true, JSON.stringify(set));
  }
  assert.equal(selectorFromSet({ foo: 'bar', foobar: 'bar' }).matches(labels), false);
  assert.equal(selectorFromSet(undefined).isEmpty(), true);
  assert.equal(selectorFromSet({}).isEmpty(), true);
  assert.equal(selectorFromSet({ b: '2', a: '1' }).toString(), 'a=1,b=2');
});

test('requiresExactMatch finds the value an index can look up (upstream TestRequiresExactMatch)', () => {
  const of = (...reqs: [string, Parameters<typeof newRequirement>[1], string[]][]): LabelSelector =>
    LabelSelector.of(reqs.map(([k, op, v]) => newRequirement(k, op, v)));
  assert.equal(of(['key', 'in', ['value']]).requiresExactMatch('key'), 'value');
  assert.equal(of(['key', 'in', ['value', 'value2']]).requiresExactMatch('key'), undefined);
  assert.equal(of(['key', 'in', ['value', 'value1']], ['key2', 'in', ['value2']]).requiresExactMatch('key2'), 'value2');
  assert.equal(of(['key', '=', ['value']]).requiresExactMatch('key'), 'value');
  assert.equal(of(['key', '==', ['value']]).requiresExactMatch('key'), 'value');
  assert.equal(of(['key', '!=', ['value']]).requiresExactMatch('key'), undefined);
  assert.equal(of(['key', 'in', ['value']], ['key2', 'in', ['value2']]).requiresExactMatch('key'), 'value');
  assert.equal(of(['key', 'exists', []]).requiresExactMatch('key'), undefined);
  assert.equal(LabelSelector.nothing().requiresExactMatch('key'), undefined);
  // Only the first requirement on the key counts, as upstream.
  assert.equal(parseSelector('a!=x,a=y').requiresExactMatch('a'), undefined);
});

test('of() sorts by key stably and keeps the given requirements', () => {
  const sel = LabelSelector.of([newRequirement('z', 'exists', []), newRequirement('a', '!=', ['1']), newRequirement('a', '=', ['2'])]);
  assert.equal(sel.toString(), 'a!=1,a=2,z');
  assert.equal(LabelSelector.of([]), LabelSelector.everything());
});
