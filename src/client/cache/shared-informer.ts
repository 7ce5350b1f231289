/**
 * One reflector feeding one Indexer and any number of event handlers (model: client-go's
 * sharedIndexInformer).
 *
 * Contracts:
 * - `start()` runs the reflector; `dispose()` stops it and all handler delivery;
 * - each handler gets every change in order (see HandlerListener); a handler added after start
 *   first gets a synthetic onAdd for every object currently in the store, then the changes that
 *   follow, so it never misses or duplicates one;
 * - deletes seen only through a relist reach onDelete as DeletedFinalStateUnknown tombstones;
 * - every `resyncPeriodMs` (0 = never) each handler gets onUpdate(obj, obj) for every object in
 *   the store, so level-driven controllers can re-check their state;
 * - `hasSynced()` is true once the first list has filled the store; a registration's
 *   `hasSynced()` is true once its handler has received the initial items;
 * - the store and the objects are shared with all handlers and listers: treat them as immutable.
 */
import type { BackoffOptions } from '../../util/backoff.js';
import { abortReason, type Disposable } from '../../util/lifecycle.js';
import { createLogger } from '../../util/logging.js';
import type { CacheLogger } from './log.js';
import type { ListerWatcher } from '../lister-watcher.js';
import type { KubeObjectLike } from '../object.js';
import type { Delta } from './delta.js';
import { HandlerListener, type EventHandler, type Notification } from './handler-listener.js';
import { Indexer, type Indexers } from './indexer.js';
import { Lister } from './lister.js';
import { Reflector } from './reflector.js';

export interface SharedInformerOptions<T extends KubeObjectLike> {
  /** Period of synthetic onUpdate(obj, obj) for every object; 0 = never (default). */
  resyncPeriodMs?: number;
  /** Extra index functions (the namespace index is always there). */
  indexers?: Indexers<T>;
  pageSize?: number;
  backoff?: BackoffOptions;
  /** Default: the 'informer' logger. */
  logger?: CacheLogger;
}

export interface HandlerRegistration extends Disposable {
  /** True once the handler has received the store's initial content. */
  hasSynced(): boolean;
}

export class SharedInformer<T extends KubeObjectLike = KubeObjectLike> implements Disposable {
  readonly indexer: Indexer<T>;
  readonly lister: Lister<T>;
  private readonly reflector: Reflector<T>;
  private readonly listeners = new Set<HandlerListener<T>>();
  private started = false;
  private disposed = false;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private resyncTimer: NodeJS.Timeout | undefined;
  private readonly logger: CacheLogger;

  constructor(
    lw: ListerWatcher<T>,
    private readonly options: SharedInformerOptions<T> = {},
  ) {
    this.logger = options.logger ?? createLogger('informer');
    this.indexer = new Indexer<T>(options.indexers);
    this.lister = new Lister(this.indexer);
    this.reflector = new Reflector(lw, this.indexer, {
      onDelta: (delta) => this.distribute(delta),
      onSynced: () => this.onListed(),
      pageSize: options.pageSize,
      backoff: options.backoff,
      logger: this.logger,
    });
  }

  /** Registers a handler; see the contract for what a late handler receives. */
  addEventHandler(handler: EventHandler<T>): HandlerRegistration {
    const listener = new HandlerListener(handler, this.logger);
    if (this.disposed) listener.stop();
    this.listeners.add(listener);
    if (this.synced) {
      for (const obj of this.indexer.list()) listener.push({ type: 'add', obj, isInInitialList: true });
      listener.push({ type: 'synced' });
    }
    return {
      hasSynced: () => listener.hasSynced(),
      dispose: () => {
        listener.stop();
        this.listeners.delete(listener);
      },
    };
  }

  /** Starts the reflector and the resync timer (idempotent). */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    void this.reflector.run();
    const period = this.options.resyncPeriodMs ?? 0;
    if (period > 0) {
      this.resyncTimer = setInterval(() => this.resync(), period);
      this.resyncTimer.unref();
    }
  }

  get isStarted(): boolean {
    return this.started;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list has filled the store; rejects if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(abortReason(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /** The revision the store is consistent at ('' before the first list). */
  get lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  /** Sends onUpdate(obj, obj) for every object to every handler now (what the timer does). */
  resync(): void {
    const objs = this.indexer.list();
    for (const listener of this.listeners) {
      for (const obj of objs) listener.push({ type: 'update', old: obj, obj });
    }
  }

  /** Resolves when every handler has processed everything queued so far (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.listeners].map((l) => l.idle()));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.resyncTimer);
    for (const listener of this.listeners) listener.stop();
    await this.reflector.dispose();
  }

  private distribute(delta: Delta<T>): void {
    const n: Notification<T> =
      delta.type === 'added'
        ? { type: 'add', obj: delta.obj, isInInitialList: !this.synced }
        : delta.type === 'updated'
          ? { type: 'update', old: delta.old, obj: delta.obj }
          : { type: 'delete', obj: delta.obj };
    for (const listener of this.listeners) listener.push(n);
  }

  private onListed(): void {
    if (this.synced) return;
    this.synced = true;
    for (const listener of this.listeners) listener.push({ type: 'synced' });
    for (const resolve of this.syncWaiters.splice(0)) resolve();
  }
}
