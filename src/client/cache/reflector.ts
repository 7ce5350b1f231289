/**
 * Keeps an Indexer in step with the API for one resource (model: client-go's cache.Reflector).
 *
 * Contracts:
 * - list (paged by `pageSize`), replace the store with the list, then watch from the list's
 *   resourceVersion with bookmarks; every change applied to the store is reported to `onDelta`
 *   synchronously, in order, right after the store changed;
 * - a watch that ends (server timeout, connection closed) is resumed from the last revision seen
 *   (the last event's or bookmark's resourceVersion), so nothing is missed or repeated;
 * - 410 Expired (an ERROR event whose Status code is 410, or a StatusError with code 410 thrown by
 *   list or watch) means the revision was compacted: the reflector relists at once. The replace
 *   is diffed against the store: objects gone are reported as deletes with a
 *   DeletedFinalStateUnknown tombstone, new ones as adds, changed ones (other resourceVersion) as
 *   updates; unchanged ones produce no delta, so no update is ever reported twice;
 * - any other error backs off (src/util/backoff.ts) and retries the step that failed: the list,
 *   or the watch from the last revision seen. The backoff resets after a successful list or a
 *   watch that delivered an event;
 * - lists read at resourceVersion '' (a consistent read), so the store never goes back in time;
 * - `dispose()` (or the `signal` given to the constructor) stops it: the current watch is stopped,
 *   a pending list's result is ignored, and `onDelta` is not called again.
 */
import { Backoff, type BackoffOptions } from '../../util/backoff.js';
import { StatusError, errorMessage } from '../../util/errors.js';
import { abortReason, isAbortError, sleep, type Disposable } from '../../util/lifecycle.js';
import { createLogger } from '../../util/logging.js';
import type { CacheLogger } from './log.js';
import type { ListerWatcher, Watch, WatchEvent } from '../lister-watcher.js';
import type { KubeObjectLike } from '../object.js';
import { DeletedFinalStateUnknown, type Delta } from './delta.js';
import type { Indexer } from './indexer.js';
import { objectKey } from './keys.js';

export interface ReflectorOptions<T extends KubeObjectLike> {
  /** Called after each change to the store, in order. Must not throw (exceptions are logged). */
  onDelta?: (delta: Delta<T>) => void;
  /** Called after each successful list has replaced the store. */
  onSynced?: () => void;
  /** Page size for lists (default 500; 0 = unpaged). */
  pageSize?: number;
  /** Retry delays after errors (default 800 ms doubling up to 30 s). */
  backoff?: BackoffOptions;
  /** Server-side watch timeout; default a random 300–600 s per watch, as client-go. */
  watchTimeoutSeconds?: () => number;
  labelSelector?: string;
  fieldSelector?: string;
  signal?: AbortSignal;
  /** Default: the 'reflector' logger. */
  logger?: CacheLogger;
}

/** True when `err` means "revision compacted, relist" (HTTP 410). */
export function isExpired(err: unknown): boolean {
  return err instanceof StatusError && err.code === 410;
}

