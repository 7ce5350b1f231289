import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Backend, Watch, WatchEvent } from '../../storage/backend.js';
import { MemoryLog } from '../../storage/drivers/memory/memory-log.js';
import { LogStructuredBackend } from '../../storage/logstructured/backend.js';
import { StatusError } from '../../util/errors.js';
import { createLogger } from '../../util/logging.js';
import { WatchCache, type WatchCacheOptions } from './watch-cache.js';
import type { CacheCodec, CachedObject, WatchOutput } from './types.js';

interface Obj {
  metadata: { name: string; namespace: string; labels?: Record<string, string>; resourceVersion?: string };
  spec?: { n: number };
}

const codec: CacheCodec<Obj> = {
  decode: (_key, value, revision) => {
    const obj = JSON.parse(Buffer.from(value).toString()) as Obj;
    obj.metadata.resourceVersion = String(revision);
    return obj;
  },
  withRevision: (obj, revision) => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } }),
  labels: (obj) => obj.metadata.labels ?? {},
  fields: (obj) => ({ 'metadata.name': obj.metadata.name, 'metadata.namespace': obj.metadata.namespace }),
};

const key = (ns: string, name: string): string => `/registry/things/${ns}/${name}`;
const encode = (ns: string, name: string, labels: Record<string, string> = {}, n = 0): Uint8Array =>
  new TextEncoder().encode(JSON.stringify({ metadata: { name, namespace: ns, labels }, spec: { n } }));
const all = (): boolean => true;
const summary = (o: WatchOutput<Obj>): string =>
  o.type === 'BOOKMARK'
    ? `BOOKMARK${o.initialEventsEnd ? ' end' : ''}`
    : o.type === 'ERROR'
      ? `ERROR ${o.error.code}`
      : `${o.type} ${o.object.object.metadata.name}@${o.object.object.metadata.resourceVersion}`;

async function take(watcher: AsyncIterable<WatchOutput<Obj>[]>, count: number, timeoutMs = 5000): Promise<WatchOutput<Obj>[]> {
  const out: WatchOutput<Obj>[] = [];
  const iterator = watcher[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (out.length < count) {
    const next = await Promise.race([
      iterator.next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`got ${out.map(summary).join(', ')}`)), Math.max(1, deadline - Date.now()))),
    ]);
    if (next.done) break;
    out.push(...next.value);
  }
  return out;
}

