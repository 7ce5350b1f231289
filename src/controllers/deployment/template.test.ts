import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeHash, equalIgnoreHash, fnv32a, safeEncodeString, withHashLabel, withoutHashLabel } from './template.js';
import { TEMPLATE } from './testing.js';

test('fnv32a matches the FNV-1a reference vectors', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.equal(fnv32a(enc('')), 0x811c9dc5);
  assert.equal(fnv32a(enc('a')), 0xe40c292c);
  assert.equal(fnv32a(enc('foobar')), 0xbf9cf968);
});

test('safeEncodeString maps characters into the vowel-free alphabet as apimachinery does', () => {
  // '0' is 48: 48 % 27 = 21 → '4'; '9' is 57: 57 % 27 = 3 → 'f'.
  assert.equal(safeEncodeString('09'), '4f');
  assert.match(safeEncodeString('4294967295'), /^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
});

test('computeHash is stable, ignores key order, and changes with the template and the collision count', () => {
  const hash = computeHash(TEMPLATE, undefined);
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  const reordered = { spec: { containers: [{ image: 'busybox:1.36', name: 'c' }] }, metadata: { labels: { app: 'web' } } };
  assert.equal(computeHash(reordered, undefined), hash);
  assert.notEqual(computeHash({ ...TEMPLATE, spec: { containers: [{ name: 'c', image: 'busybox:1.37' }] } }, undefined), hash);
  const c0 = computeHash(TEMPLATE, 0);
  assert.notEqual(c0, hash, 'a collision count of 0 is hashed (upstream writes its bytes when the pointer is set)');
  assert.notEqual(computeHash(TEMPLATE, 1), c0);
  assert.equal(computeHash(TEMPLATE, 1), computeHash(structuredClone(TEMPLATE), 1));
});

test('equalIgnoreHash ignores the pod-template-hash label, null and empty values, not real differences', () => {
  const labelled = withHashLabel(TEMPLATE, 'abc123');
  assert.equal(labelled.metadata?.labels?.['pod-template-hash'], 'abc123');
  assert.equal(TEMPLATE.metadata.labels['pod-template-hash' as 'app'], undefined, 'the input is not mutated');
  assert.ok(equalIgnoreHash(labelled, TEMPLATE));
  assert.ok(equalIgnoreHash({ metadata: { labels: { app: 'web' }, annotations: {}, creationTimestamp: null }, spec: { ...TEMPLATE.spec, volumes: [] } }, TEMPLATE));
  assert.ok(!equalIgnoreHash({ ...TEMPLATE, metadata: { labels: { app: 'web', tier: 'x' } } }, TEMPLATE));
  assert.ok(!equalIgnoreHash({ ...TEMPLATE, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, TEMPLATE));
  assert.deepEqual(withoutHashLabel(labelled), TEMPLATE);
});
