import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ExpiredError, ServiceUnavailableError } from '../../util/errors.js';
import { DeletedFinalStateUnknown, type Delta } from './delta.js';
import { Indexer } from './indexer.js';
import { objectKey } from './keys.js';
import { Reflector } from './reflector.js';
import { FAST_BACKOFF, eventually, obj, recordingLogger } from './testing/helpers.js';
import { MemoryListerWatcher } from './testing/memory-lister-watcher.js';

/** A delta as text: "added ns/a@3", "updated ns/a@3->5", "deleted ns/a@5", "tombstone ns/a@5". */
function show(d: Delta): string {
  if (d.type === 'updated') return `updated ${objectKey(d.obj)}@${d.old.metadata.resourceVersion}->${d.obj.metadata.resourceVersion}`;
  if (d.obj instanceof DeletedFinalStateUnknown) return `tombstone ${d.obj.key}@${d.obj.obj.metadata.resourceVersion}`;
  return `${d.type} ${objectKey(d.obj)}@${d.obj.metadata.resourceVersion}`;
}

const running: Reflector[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.dispose()));
});

function setup(lw: MemoryListerWatcher, pageSize?: number) {
  const store = new Indexer();
  const deltas: string[] = [];
  let lists = 0;
  const logger = recordingLogger();
  const reflector = new Reflector(lw, store, {
    onDelta: (d) => deltas.push(show(d)),
    onSynced: () => lists++,
    backoff: FAST_BACKOFF,
    pageSize,
    logger,
  });
  running.push(reflector);
  void reflector.run();
  const listCalls = (): number => lw.calls.filter((c) => c.op === 'list').length;
  const watchCalls = () => lw.calls.filter((c) => c.op === 'watch').map((c) => c.options);
  /** Store content as "key@rv", sorted, to compare with the server's. */
  const content = (): string[] => store.list().map((o) => `${objectKey(o)}@${o.metadata.resourceVersion}`).sort();
  const serverContent = (): string[] =>
    ['n/a', 'n/b', 'n/c', 'n/d', 'n/e', 'n/f']
      .map((k) => lw.get(k))
      .filter((o) => o !== undefined)
      .map((o) => `${objectKey(o)}@${o.metadata.resourceVersion}`);
  return { store, deltas, reflector, logger, listCalls, watchCalls, content, serverContent, synced: () => lists > 0 };
}

