import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestError } from '../../util/errors.js';
import { escapeValue, unescapeValue } from './escape.js';

test('escape and unescape round-trip (upstream TestEscapeValue)', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
    ['함=수', '함\\=수'],
  ];
  for (const [raw, escaped] of cases) {
    assert.equal(escapeValue(raw), escaped);
    assert.equal(unescapeValue(escaped), raw);
  }
});

test('bad escapes are BadRequestErrors with upstream messages', () => {
  const cases: [string, string][] = [
    ['\\', 'invalid field selector: invalid escape sequence: \\'],
    ['\\\\\\', 'invalid field selector: invalid escape sequence: \\'],
    ['\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['\\!', 'invalid field selector: invalid escape sequence: \\!'],
    ['a=b', 'invalid field selector: unescaped character in value: 61'],
    ['a,b', 'invalid field selector: unescaped character in value: 44'],
  ];
  for (const [escaped, message] of cases) {
    assert.throws(() => unescapeValue(escaped), (err) => err instanceof BadRequestError && err.message === message, escaped);
  }
});
