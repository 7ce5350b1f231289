/**
 * The official JavaScript client (@kubernetes/client-node 1.x) against a real `kts server`: typed
 * list/create/read/patch/delete of ConfigMaps and Namespaces, its Watch class and its informer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiException, CoreV1Api, KubeConfig, PatchStrategy, Watch, makeInformer, setHeaderOptions, type V1ConfigMap } from '@kubernetes/client-node';
import { KtsServer } from '../support/kts-server.js';

/** Resolves once `condition` holds, polling; fails after `ms`. */
async function eventually(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (err) {
    if (err instanceof ApiException) return err.code;
    throw err;
  }
}

describe('@kubernetes/client-node against kts server', () => {
  const server = new KtsServer();
  const config = new KubeConfig();
  let core: CoreV1Api;

  before(async () => {
    await server.start(['--datastore-endpoint', 'memory://']);
    // client-node 1.x refuses plain-HTTP clusters unless TLS verification is marked skipped (there
    // is no TLS to verify on kts's loopback HTTP port); everything else comes from kts's kubeconfig.
    const file = new KubeConfig();
    file.loadFromFile(server.kubeconfig);
    config.loadFromOptions({
      clusters: file.clusters.map((c) => ({ ...c, skipTLSVerify: true })),
      users: file.users,
      contexts: file.contexts,
      currentContext: file.currentContext,
    });
    core = config.makeApiClient(CoreV1Api);
    for (const name of ['client', 'watched', 'informed']) await core.createNamespace({ body: { metadata: { name } } });
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  test('lists namespaces and config maps', async () => {
    const namespaces = await core.listNamespace();
    const names = namespaces.items.map((n) => n.metadata?.name);
    for (const name of ['default', 'kube-system', 'client']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    assert.match(namespaces.metadata?.resourceVersion ?? '', /^\d+$/);
    const configMaps = await core.listNamespacedConfigMap({ namespace: 'client' });
    assert.deepEqual(configMaps.items, []);
  });

  test('creates, patches (merge and strategic) and deletes a ConfigMap', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'client',
      body: { metadata: { name: 'settings', labels: { app: 'web' }, finalizers: ['example.com/a'] }, data: { a: '1' } },
    });
    assert.equal(created.metadata?.namespace, 'client');
    assert.ok(created.metadata?.uid);

    const merged = await core.patchNamespacedConfigMap(
      { name: 'settings', namespace: 'client', body: { data: { b: '2' }, metadata: { labels: { tier: 'front' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.deepEqual(merged.data, { a: '1', b: '2' });
    assert.deepEqual(merged.metadata?.labels, { app: 'web', tier: 'front' });

    // finalizers merge as a set under a strategic merge patch (a merge patch would replace them).
    const strategic = await core.patchNamespacedConfigMap(
      { name: 'settings', namespace: 'client', body: { metadata: { finalizers: ['example.com/b'] } } },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    assert.deepEqual([...(strategic.metadata?.finalizers ?? [])].sort(), ['example.com/a', 'example.com/b']);
    const replaced = await core.patchNamespacedConfigMap(
      { name: 'settings', namespace: 'client', body: { metadata: { finalizers: null } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.equal(replaced.metadata?.finalizers, undefined);

    const read = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'client' });
    assert.equal(read.metadata?.resourceVersion, replaced.metadata?.resourceVersion);
    await core.deleteNamespacedConfigMap({ name: 'settings', namespace: 'client' });
    assert.equal(await statusOf(core.readNamespacedConfigMap({ name: 'settings', namespace: 'client' })), 404);
    assert.equal(await statusOf(core.createNamespacedConfigMap({ namespace: 'client', body: { metadata: { name: 'Bad_Name' } } })), 422);
  });

  test('creates, patches and deletes a Namespace through its finalize subresource', async () => {
    await core.createNamespace({ body: { metadata: { name: 'short-lived' } } });
    const patched = await core.patchNamespace({ name: 'short-lived', body: { metadata: { labels: { team: 'a' } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    assert.equal(patched.metadata?.labels?.['team'], 'a');
    await core.deleteNamespace({ name: 'short-lived' });
    const terminating = await core.readNamespace({ name: 'short-lived' });
    assert.equal(terminating.status?.phase, 'Terminating');
    await core.replaceNamespaceFinalize({ name: 'short-lived', body: { ...terminating, spec: { finalizers: [] } } });
    assert.equal(await statusOf(core.readNamespace({ name: 'short-lived' })), 404);
  });

  test('Watch reports ADDED, MODIFIED and DELETED', async () => {
    const events: [string, string | undefined][] = [];
    const list = await core.listNamespacedConfigMap({ namespace: 'watched' });
    let ended: unknown = 'running';
    const controller = await new Watch(config).watch(
      '/api/v1/namespaces/watched/configmaps',
      { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (phase, object: V1ConfigMap) => {
        if (phase !== 'BOOKMARK') events.push([phase, object.data?.['v']]);
      },
      (err) => (ended = err),
    );
    try {
      await core.createNamespacedConfigMap({ namespace: 'watched', body: { metadata: { name: 'w' }, data: { v: '1' } } });
      await core.replaceNamespacedConfigMap({ name: 'w', namespace: 'watched', body: { metadata: { name: 'w' }, data: { v: '2' } } });
      await core.deleteNamespacedConfigMap({ name: 'w', namespace: 'watched' });
      await eventually(() => events.length >= 3, 'three watch events');
      assert.deepEqual(events, [
        ['ADDED', '1'],
        ['MODIFIED', '2'],
        ['DELETED', '2'],
      ]);
      assert.equal(ended, 'running');
    } finally {
      controller.abort();
    }
  });

  test('an informer receives add, update and delete', async () => {
    const seen: string[] = [];
    const informer = makeInformer(config, '/api/v1/namespaces/informed/configmaps', () => core.listNamespacedConfigMap({ namespace: 'informed' }));
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name} ${o.data?.['v']}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name} ${o.data?.['v']}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
    const errors: unknown[] = [];
    informer.on('error', (err) => errors.push(err));
    await core.createNamespacedConfigMap({ namespace: 'informed', body: { metadata: { name: 'before' }, data: { v: '0' } } });
    await informer.start();
    try {
      await eventually(() => seen.includes('add before 0'), 'the initial list');
      await core.createNamespacedConfigMap({ namespace: 'informed', body: { metadata: { name: 'i' }, data: { v: '1' } } });
      await core.patchNamespacedConfigMap({ name: 'i', namespace: 'informed', body: { data: { v: '2' } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
      await core.deleteNamespacedConfigMap({ name: 'i', namespace: 'informed' });
      await eventually(() => seen.includes('delete i'), 'the delete');
      assert.deepEqual(seen, ['add before 0', 'add i 1', 'update i 2', 'delete i']);
      assert.deepEqual(
        informer.list().map((o) => o.metadata?.name),
        ['before'],
      );
      assert.deepEqual(errors, []);
    } finally {
      await informer.stop();
    }
  });
});
