import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expand, mappingFuncFor } from './expansion.js';

const vars = mappingFuncFor(new Map([['VAR_A', 'A'], ['VAR_B', 'B'], ['EMPTY', '']]), new Map([['VAR_A', 'shadowed'], ['SVC', 's']]));

test('references are replaced from the first context that has them', () => {
  assert.equal(expand('$(VAR_A)-$(VAR_B)-$(SVC)', vars), 'A-B-s');
  assert.equal(expand('x$(EMPTY)y', vars), 'xy');
});

test('unknown references stay as written', () => {
  assert.equal(expand('$(NOPE) and $(VAR_A)', vars), '$(NOPE) and A');
});

test('$$ escapes the operator', () => {
  assert.equal(expand('$$(VAR_A)', vars), '$(VAR_A)');
  assert.equal(expand('$$$(VAR_A)', vars), '$A');
  assert.equal(expand('cost: $$5', vars), 'cost: $5');
});

test('a lone, trailing or unterminated operator is kept', () => {
  assert.equal(expand('$VAR_A', vars), '$VAR_A');
  assert.equal(expand('end$', vars), 'end$');
  assert.equal(expand('$(VAR_A', vars), '$(VAR_A');
  assert.equal(expand('$()', vars), '$()');
  assert.equal(expand('', vars), '');
});

test('replacement text is not expanded again', () => {
  const mapping = mappingFuncFor(new Map([['A', '$(B)'], ['B', 'b']]));
  assert.equal(expand('$(A)', mapping), '$(B)');
  // The name runs to the first `)`: `A$(B` is unknown, so the text stays as written.
  assert.equal(expand('$(A$(B))', mapping), '$(A$(B))');
});
