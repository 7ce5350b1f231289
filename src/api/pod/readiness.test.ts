import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPodActive, isPodAvailable, isPodReady } from './readiness.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const ready = (status: string, lastTransitionTime?: string) => ({ metadata: {}, status: { phase: 'Running', conditions: [{ type: 'Ready', status, lastTransitionTime }] } });

test('ready means a Ready condition with status True', () => {
  assert.equal(isPodReady(ready('True')), true);
  assert.equal(isPodReady(ready('False')), false);
  assert.equal(isPodReady({ metadata: {}, status: { conditions: [{ type: 'ContainersReady', status: 'True' }] } }), false);
  assert.equal(isPodReady({ metadata: {} }), false);
});

test('available: ready, and ready for strictly longer than minReadySeconds', () => {
  const pod = ready('True', '2025-01-01T00:00:00Z');
  assert.equal(isPodAvailable(pod, 0, T0), true);
  assert.equal(isPodAvailable(pod, 10, T0 + 10_000), false);
  assert.equal(isPodAvailable(pod, 10, T0 + 10_001), true);
  assert.equal(isPodAvailable(ready('True'), 10, T0), false, 'no transition time: never available with minReadySeconds');
  assert.equal(isPodAvailable(ready('False', '2024-01-01T00:00:00Z'), 0, T0), false);
});

test('active: not Succeeded, not Failed, not being deleted', () => {
  assert.equal(isPodActive({ metadata: {}, status: { phase: 'Pending' } }), true);
  assert.equal(isPodActive({ metadata: {} }), true);
  assert.equal(isPodActive({ metadata: {}, status: { phase: 'Succeeded' } }), false);
  assert.equal(isPodActive({ metadata: {}, status: { phase: 'Failed' } }), false);
  assert.equal(isPodActive({ metadata: { deletionTimestamp: '2025-01-01T00:00:00Z' }, status: { phase: 'Running' } }), false);
});
