import type { Backend, KeyValue, Watch, WatchEvent } from '../../storage/backend.js';
import { FutureRevisionError, compactedError } from '../../storage/errors.js';
import { prefixEnd } from '../../storage/keys.js';
import { Backoff } from '../../util/backoff.js';
import { errorMessage, ServiceUnavailableError } from '../../util/errors.js';
import { sleep, type Disposable } from '../../util/lifecycle.js';
import type { Logger } from '../../util/logging.js';
import { CacheWatcher } from './cache-watcher.js';
import { EventBuffer } from './event-buffer.js';
import { WatcherIndex } from './watcher-index.js';
import type { CacheCodec, CacheEvent, CachedObject, ObjectFilter } from './types.js';

/**
 * Which state a read may be served from (Kubernetes resourceVersion semantics):
 * - `any`: whatever the cache holds (resourceVersion=0);
 * - `latest`: at least the store's current revision at the time of the call (resourceVersion
 *   unset: a consistent read, served from the cache once it has caught up);
 * - `notOlderThan`: at least `revision` (resourceVersion=N).
 */
export type ReadRevision = { kind: 'any' } | { kind: 'latest' } | { kind: 'notOlderThan'; revision: number };

/** Where a watch starts. */
export type WatchStart =
  /** With ADDED events for the objects that exist (rv unset/0, or sendInitialEvents=true). */
  | { from: 'state'; read: ReadRevision; initialEventsEndBookmark: boolean }
  /** With the changes after `revision` (rv=N). */
  | { from: 'revision'; revision: number };

export interface WatchCacheOptions<T> {
  backend: Backend;
  /** Storage key prefix of the resource, e.g. `/registry/pods/`. */
  prefix: string;
  codec: CacheCodec<T>;
  logger: Logger;
  /** Events kept for watches that resume from a resourceVersion (default 10,000). */
  capacity?: number;
  /** How often watchers that allow bookmarks get one (default 60 s, like Kubernetes). */
  bookmarkIntervalMs?: number;
  /** How long a read waits for the cache to reach the revision it needs (default 3 s). */
  freshnessTimeoutMs?: number;
  /** Undelivered events after which a slow watcher is terminated (default 10,000). */
  maxQueuedPerWatcher?: number;
  /** A field that watchers commonly pin with a field selector, indexed for fan-out (pods: `spec.nodeName`). */
  triggerField?: string;
}

const LIST_PAGE = 5000;
const PROGRESS_POLL_MS = 50;

/**
 * An in-memory replica of one resource, kept current by a single store watch, serving every list,
 * get and watch of that resource without touching the store (model: Kubernetes' cacher and
 * watchCache). Watchers never reach the store: one store watch fans out to all of them.
 *
 * Ordering: the cache applies store events in revision order; `revision` is the revision up to
 * which every change is applied. A new watcher is registered in the same synchronous step that
 * replays buffered events to it, so it misses nothing and sees nothing twice.
 *
 * Failure: if the store watch fails (e.g. the store restarted or compaction overtook it), every
 * watcher is ended (clients re-watch from their last resourceVersion), the cache relists with
 * backoff, and reads wait until it is ready again.
 */
export class WatchCache<T> implements Disposable {
  private readonly objects = new Map<string, CachedObject<T>>();
  private sortedKeys: string[] | undefined;
  private revision = 0;
  private readonly buffer: EventBuffer<T>;
  private readonly watchers: WatcherIndex<T>;
  private readonly freshWaiters = new Set<{ revision: number; resolve: () => void }>();
  private storeWatch: Watch | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private readonly bookmarkTimer: NodeJS.Timeout;
  private readyWaiters: (() => void)[] = [];
  private isReady = false;
  private readonly stop = new AbortController();
  private readonly running: Promise<void>;

