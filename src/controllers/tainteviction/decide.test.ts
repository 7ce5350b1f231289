import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideEviction, noExecuteTaints } from './decide.js';

const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2024-01-01T00:00:00Z' };
const notReady = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };

test('only NoExecute taints count', () => {
  assert.deepEqual(noExecuteTaints([{ key: 'a', effect: 'NoSchedule' }, unreachable]), [unreachable]);
  assert.deepEqual(noExecuteTaints(undefined), []);
});

test('untolerated → now; tolerationSeconds → after the smallest; no seconds → forever; no taints → cancel', () => {
  assert.deepEqual(decideEviction([unreachable], []), { kind: 'evict-now' });
  assert.deepEqual(decideEviction([unreachable], [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 }]), { kind: 'evict-after', afterMs: 2000 });
  assert.deepEqual(decideEviction([unreachable], [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]), { kind: 'tolerate-forever' });
  assert.deepEqual(
    decideEviction(
      [unreachable, notReady],
      [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
      ],
    ),
    { kind: 'evict-after', afterMs: 30_000 },
  );
  assert.deepEqual(decideEviction([unreachable, notReady], [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }]), { kind: 'evict-now' }, 'one taint untolerated');
  assert.deepEqual(decideEviction([], []), { kind: 'cancel' });
});