describe('WatchCache', () => {
  const disposables: { dispose(): unknown }[] = [];
  after(async () => {
    for (const d of disposables.reverse()) await d.dispose();
  });
  function setup(options: Partial<WatchCacheOptions<Obj>> = {}, backend: Backend = new LogStructuredBackend(new MemoryLog())) {
    const cache = new WatchCache<Obj>({ backend, prefix: '/registry/things/', codec, logger: createLogger('test'), ...options });
    disposables.push(backend, cache);
    return { backend, cache };
  }

  test('loads what the store holds and lists it in key order, per namespace too', async () => {
    const backend = new LogStructuredBackend(new MemoryLog());
    await backend.create(key('b', 'x'), encode('b', 'x'));
    await backend.create(key('a', 'y'), encode('a', 'y'));
    await backend.create(key('a', 'x'), encode('a', 'x'));
    await backend.create('/registry/other/a/z', encode('a', 'z'));
    const { cache } = setup({}, backend);
    const { items, revision } = await cache.list({ kind: 'latest' }, all);
    assert.deepEqual(items.map((o) => o.key), [key('a', 'x'), key('a', 'y'), key('b', 'x')]);
    assert.equal(revision, await backend.currentRevision());
    assert.equal(items[0]!.object.metadata.resourceVersion, String(items[0]!.revision));
    const inA = await cache.list({ kind: 'any' }, all, '/registry/things/a/');
    assert.deepEqual(inA.items.map((o) => o.object.metadata.name), ['x', 'y']);
  });

  test('a consistent read sees every write acknowledged before it, even when its range is quiet', async () => {
    const { backend, cache } = setup();
    await cache.waitUntilReady();
    await backend.create(key('a', 'new'), encode('a', 'new'));
    assert.equal((await cache.list({ kind: 'latest' }, all)).items.length, 1);
    const elsewhere = await backend.create('/registry/other/x', encode('a', 'x'));
    const { revision } = await cache.list({ kind: 'latest' }, all);
    assert.ok(revision >= elsewhere.revision, 'the cache learned the newer revision through a progress event');
  });

  test('a read that needs a revision the store has not reached fails with 504 after the timeout', async () => {
    const { cache } = setup({ freshnessTimeoutMs: 200 });
    await assert.rejects(cache.list({ kind: 'notOlderThan', revision: 1000 }, all), (err: unknown) => {
      assert.ok(err instanceof StatusError);
      assert.equal(err.code, 504);
      assert.match(err.message, /Too large resource version: 1000/);
      return true;
    });
  });

  test('a watch from the current state gets ADDED for existing objects, then every change', async () => {
    const { backend, cache } = setup();
    const c = await backend.create(key('a', 'one'), encode('a', 'one'));
    const watcher = await cache.watch({ from: 'state', read: { kind: 'latest' }, initialEventsEndBookmark: true }, { filter: all, bookmarks: false });
    const u = await backend.update(key('a', 'one'), encode('a', 'one', {}, 1), c.revision);
    const d = await backend.delete(key('a', 'one'));
    const events = await take(watcher, 4);
    watcher.close();
    assert.deepEqual(events.map(summary), [`ADDED one@${c.revision}`, 'BOOKMARK end', `MODIFIED one@${u.revision}`, `DELETED one@${d.revision}`]);
  });

  test('a watch from a resourceVersion replays exactly the later changes, with selector transitions', async () => {
    const { backend, cache } = setup();
    await cache.waitUntilReady();
    const start = await backend.currentRevision();
    const a = await backend.create(key('a', 'a'), encode('a', 'a', { app: 'web' }));
    await backend.create(key('a', 'b'), encode('a', 'b', { app: 'db' }));
    const out = await backend.update(key('a', 'a'), encode('a', 'a', { app: 'db' }), a.revision); // leaves app=web
    const back = await backend.update(key('a', 'a'), encode('a', 'a', { app: 'web' }), out.revision); // enters again
    const web = (o: CachedObject<Obj>): boolean => o.labels['app'] === 'web';
    const watcher = await cache.watch({ from: 'revision', revision: start }, { filter: web, bookmarks: false });
    const events = await take(watcher, 3);
    watcher.close();
    assert.deepEqual(events.map(summary), [`ADDED a@${a.revision}`, `DELETED a@${out.revision}`, `ADDED a@${back.revision}`]);
    const deleted = events[1] as { object: CachedObject<Obj> };
    assert.equal(deleted.object.object.metadata.labels?.['app'], 'web', 'a DELETED transition carries the last matching state');
  });

  test('a watch from a revision older than the buffer gets a 410 ERROR event', async () => {
    const { backend, cache } = setup({ capacity: 5 });
    await cache.waitUntilReady();
    const start = await backend.currentRevision();
    for (let i = 0; i < 10; i++) await backend.create(key('a', `n${i}`), encode('a', `n${i}`));
    await cache.list({ kind: 'latest' }, all);
    const watcher = await cache.watch({ from: 'revision', revision: start }, { filter: all, bookmarks: false });
    assert.deepEqual((await take(watcher, 1)).map(summary), ['ERROR 410']);
    const recent = await cache.watch({ from: 'revision', revision: start + 6 }, { filter: all, bookmarks: false });
    assert.deepEqual((await take(recent, 4)).map(summary), [7, 8, 9, 10].map((i) => `ADDED n${i - 1}@${start + i}`));
    recent.close();
  });

  test('watchers pinned to a trigger field value see only their objects, moves included', async () => {
    const { backend, cache } = setup({ triggerField: 'metadata.namespace' });
    await cache.waitUntilReady();
    const since = await backend.currentRevision();
    const inNamespace = (ns: string) => (o: CachedObject<Obj>): boolean => o.fields['metadata.namespace'] === ns;
    const watchA = await cache.watch({ from: 'revision', revision: since }, { filter: inNamespace('a'), bookmarks: false, trigger: 'a' });
    const watchB = await cache.watch({ from: 'revision', revision: since }, { filter: inNamespace('b'), bookmarks: false, trigger: 'b' });
    const c = await backend.create(key('x', 'p'), encode('a', 'p'));
    await backend.create(key('x', 'q'), encode('c', 'q'));
    const moved = await backend.update(key('x', 'p'), encode('b', 'p'), c.revision); // its namespace field changes a → b
    assert.deepEqual((await take(watchA, 2)).map(summary), [`ADDED p@${c.revision}`, `DELETED p@${moved.revision}`]);
    assert.deepEqual((await take(watchB, 1)).map(summary), [`ADDED p@${moved.revision}`]);
    watchA.close();
    watchB.close();
  });

  test('bookmarks reach watchers that allow them', async () => {
    const { backend, cache } = setup({ bookmarkIntervalMs: 50 });
    await cache.waitUntilReady();
    const watcher = await cache.watch({ from: 'revision', revision: await backend.currentRevision() }, { filter: all, bookmarks: true });
    assert.deepEqual((await take(watcher, 1)).map(summary), ['BOOKMARK']);
    watcher.close();
  });

  test('a watcher that does not keep up is terminated instead of buffering without bound', async () => {
    const { backend, cache } = setup({ maxQueuedPerWatcher: 10 });
    await cache.waitUntilReady();
    const watcher = await cache.watch({ from: 'revision', revision: await backend.currentRevision() }, { filter: all, bookmarks: false });
    await Promise.all(Array.from({ length: 20 }, (_, i) => backend.create(key('a', `s${i}`), encode('a', `s${i}`))));
    await cache.list({ kind: 'latest' }, all);
    assert.ok(watcher.isClosed);
  });

  test('when the store watch fails, watchers end and the cache relists', async () => {
    const flaky = new FlakyBackend(new LogStructuredBackend(new MemoryLog()));
    const { cache } = setup({}, flaky);
    await cache.waitUntilReady();
    const watcher = await cache.watch({ from: 'revision', revision: await flaky.currentRevision() }, { filter: all, bookmarks: false });
    flaky.failWatches();
    await take(watcher, 1).catch(() => undefined);
    assert.ok(watcher.isClosed, 'watchers are ended so their clients re-watch');
    await flaky.create(key('a', 'after'), encode('a', 'after'));
    const { items } = await cache.list({ kind: 'latest' }, all);
    assert.deepEqual(items.map((o) => o.object.metadata.name), ['after']);
  });
});

