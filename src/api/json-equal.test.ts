import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { asJSON, sameJSON } from './json-equal.js';

/** The definition: the JSON round trips are deeply equal (a top-level function read as null; JSON.stringify gives it no text). */
const oracle = (a: unknown, b: unknown): boolean => isDeepStrictEqual(asJSON(typeof a === 'function' ? null : a), asJSON(typeof b === 'function' ? null : b));

test('sameJSON: absent, undefined and null; key order; arrays', () => {
  assert.equal(sameJSON({ a: 1, b: undefined }, { a: 1 }), true);
  assert.equal(sameJSON({ a: 1, b: 2 }, { b: 2, a: 1 }), true);
  assert.equal(sameJSON({ a: null }, {}), false, 'null is written, undefined is not');
  assert.equal(sameJSON(undefined, null), true);
  assert.equal(sameJSON([1, undefined], [1, null]), true);
  assert.equal(sameJSON([1, 2], [2, 1]), false);
  assert.equal(sameJSON({ a: [] }, { a: {} }), false);
  assert.equal(sameJSON({ f: () => 1 }, {}), true);
  assert.equal(sameJSON(NaN, null), true);
  assert.equal(sameJSON(0, -0), true);
  assert.equal(sameJSON('1', 1), false);
  assert.equal(sameJSON({ t: new Date(0) }, { t: '1970-01-01T00:00:00.000Z' }), true, 'toJSON: by the round trip');
  assert.equal(sameJSON(new Map([[1, 2]]), {}), true, 'a Map serializes as {}');
});

test('sameJSON agrees with the round trip on generated values', () => {
  let seed = 7;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const leaves = [undefined, null, 0, -0, 1, 2.5, NaN, Infinity, '', 'a', 'b', true, false, () => 0, new Date(5), '1970-01-01T00:00:00.005Z'];
  const value = (depth: number): unknown => {
    const r = random();
    if (depth === 0 || r < 0.4) return leaves[Math.floor(random() * leaves.length)];
    if (r < 0.7) return Array.from({ length: Math.floor(random() * 3) }, () => value(depth - 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 4); i > 0; i--) o[['x', 'y', 'z'][Math.floor(random() * 3)]!] = value(depth - 1);
    return o;
  };
  let same = 0;
  for (let i = 0; i < 20000; i++) {
    const a = value(3);
    // Half the pairs from one generator state, so that many are equal or nearly.
    const b = random() < 0.5 ? structuredCloneJSONish(a) : value(3);
    const expected = oracle(a, b);
    if (expected) same++;
    assert.equal(sameJSON(a, b), expected, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  assert.ok(same > 1000, 'the generator makes equal pairs too');
});

/** A copy through which undefined members and functions survive (structuredClone refuses functions). */
function structuredCloneJSONish(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structuredCloneJSONish);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, structuredCloneJSONish(x)]));
  }
  return v;
}
