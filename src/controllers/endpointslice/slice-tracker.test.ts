import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointSliceLike } from '../shared/endpoints/types.js';
import { EndpointSliceTracker } from './slice-tracker.js';

const slice = (uid: string, generation: number): EndpointSliceLike => ({
  metadata: { name: uid, namespace: 'ns', uid, generation, labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4',
});

test('own writes do not trigger syncs; others\' writes and unknown slices do', () => {
  const t = new EndpointSliceTracker();
  assert.equal(t.shouldSync(slice('a', 1)), true);
  t.update(slice('a', 2));
  assert.equal(t.shouldSync(slice('a', 2)), false);
  assert.equal(t.shouldSync(slice('a', 3)), true);
});

test('a cache older than our write, or holding a slice we deleted, is stale', () => {
  const t = new EndpointSliceTracker();
  t.update(slice('a', 2));
  assert.equal(t.stale('ns/web', [slice('a', 1)]), true);
  assert.equal(t.stale('ns/web', [slice('a', 2)]), false);
  assert.equal(t.stale('ns/web', []), true, 'a slice we created is not in the cache yet');
  t.expectDeletion(slice('b', 1));
  assert.equal(t.stale('ns/web', [slice('b', 1)]), true);
  assert.equal(t.handleDeletion(slice('b', 1)), true, 'our own deletion');
  assert.equal(t.handleDeletion(slice('a', 2)), false, 'someone else deleted it');
  assert.equal(t.stale('ns/web', [slice('b', 1)]), false);
  assert.equal(t.stale('ns/web', []), false);
});
