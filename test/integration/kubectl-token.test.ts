/**
 * ServiceAccount tokens through the real kubectl: `kubectl create token` (audiences, duration,
 * bound objects) answered by serviceaccounts/token, the JWT verified with the server's key
 * (the key file kts server created, and the JWKS it publishes), discovery of the subresource
 * and the OIDC issuer documents, and upstream's refusals.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { TokenIssuer } from '../../src/apiserver/serviceaccount/token-issuer.js';
import { useCluster } from '../support/cluster.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';

const ISSUER = 'https://kubernetes.default.svc.cluster.local';

describe('ServiceAccount tokens through kubectl', { skip: kubectlSkipReason() }, () => {
  const { server, kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  let issuer: TokenIssuer;

  before(async () => {
    kubectl = cluster();
    const keyPath = join(server.dataDir, 'service-account.key');
    assert.equal(statSync(keyPath).mode & 0o777, 0o600);
    issuer = await TokenIssuer.fromPem(readFileSync(keyPath, 'utf8'));
    await kubectl.ok(['create', 'serviceaccount', 'builder']);
    await kubectl.ok(['create', 'serviceaccount', 'other']);
    await kubectl.ok(['create', '-f', '-'], {
      stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } }),
    });
    await kubectl.ok(['create', '-f', '-'], {
      stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { serviceAccountName: 'builder', nodeName: 'n1', containers: [{ name: 'c', image: 'busybox:1.36' }] } }),
    });
    await kubectl.ok(['create', 'secret', 'generic', 's', '--from-literal=a=b']);
  });

  const uidOf = async (kind: string, name: string): Promise<string> => kubectl.ok(['get', kind, name, '-o', 'jsonpath={.metadata.uid}']);

  test('kubectl create token: an RS256 JWT signed with the key in the data dir, claims as upstream', async () => {
    const started = Math.floor(Date.now() / 1000);
    const token = (await kubectl.ok(['create', 'token', 'builder'])).trim();
    assert.deepEqual(decodeProtectedHeader(token), { alg: 'RS256', kid: issuer.keyId });
    const { payload } = await jwtVerify(token, issuer.publicKey, { issuer: ISSUER, audience: ISSUER });
    assert.equal(payload.sub, 'system:serviceaccount:default:builder');
    assert.deepEqual(payload.aud, [ISSUER]);
    assert.ok(payload.iat! >= started - 1 && payload.iat! <= Math.floor(Date.now() / 1000));
    assert.equal(payload.exp! - payload.iat!, 3600);
    assert.equal(payload.nbf, payload.iat);
    assert.match(String(payload.jti), /^[0-9a-f-]{36}$/);
    assert.deepEqual(payload['kubernetes.io'], { namespace: 'default', serviceaccount: { name: 'builder', uid: await uidOf('serviceaccount', 'builder') } });
  });

  test('audiences, duration and a bound pod (with its node); the JWKS the server publishes verifies it', async () => {
    const token = (await kubectl.ok(['create', 'token', 'builder', '--audience=vault', '--audience=ci', '--duration=20m', '--bound-object-kind=Pod', '--bound-object-name=p'])).trim();
    const jwks = JSON.parse(await kubectl.ok(['get', '--raw', '/openid/v1/jwks'])) as JSONWebKeySet;
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: ISSUER, audience: 'vault' });
    assert.deepEqual(payload.aud, ['vault', 'ci']);
    assert.equal(payload.exp! - payload.iat!, 1200);
    assert.deepEqual(payload['kubernetes.io'], {
      namespace: 'default',
      node: { name: 'n1', uid: await uidOf('node', 'n1') },
      pod: { name: 'p', uid: await uidOf('pod', 'p') },
      serviceaccount: { name: 'builder', uid: await uidOf('serviceaccount', 'builder') },
    });
  });

  test('secret and node bindings; the kubelet lifetime (3607 s) is extended with warnafter', async () => {
    const secretToken = (await kubectl.ok(['create', 'token', 'builder', '--bound-object-kind=Secret', '--bound-object-name=s'])).trim();
    assert.deepEqual((await jwtVerify(secretToken, issuer.publicKey)).payload['kubernetes.io'], {
      namespace: 'default',
      secret: { name: 's', uid: await uidOf('secret', 's') },
      serviceaccount: { name: 'builder', uid: await uidOf('serviceaccount', 'builder') },
    });
    const nodeToken = (await kubectl.ok(['create', 'token', 'builder', '--bound-object-kind=Node', '--bound-object-name=n1'])).trim();
    assert.deepEqual(((await jwtVerify(nodeToken, issuer.publicKey)).payload['kubernetes.io'] as { node: unknown }).node, { name: 'n1', uid: await uidOf('node', 'n1') });

    const body = JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3607, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p' } } });
    const answer = JSON.parse(await kubectl.ok(['create', '--raw', '/api/v1/namespaces/default/serviceaccounts/builder/token', '-f', '-'], { stdin: body })) as {
      kind: string;
      metadata: { name: string; namespace: string };
      spec: { audiences: string[]; expirationSeconds: number };
      status: { token: string; expirationTimestamp: string };
    };
    assert.equal(answer.kind, 'TokenRequest');
    assert.deepEqual(answer.metadata.name, 'builder');
    assert.deepEqual(answer.spec, { audiences: [ISSUER], expirationSeconds: 3607, boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p' } });
    const { payload } = await jwtVerify(answer.status.token, issuer.publicKey);
    assert.equal(payload.exp! - payload.iat!, 365 * 24 * 3600);
    assert.equal((payload['kubernetes.io'] as { warnafter: number }).warnafter, payload.iat! + 3607);
    // The status reports the requested lifetime, not the extension.
    assert.equal(Date.parse(answer.status.expirationTimestamp) / 1000, payload.iat! + 3607);
  });

  test("upstream's refusals", async () => {
    assert.equal((await kubectl.run(['create', 'token', 'builder', '--duration=5m'])).stderr, 'error: failed to create token: TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes\n');
    assert.equal((await kubectl.run(['create', 'token', 'nobody'])).stderr, 'error: failed to create token: serviceaccounts "nobody" not found\n');
    assert.equal(
      (await kubectl.run(['create', 'token', 'other', '--bound-object-kind=Pod', '--bound-object-name=p'])).stderr,
      'error: failed to create token: cannot bind token for serviceaccount "other" to pod running with serviceaccount "builder"\n',
    );
    assert.equal((await kubectl.run(['create', 'token', 'builder', '--bound-object-kind=Secret', '--bound-object-name=nope'])).stderr, 'error: failed to create token: secrets "nope" not found\n');
    const wrongUid = await kubectl.run(['create', 'token', 'builder', '--bound-object-kind=Pod', '--bound-object-name=p', '--bound-object-uid=abc']);
    assert.match(wrongUid.stderr, /Operation cannot be fulfilled on Pod "p": the UID in the bound object reference \(abc\) does not match the UID in record/);
  });

  test('discovery lists serviceaccounts/token; the OIDC issuer documents are served', async () => {
    const list = JSON.parse(await kubectl.ok(['get', '--raw', '/api/v1'])) as { resources: { name: string; kind: string; group?: string; version?: string; verbs: string[] }[] };
    const token = list.resources.find((r) => r.name === 'serviceaccounts/token');
    assert.deepEqual(token && { kind: token.kind, group: token.group, version: token.version, verbs: token.verbs }, { kind: 'TokenRequest', group: 'authentication.k8s.io', version: 'v1', verbs: ['create'] });
    const config = JSON.parse(await kubectl.ok(['get', '--raw', '/.well-known/openid-configuration'])) as Record<string, unknown>;
    assert.deepEqual(config, {
      issuer: ISSUER,
      jwks_uri: `${server.url}/openid/v1/jwks`,
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const jwks = JSON.parse(await kubectl.ok(['get', '--raw', '/openid/v1/jwks'])) as JSONWebKeySet;
    assert.deepEqual(jwks, issuer.jwks());
  });
});