/** A backend whose watches can be made to fail, as when the store restarts. */
class FlakyBackend implements Backend {
  private readonly failures = new Set<(err: Error) => void>();
  constructor(private readonly inner: Backend) {}
  failWatches(): void {
    for (const fail of this.failures) fail(new Error('store restarted'));
  }
  currentRevision = (): Promise<number> => this.inner.currentRevision();
  compactRevision = (): Promise<number> => this.inner.compactRevision();
  create: Backend['create'] = (...args) => this.inner.create(...args);
  get: Backend['get'] = (...args) => this.inner.get(...args);
  list: Backend['list'] = (...args) => this.inner.list(...args);
  update: Backend['update'] = (...args) => this.inner.update(...args);
  delete: Backend['delete'] = (...args) => this.inner.delete(...args);
  compact: Backend['compact'] = (...args) => this.inner.compact(...args);
  dispose = (): Promise<void> | void => this.inner.dispose();
  watch(prefix: string, sinceRevision: number, options?: { signal?: AbortSignal }): Watch {
    const inner = this.inner.watch(prefix, sinceRevision, options);
    const failures = this.failures;
    let fail: (err: Error) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    failures.add(fail);
    return {
      close: () => inner.close(),
      dispose: () => inner.dispose(),
      requestProgress: () => inner.requestProgress(),
      async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent[]> {
        const iterator = inner[Symbol.asyncIterator]();
        try {
          for (;;) {
            const next = await Promise.race([iterator.next(), failed]);
            if (next.done) return;
            yield next.value;
          }
        } finally {
          failures.delete(fail);
          inner.close();
        }
      },
    };
  }
}
