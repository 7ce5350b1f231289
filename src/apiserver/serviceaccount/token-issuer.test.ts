import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { serviceAccountClaims } from './claims.js';
import { loadOrCreateSigningKey } from './signing-key.js';
import { DEFAULT_ISSUER, TokenIssuer } from './token-issuer.js';

const rsaPem = (): string => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

test('TokenIssuer: RS256 tokens verifiable with the public key and the JWKS, kid as upstream derives it', async () => {
  const pem = rsaPem();
  const issuer = await TokenIssuer.fromPem(pem);
  assert.equal(issuer.issuer, DEFAULT_ISSUER);
  assert.deepEqual(issuer.apiAudiences, [DEFAULT_ISSUER]);
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  assert.equal(issuer.keyId, createHash('sha256').update(der).digest('base64url'));
  const claims = serviceAccountClaims({ namespace: 'ns', serviceAccount: { name: 'sa', uid: 'u' }, audiences: ['api'], expirationSeconds: 600, warnAfterSeconds: 0, now: new Date(), tokenId: 'j' });
  const token = await issuer.sign(claims);
  assert.deepEqual(decodeProtectedHeader(token), { alg: 'RS256', kid: issuer.keyId });
  const { payload } = await jwtVerify(token, issuer.publicKey, { issuer: DEFAULT_ISSUER, audience: 'api' });
  assert.equal(payload.sub, 'system:serviceaccount:ns:sa');
  const jwks = issuer.jwks();
  assert.equal(jwks.keys.length, 1);
  assert.deepEqual({ kid: jwks.keys[0]!.kid, alg: jwks.keys[0]!.alg, use: jwks.keys[0]!.use, kty: jwks.keys[0]!.kty }, { kid: issuer.keyId, alg: 'RS256', use: 'sig', kty: 'RSA' });
  await jwtVerify(token, createLocalJWKSet(jwks), { audience: 'api' });
  const other = await TokenIssuer.fromPem(rsaPem());
  await assert.rejects(jwtVerify(token, other.publicKey), /signature verification failed/);
});

test('TokenIssuer: a custom issuer and audiences; non-RSA keys are refused', async () => {
  const issuer = await TokenIssuer.fromPem(rsaPem(), { issuer: 'https://kts.example', apiAudiences: ['a', 'b'] });
  assert.deepEqual(issuer.apiAudiences, ['a', 'b']);
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  await assert.rejects(TokenIssuer.fromPem(ec), /the service account signing key must be an RSA key, not ec/);
});

test('loadOrCreateSigningKey: created once with mode 0600, then reused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-sa-key-'));
  try {
    const path = join(dir, 'service-account.key');
    const first = await loadOrCreateSigningKey(path);
    assert.match(first, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(await loadOrCreateSigningKey(path), first);
    assert.equal((await TokenIssuer.fromPem(first)).keyId, (await TokenIssuer.fromPem(await loadOrCreateSigningKey(path))).keyId);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
