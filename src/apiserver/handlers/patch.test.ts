import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatusError } from '../../util/errors.js';
import { jsonPatch, mergePatch } from './patch.js';

test('merge patch follows RFC 7386', () => {
  assert.deepEqual(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { b: { c: null, x: 4 }, e: [2], f: 'new' }), { a: 1, b: { d: 3, x: 4 }, e: [2], f: 'new' });
  assert.deepEqual(mergePatch({ a: 1 }, 'replaced'), 'replaced');
});

test('json patch applies operations and refuses failing ones with 422', () => {
  assert.deepEqual(jsonPatch({ data: { a: '1' } }, [{ op: 'add', path: '/data/b', value: '2' }, { op: 'remove', path: '/data/a' }]), { data: { b: '2' } });
  const generic422 = (err: unknown): boolean => {
    assert.ok(err instanceof StatusError);
    assert.deepEqual([err.code, err.reason, err.message, err.details], [422, 'Invalid', 'the server rejected our request due to an error in our request', {}]);
    return true;
  };
  assert.throws(() => jsonPatch({ data: {} }, [{ op: 'remove', path: '/data/missing' }]), generic422);
  assert.throws(() => jsonPatch({ data: { a: '1' } }, [{ op: 'test', path: '/data/a', value: '2' }, { op: 'add', path: '/data/b', value: '3' }]), generic422);
  assert.throws(() => jsonPatch({}, [{ op: 'bogus', path: '/a' }]), generic422);
  assert.throws(
    () => jsonPatch({}, { op: 'add' }),
    (err: unknown) => err instanceof StatusError && err.code === 400 && err.message === 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  );
});
