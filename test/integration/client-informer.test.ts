/**
 * The client library end to end against a real `kts server`: a SharedInformer over the REST
 * client's ListerWatcher syncs the existing objects, then sees creates, updates and deletes in
 * order, and its lister answers from the cache.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DeletedFinalStateUnknown, SharedInformer } from '../../src/client/cache/index.js';
import type { KubeObjectLike } from '../../src/client/object.js';
import { loadKubeconfig, RestClient, type ResourceClient } from '../../src/client/rest/index.js';
import { useCluster } from '../support/cluster.js';

interface ConfigMap extends KubeObjectLike {
  data?: Record<string, string>;
}

describe('informer over the REST client against kts server', () => {
  const { server } = useCluster();
  let client: RestClient;
  let cms: ResourceClient<ConfigMap>;
  before(async () => {
    client = new RestClient({ ...loadKubeconfig(server.kubeconfig).config, qps: 100, burst: 100 });
    await client.resource({ group: '', version: 'v1', resource: 'namespaces', namespaced: false }).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'informed' } });
    cms = client.resource<ConfigMap>({ group: '', version: 'v1', resource: 'configmaps', namespaced: true }).namespace('informed');
  });
  after(() => client.close());

  test('initial sync, then adds, updates and deletes in order; the lister reads the cache', async () => {
    await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'before', labels: { app: 'x' } }, data: { v: '0' } });
    const informer = new SharedInformer<ConfigMap>(cms);
    const seen: string[] = [];
    let onSeen: (() => void) | undefined;
    const record = (entry: string): void => {
      seen.push(entry);
      onSeen?.();
    };
    informer.addEventHandler({
      onAdd: (o, initial) => record(`add ${o.metadata.name}${initial ? ' (initial)' : ''}`),
      onUpdate: (old, o) => record(`update ${o.metadata.name} ${old.data?.['v']}→${o.data?.['v']}`),
      onDelete: (o) => record(`delete ${(o instanceof DeletedFinalStateUnknown ? o.obj : o).metadata.name}`),
    });
    informer.start();
    try {
      await informer.waitForSync();
      const created = await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after', labels: { app: 'x' } }, data: { v: '1' } });
      await cms.update({ ...created, data: { v: '2' } });
      await cms.delete('before');
      const expected = ['add before (initial)', 'add after', 'update after 1→2', 'delete before'];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`saw only ${JSON.stringify(seen)}`)), 10_000);
        onSeen = () => {
          if (seen.length >= expected.length) {
            clearTimeout(timer);
            resolve();
          }
        };
        onSeen();
      });
      assert.deepEqual(seen, expected);
      assert.deepEqual(informer.lister.list('app=x').map((o) => o.metadata.name), ['after']);
      assert.equal(informer.lister.get('informed', 'after')?.data?.['v'], '2');
    } finally {
      await informer.dispose();
    }
  });
});
