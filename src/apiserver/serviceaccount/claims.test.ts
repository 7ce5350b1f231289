import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceAccountClaims } from './claims.js';

const now = new Date('2025-01-02T03:04:05.678Z');
const base = { namespace: 'ns', serviceAccount: { name: 'sa', uid: 'sa-uid' }, audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 3600, warnAfterSeconds: 0, now, tokenId: 'id-1' };

test('claims: registered claims from the clock, subject as upstream MakeUsername, keys in go-jose order', () => {
  const claims = serviceAccountClaims(base);
  const iat = Math.floor(now.getTime() / 1000);
  assert.deepEqual(claims, {
    aud: ['https://kubernetes.default.svc.cluster.local'],
    exp: iat + 3600,
    iat,
    jti: 'id-1',
    'kubernetes.io': { namespace: 'ns', serviceaccount: { name: 'sa', uid: 'sa-uid' } },
    nbf: iat,
    sub: 'system:serviceaccount:ns:sa',
  });
  assert.deepEqual(Object.keys(claims), ['aud', 'exp', 'iat', 'jti', 'kubernetes.io', 'nbf', 'sub']);
});

test('claims: a pod-bound token names the pod and its node, and warnafter when asked', () => {
  const claims = serviceAccountClaims({ ...base, pod: { name: 'p', uid: 'p-uid' }, node: { name: 'n1', uid: '' }, expirationSeconds: 31536000, warnAfterSeconds: 3607 });
  const iat = Math.floor(now.getTime() / 1000);
  assert.deepEqual(claims['kubernetes.io'], { namespace: 'ns', node: { name: 'n1' }, pod: { name: 'p', uid: 'p-uid' }, serviceaccount: { name: 'sa', uid: 'sa-uid' }, warnafter: iat + 3607 });
  assert.equal(claims.exp, iat + 31536000);
});

test('claims: a secret-bound token names the secret', () => {
  assert.deepEqual(serviceAccountClaims({ ...base, secret: { name: 's', uid: 's-uid' } })['kubernetes.io'].secret, { name: 's', uid: 's-uid' });
});
