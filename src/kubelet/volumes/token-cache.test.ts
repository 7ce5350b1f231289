import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceAccountTokenCache, type TokenRequestSpec } from './token-cache.js';

function fixture(lifetimeSeconds = 3600) {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const requests: string[] = [];
  let fail = false;
  const cache = new ServiceAccountTokenCache(
    (ns, sa, spec) => {
      if (fail) throw new Error('apiserver down');
      requests.push(`${ns}/${sa}/${spec.audience ?? ''}`);
      return { token: `t${requests.length}`, expirationTimestamp: new Date(now + lifetimeSeconds * 1000).toISOString() };
    },
    { now: () => now, jitterMs: () => 0 },
  );
  return {
    cache,
    requests,
    advance: (ms: number) => (now += ms),
    setFail: (v: boolean) => (fail = v),
  };
}

const spec: TokenRequestSpec = { expirationSeconds: 3600, boundPod: { name: 'p', uid: 'u1' } };

test('a token is reused until 80% of its lifetime has passed', async () => {
  const f = fixture();
  assert.equal(await f.cache.get('ns', 'sa', spec), 't1');
  f.advance(0.8 * 3600_000 - 1);
  assert.equal(await f.cache.get('ns', 'sa', spec), 't1');
  f.advance(2);
  assert.equal(await f.cache.get('ns', 'sa', spec), 't2');
  assert.equal(f.requests.length, 2);
});

test('different audiences, expirations or pods get their own tokens', async () => {
  const f = fixture();
  await f.cache.get('ns', 'sa', spec);
  await f.cache.get('ns', 'sa', { ...spec, audience: 'vault' });
  await f.cache.get('ns', 'sa', { ...spec, boundPod: { name: 'q', uid: 'u2' } });
  await f.cache.get('ns', 'sa', spec);
  assert.deepEqual(f.requests, ['ns/sa/', 'ns/sa/vault', 'ns/sa/']);
});

test('long-lived tokens are refreshed after 24 hours', async () => {
  const f = fixture(7 * 24 * 3600);
  const week: TokenRequestSpec = { ...spec, expirationSeconds: 7 * 24 * 3600 };
  await f.cache.get('ns', 'sa', week);
  f.advance(24 * 3600_000 - 1);
  assert.equal(await f.cache.get('ns', 'sa', week), 't1');
  f.advance(2);
  assert.equal(await f.cache.get('ns', 'sa', week), 't2');
});

test('a failed refresh keeps serving the unexpired token; an expired one fails', async () => {
  const f = fixture();
  await f.cache.get('ns', 'sa', spec);
  f.advance(0.9 * 3600_000);
  f.setFail(true);
  assert.equal(await f.cache.get('ns', 'sa', spec), 't1');
  f.advance(0.2 * 3600_000);
  await assert.rejects(f.cache.get('ns', 'sa', spec), { message: 'apiserver down' });
});

test('deleteForPod forgets the pod tokens', async () => {
  const f = fixture();
  await f.cache.get('ns', 'sa', spec);
  f.cache.deleteForPod('u1');
  await f.cache.get('ns', 'sa', spec);
  assert.equal(f.requests.length, 2);
});
