/**
 * The REST client (src/client/rest) against a real `kts server`: CRUD of ConfigMaps, paged lists,
 * the status subresource, conflicts and not-found as StatusErrors, patches (merge, strategic,
 * json, server-side apply), delete options, a watch seeing ADDED/MODIFIED/DELETED and a 410
 * ERROR event, and retries while the server is unreachable.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { loadKubeconfig, RestClient, type ResourceClient } from '../../src/client/rest/index.js';
import type { KubeObjectLike } from '../../src/client/object.js';
import type { WatchEvent } from '../../src/client/lister-watcher.js';
import { StatusError } from '../../src/util/errors.js';
import { useCluster } from '../support/cluster.js';

interface ConfigMap extends KubeObjectLike {
  data?: Record<string, string>;
}

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
const QUOTAS = { group: '', version: 'v1', resource: 'resourcequotas', namespaced: true };

function isStatus(code: number, reason: string): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.equal(err.reason, reason);
    return true;
  };
}

describe('REST client against kts server', () => {
  const { server } = useCluster();
  let client: RestClient;
  let cms: ResourceClient<ConfigMap>;
  before(async () => {
    const { config } = loadKubeconfig(server.kubeconfig);
    assert.equal(config.server, server.url);
    client = new RestClient({ ...config, qps: 100, burst: 100 });
    await client.resource(NAMESPACES).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'rest' } });
    cms = client.resource<ConfigMap>(CONFIGMAPS).namespace('rest');
  });
  after(() => client.close());

  test('create, get, update, delete a ConfigMap; 404 and 409 as StatusErrors', async () => {
    const created = await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { a: '1' } });
    assert.equal(created.metadata.namespace, 'rest');
    assert.ok(created.metadata.uid);
    await assert.rejects(cms.create({ metadata: { name: 'one' } }), isStatus(409, 'AlreadyExists'));

    const got = await cms.get('one');
    assert.deepEqual(got.data, { a: '1' });
    const updated = await cms.update({ ...got, data: { a: '2' } });
    assert.deepEqual(updated.data, { a: '2' });
    assert.notEqual(updated.metadata.resourceVersion, got.metadata.resourceVersion);
    // A stale resourceVersion is a 409 Conflict, with the server's message and details.
    await assert.rejects(cms.update({ ...got, data: { a: '3' } }), (err: unknown) => {
      isStatus(409, 'Conflict')(err);
      assert.match((err as StatusError).message, /the object has been modified/);
      assert.equal((err as StatusError).details?.name, 'one');
      return true;
    });

    await cms.delete('one', { preconditions: { uid: 'not-the-uid' } }).then(
      () => assert.fail('a wrong uid precondition must fail'),
      isStatus(409, 'Conflict'),
    );
    await cms.delete('one', { propagationPolicy: 'Background', gracePeriodSeconds: 0, preconditions: { uid: created.metadata.uid! } });
    await assert.rejects(cms.get('one'), isStatus(404, 'NotFound'));
    await assert.rejects(cms.delete('one'), isStatus(404, 'NotFound'));
  });

  test('422 Invalid keeps the field causes', async () => {
    await assert.rejects(cms.create({ metadata: { name: 'Not_Valid' } }), (err: unknown) => {
      isStatus(422, 'Invalid')(err);
      assert.ok((err as StatusError).details?.causes?.some((c) => c.field === 'metadata.name'));
      return true;
    });
  });

  test('list follows continue pages with limit, across namespaces too', async () => {
    for (let i = 0; i < 7; i++) await cms.create({ metadata: { name: `page-${i}`, labels: { paged: 'yes' } } });
    const paged = await cms.list({ limit: 2, labelSelector: 'paged=yes' });
    assert.deepEqual(
      paged.items.map((cm) => cm.metadata.name),
      [0, 1, 2, 3, 4, 5, 6].map((i) => `page-${i}`),
    );
    assert.ok(paged.items.every((cm) => cm.kind === 'ConfigMap' && cm.apiVersion === 'v1'));
    assert.match(paged.resourceVersion, /^\d+$/);
    const all = await client.resource<ConfigMap>(CONFIGMAPS).list({ limit: 3, labelSelector: 'paged=yes' });
    assert.equal(all.items.length, 7);
  });

  test('patch: merge, strategic, json and server-side apply with force', async () => {
    await cms.create({ metadata: { name: 'patched' }, data: { a: '1' } });
    assert.deepEqual((await cms.patch('patched', 'merge', { data: { b: '2' } })).data, { a: '1', b: '2' });
    assert.deepEqual((await cms.patch('patched', 'strategic', { data: { c: '3' } })).data, { a: '1', b: '2', c: '3' });
    assert.deepEqual((await cms.patch('patched', 'json', [{ op: 'remove', path: '/data/a' }])).data, { b: '2', c: '3' });

    const applyConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied' }, data: { x: 'mine' } };
    await cms.patch('applied', 'apply', applyConfig, { fieldManager: 'alice' });
    await assert.rejects(cms.patch('applied', 'apply', { ...applyConfig, data: { x: 'theirs' } }, { fieldManager: 'bob' }), isStatus(409, 'Conflict'));
    const forced = await cms.patch('applied', 'apply', { ...applyConfig, data: { x: 'theirs' } }, { fieldManager: 'bob', force: true });
    assert.deepEqual(forced.data, { x: 'theirs' });
  });

  test('updateStatus changes only the status of a ResourceQuota', async () => {
    const quotas = client.resource(QUOTAS).namespace('rest');
    const quota = await quotas.create({ metadata: { name: 'q' }, spec: { hard: { pods: '5' } } });
    const withStatus = await quotas.updateStatus({ ...quota, spec: { hard: { pods: '99' } }, status: { hard: { pods: '5' }, used: { pods: '1' } } });
    assert.deepEqual(withStatus.status, { hard: { pods: '5' }, used: { pods: '1' } });
    assert.deepEqual(withStatus.spec, { hard: { pods: '5' } }, 'the status subresource ignores spec');
    const plain = await quotas.update({ ...withStatus, status: { used: { pods: '3' } } });
    assert.deepEqual(plain.status, { hard: { pods: '5' }, used: { pods: '1' } }, 'the main resource ignores status');
  });

  test('watch sees ADDED, MODIFIED and DELETED from a list revision; stop() ends it', async () => {
    const watched = client.resource<ConfigMap>(CONFIGMAPS).namespace('rest');
    const start = await watched.list({ fieldSelector: 'metadata.name=watched' });
    const watch = await watched.watch({ resourceVersion: start.resourceVersion, fieldSelector: 'metadata.name=watched' });
    const events: WatchEvent<ConfigMap>[] = [];
    const reading = (async () => {
      for await (const event of watch) {
        events.push(event);
        if (event.type === 'DELETED') watch.stop();
      }
    })();
    const cm = await watched.create({ metadata: { name: 'watched' }, data: { v: '1' } });
    await watched.update({ ...cm, data: { v: '2' } });
    await watched.delete('watched');
    await reading;
    assert.deepEqual(
      events.map((e) => [e.type, e.object.data?.v]),
      [['ADDED', '1'], ['MODIFIED', '2'], ['DELETED', '2']],
    );
  });

  test('the server ending a watch (timeoutSeconds) ends the iteration', async () => {
    const { resourceVersion } = await cms.list();
    const watch = await cms.watch({ resourceVersion, timeoutSeconds: 1 });
    const startedAt = Date.now();
    for await (const event of watch) assert.fail(`unexpected ${event.type}`);
    assert.ok(Date.now() - startedAt >= 900);
  });

  test('a watch from a revision the server no longer keeps gets a 410 Expired ERROR event', async () => {
    const churn = await cms.create({ metadata: { name: 'churn' } });
    // The server keeps the last 10,000 events per resource: push the ConfigMap's creation out.
    const fast = new RestClient({ server: server.url, qps: Infinity });
    try {
      const churning = fast.resource<ConfigMap>(CONFIGMAPS).namespace('rest');
      let n = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (n < 10_001) await churning.patch('churn', 'merge', { data: { n: String(++n) } });
        }),
      );
    } finally {
      fast.close();
    }
    const watch = await cms.watch({ resourceVersion: churn.metadata.resourceVersion! });
    const events: WatchEvent[] = [];
    for await (const event of watch) events.push(event);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'ERROR');
    assert.equal(events[0]!.object.kind, 'Status');
    assert.equal(events[0]!.object.code, 410);
    assert.equal(events[0]!.object.reason, 'Expired');
  });

  test('calls made while the server is unreachable are retried until it answers', async () => {
    // A TCP relay to the server stands for the server: closed (connection refused), then up.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const relay = net.createServer((socket) => {
      const upstream = net.connect(server.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    const flaky = new RestClient({ server: `http://127.0.0.1:${port}`, backoff: { initialMs: 50, maxMs: 200 }, maxAttempts: 20 });
    try {
      const flakyCms = flaky.resource<ConfigMap>(CONFIGMAPS).namespace('rest');
      const creating = flakyCms.create({ metadata: { name: 'while-down' }, data: { k: 'v' } });
      const listing = flakyCms.list();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
      assert.equal((await creating).metadata.name, 'while-down');
      assert.ok((await listing).items.length > 0);
      assert.deepEqual((await cms.get('while-down')).data, { k: 'v' });
    } finally {
      flaky.close();
      relay.close();
    }
  });

  test('an aborted call rejects with AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(cms.get('anything', { signal: controller.signal }), { name: 'AbortError' });
  });
});