  constructor(private readonly options: WatchCacheOptions<T>) {
    this.buffer = new EventBuffer<T>(options.capacity ?? 10_000, 0);
    this.watchers = new WatcherIndex<T>(options.triggerField);
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), options.bookmarkIntervalMs ?? 60_000);
    this.running = this.run();
  }

  /** Resolves once the initial list is loaded (or rejects after the freshness timeout). */
  async waitUntilReady(): Promise<void> {
    if (this.isReady) return;
    await this.withTimeout(
      new Promise<void>((resolve) => this.readyWaiters.push(resolve)),
      () => new ServiceUnavailableError(`the cache of ${this.options.prefix} is still loading from the store; retry shortly`),
    );
  }

  /** Objects passing `filter`, in key order, from a state that satisfies `read`. */
  async list(read: ReadRevision, filter: ObjectFilter<T>, prefix = this.options.prefix): Promise<{ revision: number; items: CachedObject<T>[] }> {
    await this.waitFor(read);
    const items: CachedObject<T>[] = [];
    for (const key of this.keysUnder(prefix)) {
      const object = this.objects.get(key)!;
      if (filter(object)) items.push(object);
    }
    return { revision: this.revision, items };
  }

  async get(key: string, read: ReadRevision): Promise<{ revision: number; object: CachedObject<T> | undefined }> {
    await this.waitFor(read);
    return { revision: this.revision, object: this.objects.get(key) };
  }

  /**
   * Starts a watch. A start revision older than the buffered events gives a watcher that yields
   * one ERROR event (410 Expired), as Kubernetes answers inside the watch stream. `trigger` is
   * the value the watcher's field selector requires for the trigger field, if it pins one (the
   * filter must still check it).
   */
  async watch(
    start: WatchStart,
    options: { filter: ObjectFilter<T>; bookmarks: boolean; prefix?: string; trigger?: string },
  ): Promise<CacheWatcher<T>> {
    const prefix = options.prefix ?? this.options.prefix;
    const watcher = new CacheWatcher<T>({
      filter: (o) => o.key.startsWith(prefix) && options.filter(o),
      codec: this.options.codec,
      bookmarks: options.bookmarks,
      maxQueued: this.options.maxQueuedPerWatcher ?? 10_000,
      onEnd: (w) => this.watchers.delete(w, options.trigger),
    });
    if (start.from === 'state') {
      await this.waitFor(start.read);
      // Synchronous from here: nothing is applied between the snapshot and the registration.
      watcher.deliverInitial(this.keysUnder(prefix).map((key) => this.objects.get(key)!));
      if (start.initialEventsEndBookmark) watcher.bookmark(this.revision, true);
    } else {
      await this.waitFor({ kind: 'notOlderThan', revision: start.revision });
      const replay = this.buffer.since(start.revision);
      if (!replay) {
        watcher.fail(compactedError(start.revision, this.buffer.startRevision));
        return watcher;
      }
      for (const event of replay) watcher.deliver(event);
    }
    if (!watcher.isClosed) this.watchers.add(watcher, options.trigger);
    return watcher;
  }

  async dispose(): Promise<void> {
    this.stop.abort();
    clearInterval(this.bookmarkTimer);
    this.stopProgressPolling();
    this.storeWatch?.close();
    for (const watcher of [...this.watchers.all()]) watcher.close();
    await this.running;
  }

  /** Loads and follows the store until disposed, relisting after failures. Never rejects. */
  private async run(): Promise<void> {
    const backoff = new Backoff({ initialMs: 200, maxMs: 10_000 });
    while (!this.stop.signal.aborted) {
      try {
        const revision = await this.load();
        backoff.reset();
        await this.follow(revision);
      } catch (err) {
        if (this.stop.signal.aborted) return;
        this.options.logger.warn({ prefix: this.options.prefix, err: errorMessage(err) }, 'watch cache lost the store; relisting');
      }
      this.isReady = false;
      for (const watcher of [...this.watchers.all()]) watcher.close();
      try {
        await sleep(backoff.nextDelay(), this.stop.signal);
      } catch {
        return;
      }
    }
  }

  /** Replaces the cache with a consistent list of the store; returns its revision. */
  private async load(): Promise<number> {
    const fresh = new Map<string, CachedObject<T>>();
    let page = await this.options.backend.list(this.options.prefix, { limit: LIST_PAGE });
    const revision = page.revision;
    for (;;) {
      for (const kv of page.items) {
        const entry = this.decode(kv, kv.modRevision);
        if (entry) fresh.set(kv.key, entry);
      }
      if (!page.continueKey) break;
      page = await this.options.backend.list(this.options.prefix, { limit: LIST_PAGE, startKey: page.continueKey, revision });
    }
    this.objects.clear();
    for (const [key, entry] of fresh) this.objects.set(key, entry);
    this.sortedKeys = undefined;
    this.buffer.reset(revision);
    this.advance(revision);
    this.isReady = true;
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    return revision;
  }

  /** Applies store events until the store watch ends; throws when it fails. */
  private async follow(sinceRevision: number): Promise<void> {
    this.storeWatch = this.options.backend.watch(this.options.prefix, sinceRevision, { signal: this.stop.signal });
    if (this.freshWaiters.size > 0) this.storeWatch.requestProgress();
    for await (const batch of this.storeWatch) {
      for (const event of batch) this.apply(event);
      this.advance(batch[batch.length - 1]!.revision);
    }
  }

  private apply(event: WatchEvent): void {
    if (event.type === 'progress') return;
    let cacheEvent: CacheEvent<T>;
    if (event.type === 'delete') {
      const prev = this.objects.get(event.key) ?? this.decode(event.prev, event.prev.modRevision);
      if (!prev) return;
      this.objects.delete(event.key);
      this.sortedKeys = undefined;
      const object = { ...prev, revision: event.revision, object: this.options.codec.withRevision(prev.object, event.revision) };
      cacheEvent = { type: 'DELETED', revision: event.revision, object, prev };
    } else {
      const object = this.decode(event.kv, event.revision);
      if (!object) return;
      const prev = this.objects.get(event.kv.key);
      if (!prev) this.sortedKeys = undefined;
      this.objects.set(event.kv.key, object);
      cacheEvent = { type: prev ? 'MODIFIED' : 'ADDED', revision: event.revision, object, prev };
    }
    this.buffer.push(cacheEvent);
    for (const watcher of this.watchers.forEvent(cacheEvent)) watcher.deliver(cacheEvent);
  }

  /** Records that every change up to `revision` is applied, and wakes reads waiting for it. */
  private advance(revision: number): void {
    if (revision <= this.revision) return;
    this.revision = revision;
    for (const waiter of this.freshWaiters) {
      if (waiter.revision <= revision) {
        this.freshWaiters.delete(waiter);
        waiter.resolve();
      }
    }
    if (this.freshWaiters.size === 0) this.stopProgressPolling();
  }

  /** Waits until the cache is ready and holds a state that satisfies `read`. */
  private async waitFor(read: ReadRevision): Promise<void> {
    await this.waitUntilReady();
    if (read.kind === 'any') return;
    const revision = read.kind === 'latest' ? await this.options.backend.currentRevision() : read.revision;
    if (revision <= this.revision) return;
    const waiter = { revision, resolve: (): void => undefined };
    try {
      await this.withTimeout(
        new Promise<void>((resolve) => {
          waiter.resolve = resolve;
          this.freshWaiters.add(waiter);
          // The store tells the cache it is current even when nothing in its range changes.
          this.storeWatch?.requestProgress();
          this.progressTimer ??= setInterval(() => this.storeWatch?.requestProgress(), PROGRESS_POLL_MS);
        }),
        () => new FutureRevisionError(revision, this.revision),
      );
    } finally {
      this.freshWaiters.delete(waiter);
      if (this.freshWaiters.size === 0) this.stopProgressPolling();
    }
  }

  private stopProgressPolling(): void {
    clearInterval(this.progressTimer);
    this.progressTimer = undefined;
  }

  private sendBookmarks(): void {
    this.storeWatch?.requestProgress();
    for (const watcher of this.watchers.all()) watcher.bookmark(this.revision);
  }

  /** Cached keys under `prefix` (e.g. one namespace), in key order. */
  private keysUnder(prefix: string): string[] {
    this.sortedKeys ??= [...this.objects.keys()].sort();
    if (prefix === this.options.prefix) return this.sortedKeys;
    const keys = this.sortedKeys;
    const end = prefixEnd(prefix);
    return keys.slice(lowerBound(keys, prefix), lowerBound(keys, end));
  }

  private decode(kv: KeyValue, revision: number): CachedObject<T> | undefined {
    try {
      const object = this.options.codec.decode(kv.key, kv.value, revision);
      return { key: kv.key, revision, object, labels: this.options.codec.labels(object), fields: this.options.codec.fields(object) };
    } catch (err) {
      this.options.logger.error({ key: kv.key, revision, err: errorMessage(err) }, 'skipping an object the store holds but that does not decode');
      return undefined;
    }
  }

  private async withTimeout(promise: Promise<void>, onTimeout: () => Error): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(onTimeout()), this.options.freshnessTimeoutMs ?? 3000);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** First index in sorted `keys` whose key is >= `key`. */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
