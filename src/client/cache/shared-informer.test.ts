import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { KubeObjectLike } from '../object.js';
import { DeletedFinalStateUnknown } from './delta.js';
import type { EventHandler } from './handler-listener.js';
import { objectKey } from './keys.js';
import { SharedInformer, type SharedInformerOptions } from './shared-informer.js';
import { FAST_BACKOFF, eventually, obj, recordingLogger } from './testing/helpers.js';
import { MemoryListerWatcher } from './testing/memory-lister-watcher.js';

const rv = (o: KubeObjectLike): string => `${objectKey(o)}@${o.metadata.resourceVersion}`;

/** A handler recording "add n/a@1 initial", "update n/a@1->2", "delete n/a@3", "tombstone n/a@1". */
function recorder(): EventHandler & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    onAdd: (o, initial) => void seen.push(`add ${rv(o)}${initial ? ' initial' : ''}`),
    onUpdate: (old, o) => void seen.push(old === o ? `resync ${rv(o)}` : `update ${rv(old)}->${o.metadata.resourceVersion}`),
    onDelete: (o) =>
      void seen.push(o instanceof DeletedFinalStateUnknown ? `tombstone ${rv(o.obj)}` : `delete ${rv(o)}`),
  };
}

const informers: SharedInformer[] = [];
afterEach(async () => {
  await Promise.all(informers.splice(0).map((i) => i.dispose()));
});

function newInformer(lw: MemoryListerWatcher, options: SharedInformerOptions<KubeObjectLike> = {}) {
  const logger = recordingLogger();
  const informer = new SharedInformer(lw, { backoff: FAST_BACKOFF, logger, ...options });
  informers.push(informer);
  return { informer, logger };
}

