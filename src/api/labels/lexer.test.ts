import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenize, type TokenKind } from './lexer.js';

function kinds(text: string): TokenKind[] {
  return tokenize(text).map((t) => t.kind);
}

test('a single token and its literal (upstream TestLexer)', () => {
  const cases: [string, TokenKind][] = [
    ['', 'end'],
    [',', ','],
    ['notin', 'notin'],
    ['in', 'in'],
    ['=', '='],
    ['==', '=='],
    ['>', '>'],
    ['<', '<'],
    // The longest valid symbol wins.
    ['!', '!'],
    ['!=', '!='],
    ['(', '('],
    [')', ')'],
    // Non-special characters are identifiers.
    ['~', 'identifier'],
    ['||', 'identifier'],
  ];
  for (const [text, kind] of cases) {
    const [first] = tokenize(text);
    assert.equal(first?.kind, kind, text);
    assert.equal(first?.literal, text, text);
  }
});

test('token sequences end with end (upstream TestLexerSequence, TestParserLookahead)', () => {
  const cases: [string, TokenKind[]][] = [
    ['key in ( value )', ['identifier', 'in', '(', 'identifier', ')', 'end']],
    ['key notin ( value )', ['identifier', 'notin', '(', 'identifier', ')', 'end']],
    ['key in ( value1, value2 )', ['identifier', 'in', '(', 'identifier', ',', 'identifier', ')', 'end']],
    ['key', ['identifier', 'end']],
    ['!key', ['!', 'identifier', 'end']],
    ['()', ['(', ')', 'end']],
    ['', ['end']],
    ['x in (),y', ['identifier', 'in', '(', ')', ',', 'identifier', 'end']],
    ['== != (), = notin', ['==', '!=', '(', ')', ',', '=', 'notin', 'end']],
    ['key>2', ['identifier', '>', 'identifier', 'end']],
    ['key<1', ['identifier', '<', 'identifier', 'end']],
    ['a!==b', ['identifier', '!=', '=', 'identifier', 'end']],
    ['a=!b', ['identifier', '=', '!', 'identifier', 'end']],
    [' \t\r\nkey \n', ['identifier', 'end']],
    ['in(a)', ['in', '(', 'identifier', ')', 'end']],
  ];
  for (const [text, want] of cases) assert.deepEqual(kinds(text), want, text);
});

test('NUL ends the input where a token starts and ends the token it follows, like upstream', () => {
  assert.deepEqual(tokenize('a=b \0c=d'), [
    { kind: 'identifier', literal: 'a' },
    { kind: '=', literal: '=' },
    { kind: 'identifier', literal: 'b' },
    { kind: 'end', literal: '' },
  ]);
  assert.deepEqual(kinds('ab\0cd'), ['identifier', 'identifier', 'end']);
  assert.deepEqual(kinds('a=\0b'), ['identifier', '=', 'identifier', 'end']);
});
