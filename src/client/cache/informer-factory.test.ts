import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedInformerFactory } from './informer-factory.js';
import { FAST_BACKOFF, eventually, obj, recordingLogger } from './testing/helpers.js';
import { MemoryListerWatcher } from './testing/memory-lister-watcher.js';

describe('SharedInformerFactory', () => {
  it('shares one informer, so one list and one watch, per resource', async () => {
    const apis = { pods: new MemoryListerWatcher(), configmaps: new MemoryListerWatcher() };
    apis.pods.create(obj('n', 'p1'));
    apis.configmaps.create(obj('n', 'c1'));
    const asked: string[] = [];
    const factory = new SharedInformerFactory(
      (resource) => {
        asked.push(resource);
        return apis[resource as keyof typeof apis];
      },
      { defaults: { backoff: FAST_BACKOFF, logger: recordingLogger() } },
    );
    try {
      const a = factory.informerFor('pods');
      const b = factory.informerFor('pods');
      assert.equal(a, b);
      const seen: string[] = [];
      a.addEventHandler({ onAdd: (o) => void seen.push(`first ${o.metadata.name}`) });
      b.addEventHandler({ onAdd: (o) => void seen.push(`second ${o.metadata.name}`) });
      factory.start();
      // An informer asked for after start() runs after the next start().
      const cms = factory.informerFor('configmaps');
      assert.equal(cms.isStarted, false);
      factory.start();
      await factory.waitForSync();
      assert.deepEqual(asked, ['pods', 'configmaps']);
      assert.deepEqual(factory.resources(), ['pods', 'configmaps']);
      assert.equal(cms.lister.get('n', 'c1')?.metadata.name, 'c1');
      await eventually(() => apis.pods.openWatches === 1 && apis.configmaps.openWatches === 1, 'watches');
      assert.equal(apis.pods.calls.filter((c) => c.op === 'list').length, 1);
      assert.equal(apis.pods.calls.filter((c) => c.op === 'watch').length, 1);
      await a.idle();
      assert.deepEqual(seen.sort(), ['first p1', 'second p1']);
    } finally {
      await factory.dispose();
    }
    assert.equal(apis.pods.openWatches, 0);
    assert.equal(apis.configmaps.openWatches, 0);
    assert.throws(() => factory.informerFor('pods'), /disposed/);
  });
});
