import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../../util/errors.js';
import { parseFieldSelector, splitTerm, splitTerms } from './parser.js';

test('splitTerms keeps escaped commas inside terms (upstream TestSplitTerms)', () => {
  const cases: [string, string[]][] = [
    ['a', ['a']],
    ['a=avalue', ['a=avalue']],
    ['a=avalue,b=bvalue', ['a=avalue', 'b=bvalue']],
    ['a=avalue,b==bvalue,c!=cvalue', ['a=avalue', 'b==bvalue', 'c!=cvalue']],
    ['', []],
    ['a=a,', ['a=a', '']],
    [',a=a', ['', 'a=a']],
    ['k=\\,,k2=v2', ['k=\\,', 'k2=v2']],
    ['k=\\\\,k2=v2', ['k=\\\\', 'k2=v2']],
    ['k=\\\\\\,,k2=v2', ['k=\\\\\\,', 'k2=v2']],
    ['k=\\a\\b\\', ['k=\\a\\b\\']],
    ['k=\\', ['k=\\']],
    ['함=수,목=록', ['함=수', '목=록']],
  ];
  for (const [text, want] of cases) assert.deepEqual(splitTerms(text), want, text);
});

test('splitTerm splits at the first operator (upstream TestSplitTerm)', () => {
  assert.deepEqual(splitTerm('a=value'), { lhs: 'a', op: '=', rhs: 'value' });
  assert.deepEqual(splitTerm('b==value'), { lhs: 'b', op: '==', rhs: 'value' });
  assert.deepEqual(splitTerm('c!=value'), { lhs: 'c', op: '!=', rhs: 'value' });
  assert.equal(splitTerm(''), undefined);
  assert.equal(splitTerm('a'), undefined);
  assert.deepEqual(splitTerm('k=\\,'), { lhs: 'k', op: '=', rhs: '\\,' });
  assert.deepEqual(splitTerm('k=\\='), { lhs: 'k', op: '=', rhs: '\\=' });
  assert.deepEqual(splitTerm('k=\\\\\\a\\b\\=\\,\\'), { lhs: 'k', op: '=', rhs: '\\\\\\a\\b\\=\\,\\' });
  assert.deepEqual(splitTerm('함=수'), { lhs: '함', op: '=', rhs: '수' });
  assert.deepEqual(splitTerm('a=!b'), { lhs: 'a', op: '=', rhs: '!b' });
});

test('good selectors print back unchanged (upstream TestSelectorParse)', () => {
  for (const text of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b']) {
    assert.equal(parseFieldSelector(text).toString(), text, text);
  }
  assert.equal(parseFieldSelector('x=a,a=x').toString(), parseFieldSelector('a=x,x=a').toString());
  assert.equal(parseFieldSelector('b==1,a!=2').toString(), 'a!=2,b=1');
});

test('requirements are unescaped and sorted by term text', () => {
  assert.deepEqual(parseFieldSelector('spec.nodeName=,metadata.name==a\\,b,status.phase!=Running').requirements(), [
    { field: 'metadata.name', operator: '=', value: 'a,b' },
    { field: 'spec.nodeName', operator: '=', value: '' },
    { field: 'status.phase', operator: '!=', value: 'Running' },
  ]);
  // Fields are taken verbatim, spaces included, as upstream does.
  assert.deepEqual(parseFieldSelector('a = b').requirements(), [{ field: 'a ', operator: '=', value: ' b' }]);
  // Empty terms are skipped; a term with neither field nor value selects everything.
  assert.equal(parseFieldSelector(',,').isEmpty(), true);
  assert.equal(parseFieldSelector('=').isEmpty(), true);
  assert.equal(parseFieldSelector('!=,a=b').toString(), 'a=b');
  assert.deepEqual(parseFieldSelector('=x').requirements(), [{ field: '', operator: '=', value: 'x' }]);
});

test('bad selectors are BadRequestErrors with upstream messages', () => {
  const cases: [string, string][] = [
    ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
    ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
    ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
    ['x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
    ['x in (a,b,c)', "invalid selector: 'x in (a,b,c)'; can't understand 'b'"], // terms are checked sorted
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['x=\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['x=a\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseFieldSelector(text), (err) => err instanceof BadRequestError && err.message === message, text);
  }
});
