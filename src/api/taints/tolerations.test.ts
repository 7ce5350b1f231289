import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FOREVER, matchingTolerations, minTolerationTimeMs, toleratesTaint } from './tolerations.js';
import type { Taint } from './types.js';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const dedicated: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('toleratesTaint', () => {
  test('Exists with a key matches any value; without a key and effect matches everything', () => {
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, dedicated), true);
    assert.equal(toleratesTaint({ operator: 'Exists' }, unreachable), true);
    assert.equal(toleratesTaint({ operator: 'Exists', effect: 'NoSchedule' }, unreachable), false);
  });

  test('Equal and the empty operator compare values', () => {
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu' }, dedicated), true);
    assert.equal(toleratesTaint({ key: 'dedicated', value: 'gpu' }, dedicated), true);
    assert.equal(toleratesTaint({ key: 'dedicated', value: 'cpu' }, dedicated), false);
    assert.equal(toleratesTaint({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, unreachable), true);
  });

  test('a different key or effect, or an unknown operator, does not tolerate', () => {
    assert.equal(toleratesTaint({ key: 'other', operator: 'Exists' }, dedicated), false);
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, dedicated), false);
    assert.equal(toleratesTaint({ key: 'dedicated', operator: 'Gt', value: 'gpu' }, dedicated), false);
  });
});

describe('matchingTolerations and minTolerationTimeMs', () => {
  const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };

  test('every taint needs a toleration; the first matching one is used', () => {
    const tolerations = [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 },
      { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ];
    assert.deepEqual(matchingTolerations([unreachable, notReady], tolerations), { allTolerated: true, used: [tolerations[0], tolerations[1]] });
    assert.deepEqual(matchingTolerations([unreachable, dedicated], tolerations), { allTolerated: false, used: [] });
    assert.deepEqual(matchingTolerations([], undefined), { allTolerated: true, used: [] });
  });

  test('the smallest tolerationSeconds wins; none set means forever; <= 0 means now', () => {
    assert.equal(minTolerationTimeMs([{ tolerationSeconds: 300 }, { tolerationSeconds: 2 }, {}]), 2000);
    assert.equal(minTolerationTimeMs([{ key: 'a' }, { operator: 'Exists' }]), FOREVER);
    assert.equal(minTolerationTimeMs([{ tolerationSeconds: 5 }, { tolerationSeconds: 0 }]), 0);
    assert.equal(minTolerationTimeMs([{ tolerationSeconds: -3 }]), 0);
    assert.equal(minTolerationTimeMs([]), 0);
  });
});
