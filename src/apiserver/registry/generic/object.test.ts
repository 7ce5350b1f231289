import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cloneObject } from './object.js';

test('cloneObject: a deep copy sharing nothing with the original', () => {
  const original = { metadata: { name: 'a', labels: { x: 'y' }, finalizers: ['f'] }, spec: { list: [{ n: 1, nested: [[1, null]] }], absent: undefined, flag: false } };
  const copy = cloneObject(original);
  assert.deepStrictEqual(copy, original);
  assert.ok('absent' in copy.spec, 'undefined fields are kept, as structuredClone keeps them');
  copy.metadata.labels.x = 'z';
  copy.metadata.finalizers.push('g');
  copy.spec.list[0]!.nested[0]![0] = 2;
  assert.deepEqual(original.metadata.labels, { x: 'y' });
  assert.deepEqual(original.metadata.finalizers, ['f']);
  assert.equal(original.spec.list[0]!.nested[0]![0], 1);
});

test('cloneObject: values that are not plain JSON are copied by structuredClone', () => {
  const date = new Date(0);
  const bytes = new Uint8Array([1, 2]);
  const copy = cloneObject({ date, bytes, nothing: null, text: 's', n: 1.5 });
  assert.ok(copy.date instanceof Date && copy.date !== date && copy.date.getTime() === 0);
  assert.ok(copy.bytes instanceof Uint8Array && copy.bytes !== bytes);
  assert.deepEqual([...copy.bytes], [1, 2]);
  assert.deepEqual([copy.nothing, copy.text, copy.n], [null, 's', 1.5]);
});