export class Reflector<T extends KubeObjectLike = KubeObjectLike> implements Disposable {
  private readonly abort = new AbortController();
  private readonly signal: AbortSignal;
  private readonly backoff: Backoff;
  private currentWatch: Watch<T> | undefined;
  private running: Promise<void> | undefined;
  private lastRV = '';
  private readonly logger: CacheLogger;

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly store: Indexer<T>,
    private readonly options: ReflectorOptions<T> = {},
  ) {
    this.signal = options.signal ? AbortSignal.any([options.signal, this.abort.signal]) : this.abort.signal;
    this.signal.addEventListener('abort', () => this.currentWatch?.stop(), { once: true });
    this.logger = options.logger ?? createLogger('reflector');
    this.backoff = new Backoff(options.backoff ?? { initialMs: 800, maxMs: 30_000 });
  }

  /** The revision the store is known to be consistent at ('' before the first list). */
  get lastSyncResourceVersion(): string {
    return this.lastRV;
  }

  /** Starts the list-and-watch loop (idempotent); the promise settles when the reflector stops. */
  run(): Promise<void> {
    this.running ??= this.loop();
    return this.running;
  }

  async dispose(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    let needList = true;
    while (!this.signal.aborted) {
      try {
        if (needList) {
          await this.listAndReplace();
          needList = false;
        }
        await this.watchOnce();
      } catch (err) {
        if (this.signal.aborted) break;
        // A 410 from the watch means "relist now"; from the list itself it is an ordinary failure.
        if (isExpired(err) && !needList) {
          this.logger.debug({ err: errorMessage(err) }, 'reflector: revision expired, relisting');
          needList = true;
          continue;
        }
        const delay = this.backoff.nextDelay();
        this.logger.warn({ err: errorMessage(err), delayMs: delay }, 'reflector: list/watch failed, retrying');
        try {
          await sleep(delay, this.signal);
        } catch (sleepErr) {
          if (isAbortError(sleepErr) || this.signal.aborted) break;
          throw sleepErr;
        }
      }
    }
  }

  private async listAndReplace(): Promise<void> {
    const { pageSize = 500, labelSelector, fieldSelector } = this.options;
    const list = await this.untilAborted(
      this.lw.list({ resourceVersion: '', limit: pageSize || undefined, labelSelector, fieldSelector }),
    );
    this.throwIfAborted();
    this.replace(list.items);
    this.lastRV = list.resourceVersion;
    this.backoff.reset();
    this.options.onSynced?.();
  }

  /** Replaces the store with `items`, reporting the difference as deltas (see the contract). */
  private replace(items: readonly T[]): void {
    const fresh = new Map<string, T>();
    for (const obj of items) fresh.set(objectKey(obj), obj);
    for (const key of this.store.listKeys()) {
      if (fresh.has(key)) continue;
      const old = this.store.deleteKey(key)!;
      this.emit({ type: 'deleted', obj: new DeletedFinalStateUnknown(key, old) });
    }
    for (const obj of fresh.values()) {
      const old = this.store.get(obj);
      if (old !== undefined && old.metadata.resourceVersion === obj.metadata.resourceVersion) continue;
      this.store.add(obj);
      this.emit(old === undefined ? { type: 'added', obj } : { type: 'updated', old, obj });
    }
  }

  /** One watch from lastRV until it ends; throws on ERROR events and failures. */
  private async watchOnce(): Promise<void> {
    const { labelSelector, fieldSelector, watchTimeoutSeconds } = this.options;
    const pending = this.lw.watch({
      resourceVersion: this.lastRV,
      allowWatchBookmarks: true,
      timeoutSeconds: watchTimeoutSeconds ? watchTimeoutSeconds() : 300 + Math.floor(Math.random() * 300),
      labelSelector,
      fieldSelector,
    });
    // A watch that opens after the reflector stopped is closed at once.
    pending.then((w) => this.signal.aborted && w.stop(), () => undefined);
    const watch = await this.untilAborted(pending);
    this.currentWatch = watch;
    try {
      let events = 0;
      for await (const event of watch) {
        if (this.signal.aborted) return;
        this.handleEvent(event);
        events++;
        this.backoff.reset();
      }
      // A watch that ends without any event is not resumed in a hot loop.
      if (events === 0 && !this.signal.aborted) await sleep(this.backoff.nextDelay(), this.signal);
    } finally {
      this.currentWatch = undefined;
      watch.stop();
    }
  }

  private handleEvent(event: WatchEvent<T>): void {
    const obj = event.object;
    switch (event.type) {
      case 'ERROR':
        throw statusFromEvent(obj);
      case 'BOOKMARK':
        break;
      case 'ADDED':
      case 'MODIFIED': {
        const old = this.store.add(obj);
        this.emit(old === undefined ? { type: 'added', obj } : { type: 'updated', old, obj });
        break;
      }
      case 'DELETED':
        if (this.store.delete(obj) !== undefined) this.emit({ type: 'deleted', obj });
        break;
      default:
        throw new Error(`unknown watch event type ${JSON.stringify((event as { type: unknown }).type)}`);
    }
    const rv = obj.metadata.resourceVersion;
    if (rv) this.lastRV = rv;
  }

  private emit(delta: Delta<T>): void {
    try {
      this.options.onDelta?.(delta);
    } catch (err) {
      this.logger.warn({ err: errorMessage(err) }, 'reflector: delta listener threw');
    }
  }

  private throwIfAborted(): void {
    if (this.signal.aborted) throw abortReason(this.signal);
  }

  /** `promise`, or a rejection as soon as the reflector is stopped (its result is then ignored). */
  private untilAborted<R>(promise: Promise<R>): Promise<R> {
    if (this.signal.aborted) {
      promise.catch(() => undefined);
      return Promise.reject(abortReason(this.signal));
    }
    return new Promise<R>((resolve, reject) => {
      const onAbort = (): void => reject(abortReason(this.signal));
      this.signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (err: unknown) => {
          this.signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }
}

/** The StatusError an ERROR watch event stands for (its object is a metav1.Status). */
function statusFromEvent(obj: KubeObjectLike): StatusError {
  const status = obj as { code?: unknown; reason?: unknown; message?: unknown };
  const code = typeof status.code === 'number' ? status.code : 500;
  const message = typeof status.message === 'string' ? status.message : 'watch error';
  const reason = typeof status.reason === 'string' ? status.reason : 'InternalError';
  return new StatusError(reason as StatusError['reason'], code, message);
}
