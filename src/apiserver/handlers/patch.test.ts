import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../util/errors.js';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch.js';

test('merge patch follows RFC 7386', () => {
  assert.deepEqual(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { b: { c: null, x: 4 }, e: [2], f: 'new' }), { a: 1, b: { d: 3, x: 4 }, e: [2], f: 'new' });
  assert.deepEqual(mergePatch({ a: 1 }, 'replaced'), 'replaced');
});

test('json patch applies operations and refuses failing ones with 422', () => {
  assert.deepEqual(jsonPatch({ data: { a: '1' } }, [{ op: 'add', path: '/data/b', value: '2' }, { op: 'remove', path: '/data/a' }]), { data: { b: '2' } });
  assert.throws(() => jsonPatch({ data: {} }, [{ op: 'remove', path: '/data/missing' }]), (err: unknown) => err instanceof StatusError && err.code === 422);
  assert.throws(() => jsonPatch({}, { op: 'add' }), (err: unknown) => err instanceof StatusError && err.code === 400);
});

test('strategic merge patch equals merge patch off keyed lists, and is refused on them', () => {
  const cm = 'k8s.io.api.core.v1.ConfigMap';
  assert.deepEqual(strategicMergePatch(cm, { metadata: { labels: { a: '1' } }, data: { x: '1' } }, { metadata: { labels: { b: '2' } }, data: { x: null } }), {
    metadata: { labels: { a: '1', b: '2' } },
    data: {},
  });
  const is415 = (err: unknown): boolean => err instanceof StatusError && err.code === 415;
  assert.throws(() => strategicMergePatch(cm, {}, { metadata: { ownerReferences: [{ uid: 'x' }] } }), is415);
  assert.throws(() => strategicMergePatch('k8s.io.api.core.v1.Pod', {}, { spec: { containers: [{ name: 'c', image: 'x' }] } }), is415);
  assert.throws(() => strategicMergePatch(cm, {}, { metadata: { '$setElementOrder/finalizers': [] } }), is415);
});
