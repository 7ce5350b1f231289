import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goQuote } from './go-quote.js';

test('goQuote prints strings as Go %q does', () => {
  const cases: [string, string][] = [
    ['', '""'],
    ['abc', '"abc"'],
    ['a b', '"a b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['tab\there', '"tab\\there"'],
    ['\x07\b\f\n\r\v', '"\\a\\b\\f\\n\\r\\v"'],
    ['\x00\x1f\x7f', '"\\x00\\x1f\\x7f"'],
    ['\u00a0\u00ad', '"\\u00a0\\u00ad"'],
    ['\u2028', '"\\u2028"'],
    ['함수 é ¡', '"함수 é ¡"'],
    ['😀', '"😀"'],
    ['\u{e0001}', '"\\U000e0001"'],
  ];
  for (const [input, want] of cases) assert.equal(goQuote(input), want, JSON.stringify(input));
});
