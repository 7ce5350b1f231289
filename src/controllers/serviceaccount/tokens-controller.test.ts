import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isServiceAccountToken, secretUpdateNeeded, type Secret } from './tokens-controller.js';

const secret = (annotations: Record<string, string>, data?: Record<string, string>, type = 'kubernetes.io/service-account-token'): Secret => ({ metadata: { name: 's', namespace: 'ns', annotations }, type, data });

describe('service account token secrets', () => {
  test('a token Secret belongs to the ServiceAccount it names, by uid when it records one', () => {
    const sa = { name: 'robot', uid: 'u1' };
    assert.equal(isServiceAccountToken(secret({ 'kubernetes.io/service-account.name': 'robot' }), sa), true);
    assert.equal(isServiceAccountToken(secret({ 'kubernetes.io/service-account.name': 'robot', 'kubernetes.io/service-account.uid': 'u1' }), sa), true);
    assert.equal(isServiceAccountToken(secret({ 'kubernetes.io/service-account.name': 'robot', 'kubernetes.io/service-account.uid': 'u0' }), sa), false);
    assert.equal(isServiceAccountToken(secret({ 'kubernetes.io/service-account.name': 'other' }), sa), false);
    assert.equal(isServiceAccountToken(secret({ 'kubernetes.io/service-account.name': 'robot' }, undefined, 'Opaque'), sa), false);
  });

  test('what a Secret lacks: token, namespace, and ca.crt only when a root CA is configured and differs', () => {
    assert.deepEqual(secretUpdateNeeded(secret({}), undefined), { ca: false, namespace: true, token: true });
    const full = secret({}, { token: 'dA==', namespace: 'bnM=' });
    assert.deepEqual(secretUpdateNeeded(full, undefined), { ca: false, namespace: false, token: false });
    assert.deepEqual(secretUpdateNeeded(full, 'PEM'), { ca: true, namespace: false, token: false });
    assert.deepEqual(secretUpdateNeeded(secret({}, { token: 'dA==', namespace: 'bnM=', 'ca.crt': Buffer.from('PEM').toString('base64') }), 'PEM'), { ca: false, namespace: false, token: false });
  });
});