describe('Reflector', () => {
  it('lists (paged) into the store, then watches from the list revision with bookmarks', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    lw.create(obj('n', 'b'));
    const t = setup(lw, 2);
    await eventually(() => lw.openWatches === 1, 'watch');
    assert.deepEqual(t.deltas, ['added n/a@1', 'added n/b@2']);
    assert.deepEqual(lw.calls[0], { op: 'list', options: { resourceVersion: '', limit: 2, labelSelector: undefined, fieldSelector: undefined } });
    const [w] = t.watchCalls();
    assert.equal(w?.resourceVersion, '2');
    assert.equal(w?.allowWatchBookmarks, true);
    assert.ok(w !== undefined && w.timeoutSeconds! >= 300 && w.timeoutSeconds! < 600);
    assert.equal(t.reflector.lastSyncResourceVersion, '2');
  });

  it('applies watch events in order', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    const t = setup(lw);
    await eventually(() => lw.openWatches === 1, 'watch');
    lw.update(obj('n', 'a', undefined, 'x'));
    lw.create(obj('n', 'b'));
    lw.update(obj('n', 'a', undefined, 'y'));
    lw.delete('n', 'b');
    await eventually(() => t.deltas.length === 5, 'deltas');
    assert.deepEqual(t.deltas, ['added n/a@1', 'updated n/a@1->2', 'added n/b@3', 'updated n/a@2->4', 'deleted n/b@5']);
    assert.deepEqual(t.content(), ['n/a@4']);
    assert.equal(t.reflector.lastSyncResourceVersion, '5');
  });

  it('resumes an ended watch from the last revision seen: nothing missed, nothing repeated', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    lw.create(obj('n', 'b'));
    const t = setup(lw);
    await eventually(() => lw.openWatches === 1, 'watch');
    lw.update(obj('n', 'a', undefined, 'x')); // rev 3
    await eventually(() => t.deltas.length === 3, 'update');
    lw.holdWatches();
    lw.endWatches();
    await eventually(() => t.watchCalls().length === 2, 'second watch');
    lw.create(obj('n', 'c')); // 4
    lw.update(obj('n', 'b', undefined, 'x')); // 5
    lw.delete('n', 'a'); // 6
    lw.releaseWatches();
    await eventually(() => t.deltas.length === 6, 'replayed events');
    assert.equal(t.watchCalls()[1]?.resourceVersion, '3');
    assert.deepEqual(t.deltas.slice(3), ['added n/c@4', 'updated n/b@2->5', 'deleted n/a@6']);
    assert.equal(t.listCalls(), 1);
    lw.create(obj('n', 'd'));
    await eventually(() => t.deltas.length === 7, 'live event after resume');
    assert.deepEqual(t.content(), ['n/b@5', 'n/c@4', 'n/d@7']);
  });

  it('resumes from a bookmark revision', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    const t = setup(lw);
    await eventually(() => lw.openWatches === 1, 'watch');
    lw.writeElsewhere();
    lw.writeElsewhere();
    lw.bookmark();
    await eventually(() => t.reflector.lastSyncResourceVersion === '3', 'bookmark applied');
    lw.endWatches();
    await eventually(() => t.watchCalls().length === 2, 'second watch');
    assert.equal(t.watchCalls()[1]?.resourceVersion, '3');
    assert.deepEqual(t.deltas, ['added n/a@1']);
  });

  for (const expiredAs of ['event', 'throw'] as const) {
    it(`relists after 410 (${expiredAs === 'event' ? 'ERROR event' : 'thrown ExpiredError'}) with synthetic deletes/updates and no duplicates`, async () => {
      const lw = new MemoryListerWatcher();
      lw.expiredAs = expiredAs;
      for (const name of ['a', 'b', 'c', 'd']) lw.create(obj('n', name)); // revs 1-4
      const t = setup(lw);
      await eventually(() => lw.openWatches === 1, 'watch');
      lw.holdWatches();
      lw.endWatches();
      await eventually(() => t.watchCalls().length === 2, 'second watch');
      lw.update(obj('n', 'b', undefined, 'x')); // 5
      lw.delete('n', 'c'); // 6
      lw.create(obj('n', 'e')); // 7
      lw.create(obj('n', 'f')); // 8
      lw.delete('n', 'f'); // 9
      lw.compact();
      lw.releaseWatches();
      await eventually(() => t.listCalls() === 2 && lw.openWatches === 1, 'relist and new watch');
      assert.deepEqual(t.deltas.slice(4), ['tombstone n/c@3', 'updated n/b@2->5', 'added n/e@7']);
      assert.deepEqual(t.content(), t.serverContent());
      assert.equal(t.watchCalls()[2]?.resourceVersion, '9');
      lw.update(obj('n', 'a', undefined, 'y'));
      await eventually(() => t.deltas.length === 8, 'event after relist');
      assert.equal(t.deltas[7], 'updated n/a@1->10');
    });
  }

  it('relists after a 410 ERROR event on an open watch; an unchanged store yields no deltas', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    const t = setup(lw);
    await eventually(() => lw.openWatches === 1, 'watch');
    lw.errorWatches(410);
    await eventually(() => t.listCalls() === 2 && lw.openWatches === 1, 'relist');
    assert.deepEqual(t.deltas, ['added n/a@1']);
  });

  it('backs off and retries a failing list', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    lw.failNext('list', new ServiceUnavailableError('etcd down'));
    lw.failNext('list', new Error('connection refused'));
    const t = setup(lw);
    await eventually(() => lw.openWatches === 1, 'watch');
    assert.equal(t.listCalls(), 3);
    assert.deepEqual(t.deltas, ['added n/a@1']);
    assert.deepEqual(t.logger.warnings, ['reflector: list/watch failed, retrying', 'reflector: list/watch failed, retrying']);
  });

  it('treats a 410 from the list itself as a failure to back off from, not a relist loop', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    lw.failNext('list', new ExpiredError('expired'));
    const t = setup(lw);
    await eventually(() => lw.openWatches === 1, 'watch');
    assert.equal(t.listCalls(), 2);
    assert.deepEqual(t.logger.warnings, ['reflector: list/watch failed, retrying']);
    assert.deepEqual(t.deltas, ['added n/a@1']);
  });

  it('retries a failing watch (thrown or a non-410 ERROR event) from the same revision without relisting', async () => {
    const lw = new MemoryListerWatcher();
    lw.create(obj('n', 'a'));
    lw.failNext('watch', new ServiceUnavailableError('overloaded'));
    const t = setup(lw);
    await eventually(() => lw.openWatches === 1, 'watch');
    lw.update(obj('n', 'a', undefined, 'x'));
    await eventually(() => t.deltas.length === 2, 'update');
    lw.errorWatches(500, 'InternalError', 'boom');
    await eventually(() => lw.openWatches === 1 && t.watchCalls().length === 3, 'watch again');
    assert.deepEqual(t.watchCalls().map((w) => w.resourceVersion), ['1', '1', '2']);
    assert.equal(t.listCalls(), 1);
    lw.create(obj('n', 'b'));
    await eventually(() => t.deltas.length === 3, 'event after retry');
    assert.deepEqual(t.deltas, ['added n/a@1', 'updated n/a@1->2', 'added n/b@3']);
  });

  it('stops on dispose: the watch is closed and no delta follows', async () => {
    const lw = new MemoryListerWatcher();
    const t = setup(lw);
    await eventually(() => lw.openWatches === 1, 'watch');
    await t.reflector.dispose();
    assert.equal(lw.openWatches, 0);
    lw.create(obj('n', 'a'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(t.deltas, []);
  });

  it('stops on its AbortSignal even while a watch call is pending', async () => {
    const lw = new MemoryListerWatcher();
    lw.holdWatches();
    const abort = new AbortController();
    const reflector = new Reflector(lw, new Indexer(), { signal: abort.signal, backoff: FAST_BACKOFF, logger: recordingLogger() });
    const done = reflector.run();
    await eventually(() => lw.calls.length === 2, 'watch call');
    abort.abort();
    await done;
    lw.releaseWatches();
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(lw.openWatches, 0);
  });
});
