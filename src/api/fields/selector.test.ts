import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFieldSelector } from './parser.js';
import { FieldSelector } from './selector.js';

function matches(selector: string, fields: Record<string, string>): boolean {
  return parseFieldSelector(selector).matches(fields);
}

test('matching (upstream TestSelectorMatches)', () => {
  assert.equal(matches('', { x: 'y' }), true);
  assert.equal(matches('x=y', { x: 'y' }), true);
  assert.equal(matches('x=y,z=w', { x: 'y', z: 'w' }), true);
  assert.equal(matches('x!=y,z!=w', { x: 'z', z: 'a' }), true);
  assert.equal(matches('notin=in', { notin: 'in' }), true);
  assert.equal(matches('x=y', { x: 'z' }), false);
  assert.equal(matches('x=y,z=w', { x: 'w', z: 'w' }), false);
  assert.equal(matches('x!=y,z!=w', { x: 'z', z: 'w' }), false);

  const fields = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' };
  assert.equal(matches('foo=bar', fields), true);
  assert.equal(matches('baz=blah', fields), true);
  assert.equal(matches('foo=bar,baz=blah', fields), true);
  assert.equal(matches('foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', fields), true);
  assert.equal(matches('foo=blah', fields), false);
  assert.equal(matches('baz=bar', fields), false);
  assert.equal(matches('foo=bar,foobar=bar,baz=blah', fields), false);
});

test('a missing field reads as the empty string', () => {
  assert.equal(matches('spec.nodeName=', {}), true);
  assert.equal(matches('spec.nodeName=', { 'spec.nodeName': 'n1' }), false);
  assert.equal(matches('spec.nodeName!=', { 'spec.nodeName': 'n1' }), true);
  assert.equal(matches('x!=v', {}), true);
  assert.equal(matches('constructor=', {}), true);
});

test('everything and of()', () => {
  const everything = FieldSelector.everything();
  assert.equal(everything.isEmpty(), true);
  assert.equal(everything.matches({ x: 'y' }), true);
  assert.equal(everything.toString(), '');
  assert.deepEqual(everything.requirements(), []);
  assert.equal(FieldSelector.of([]), everything);
  const one = FieldSelector.of([{ field: 'metadata.name', operator: '=', value: 'a,b=c' }]);
  assert.equal(one.isEmpty(), false);
  assert.equal(one.toString(), 'metadata.name=a\\,b\\=c');
  assert.equal(one.matches({ 'metadata.name': 'a,b=c' }), true);
});

test('requiresExactMatch (upstream TestRequiresExactMatch)', () => {
  assert.equal(FieldSelector.everything().requiresExactMatch('test'), undefined);
  assert.equal(parseFieldSelector('a=b').requiresExactMatch('test'), undefined);
  assert.equal(parseFieldSelector('test=b').requiresExactMatch('test'), 'b');
  assert.equal(parseFieldSelector('test=').requiresExactMatch('test'), '');
  assert.equal(parseFieldSelector('test!=b').requiresExactMatch('test'), undefined);
  assert.equal(parseFieldSelector('test!=').requiresExactMatch('test'), undefined);
  assert.equal(parseFieldSelector('a=c,test=b').requiresExactMatch('test'), 'b');
  assert.equal(parseFieldSelector('test!=a,test=b').requiresExactMatch('test'), 'b');
});