describe('SharedInformer', () => {
  it('syncs: handlers get the initial list as adds, then hasSynced and waitForSync hold', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    lw.create(obj('n', 'b'));
    const { informer } = newInformer(lw);
    const h = recorder();
    const reg = informer.addEventHandler(h);
    assert.equal(informer.hasSynced(), false);
    assert.equal(reg.hasSynced(), false);
    const synced = informer.waitForSync();
    informer.start();
    await synced;
    assert.equal(informer.hasSynced(), true);
    assert.equal(informer.lister.get('n', 'a')?.metadata.resourceVersion, '1');
    await informer.idle();
    assert.equal(reg.hasSynced(), true);
    assert.deepEqual(h.seen, ['add n/a@1 initial', 'add n/b@2 initial']);
  });

  it('waitForSync rejects when its signal aborts first', async () => {
    const lw = new MemoryListerWatcher();
    lw.failNext('list', new Error('down'));
    const { informer } = newInformer(lw, { backoff: { initialMs: 10_000, maxMs: 10_000 } });
    informer.start();
    const abort = new AbortController();
    const waiting = informer.waitForSync(abort.signal);
    abort.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
  });

  it('delivers events to every handler in order', async () => {
    const lw = new MemoryListerWatcher();
    const { informer } = newInformer(lw);
    const h1 = recorder();
    const h2 = recorder();
    informer.addEventHandler(h1);
    informer.addEventHandler(h2);
    informer.start();
    await informer.waitForSync();
    lw.create(obj('n', 'a'));
    for (let i = 0; i < 20; i++) lw.update(obj('n', 'a', undefined, String(i)));
    lw.delete('n', 'a');
    await eventually(() => h1.seen.length === 22 && h2.seen.length === 22, 'all events');
    const expected = ['add n/a@1', ...Array.from({ length: 20 }, (_, i) => `update n/a@${i + 1}->${i + 2}`), 'delete n/a@22'];
    assert.deepEqual(h1.seen, expected);
    assert.deepEqual(h2.seen, expected);
  });

  it('keeps per-handler order with async handlers, and a slow handler does not hold up the others', async () => {
    const lw = new MemoryListerWatcher();
    const { informer } = newInformer(lw);
    const slow: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    informer.addEventHandler({
      onAdd: async (o) => {
        if (o.metadata.name === 'a') await gate;
        slow.push(objectKey(o));
      },
    });
    const fast = recorder();
    informer.addEventHandler(fast);
    informer.start();
    await informer.waitForSync();
    lw.create(obj('n', 'a'));
    lw.create(obj('n', 'b'));
    await eventually(() => fast.seen.length === 2, 'fast handler');
    assert.deepEqual(slow, []);
    release();
    await eventually(() => slow.length === 2, 'slow handler');
    assert.deepEqual(slow, ['n/a', 'n/b']);
  });

  it('reports deletes seen only through a relist as tombstones, with no duplicate events', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    lw.create(obj('n', 'b'));
    const { informer } = newInformer(lw);
    const h = recorder();
    informer.addEventHandler(h);
    informer.start();
    await informer.waitForSync();
    await eventually(() => lw.openWatches === 1, 'watch');
    lw.holdWatches();
    lw.endWatches();
    await eventually(() => lw.calls.length === 3, 'held watch');
    lw.delete('n', 'a');
    lw.update(obj('n', 'b', undefined, 'x'));
    lw.compact();
    lw.releaseWatches();
    await eventually(() => h.seen.length === 4, 'relist events');
    await eventually(() => lw.openWatches === 1, 'new watch');
    await informer.idle();
    assert.deepEqual(h.seen, ['add n/a@1 initial', 'add n/b@2 initial', 'tombstone n/a@1', 'update n/b@2->4']);
    assert.deepEqual(informer.lister.list().map(rv), ['n/b@4']);
  });

  it('resyncs periodically: onUpdate with the same object', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    const { informer } = newInformer(lw, { resyncPeriodMs: 5 });
    const h = recorder();
    informer.addEventHandler(h);
    informer.start();
    await eventually(() => h.seen.filter((s) => s === 'resync n/a@1').length >= 2, 'two resyncs');
    assert.equal(h.seen[0], 'add n/a@1 initial');
  });

  it('gives a late handler synthetic adds for the current state, then only later changes', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    const { informer } = newInformer(lw);
    const early = recorder();
    informer.addEventHandler(early);
    informer.start();
    await informer.waitForSync();
    lw.create(obj('n', 'b'));
    lw.update(obj('n', 'a', undefined, 'x'));
    await eventually(() => early.seen.length === 3, 'early events');
    const late = recorder();
    const reg = informer.addEventHandler(late);
    lw.delete('n', 'b');
    await eventually(() => late.seen.length === 3, 'late events');
    await informer.idle();
    assert.deepEqual(late.seen, ['add n/a@3 initial', 'add n/b@2 initial', 'delete n/b@4']);
    assert.equal(reg.hasSynced(), true);
    assert.deepEqual(early.seen, ['add n/a@1 initial', 'add n/b@2', 'update n/a@1->3', 'delete n/b@4']);
  });

  it('keeps delivering after a handler throws or rejects, and logs it', async () => {
    const lw = new MemoryListerWatcher();
    const { informer, logger } = newInformer(lw);
    const got: string[] = [];
    informer.addEventHandler({
      onAdd: (o) => {
        got.push(objectKey(o));
        if (o.metadata.name === 'a') throw new Error('handler bug');
      },
      onUpdate: () => Promise.reject(new Error('async handler bug')),
      onDelete: (o) => void got.push(`deleted ${objectKey(o instanceof DeletedFinalStateUnknown ? o.obj : o)}`),
    });
    const other = recorder();
    informer.addEventHandler(other);
    informer.start();
    await informer.waitForSync();
    lw.create(obj('n', 'a'));
    lw.update(obj('n', 'a', undefined, 'x'));
    lw.create(obj('n', 'b'));
    lw.delete('n', 'a');
    await eventually(() => got.length === 3 && other.seen.length === 4, 'events after failures');
    assert.deepEqual(got, ['n/a', 'n/b', 'deleted n/a']);
    assert.deepEqual(logger.warnings, ['informer: event handler failed', 'informer: event handler failed']);
  });

  it('stops delivering to a removed handler, and everything on dispose', async () => {
    const lw = new MemoryListerWatcher();
    const { informer } = newInformer(lw);
    const kept = recorder();
    const removed = recorder();
    informer.addEventHandler(kept);
    const reg = informer.addEventHandler(removed);
    informer.start();
    await informer.waitForSync();
    await reg.dispose();
    lw.create(obj('n', 'a'));
    await eventually(() => kept.seen.length === 1, 'kept handler');
    assert.deepEqual(removed.seen, []);
    await informer.dispose();
    assert.equal(lw.openWatches, 0);
    lw.create(obj('n', 'b'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(kept.seen, ['add n/a@1']);
  });
});
