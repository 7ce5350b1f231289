/**
 * Shares one informer (so one list+watch) per resource in a process (model: client-go's
 * SharedInformerFactory).
 *
 * Contracts: `informerFor(resource)` returns the same SharedInformer for the same resource key,
 * created on first use from `listerWatcherFor(resource)`; `start()` starts every informer not yet
 * started (call it again after asking for more); `waitForSync()` waits for all started ones;
 * `dispose()` stops them all.
 */
import type { Disposable } from '../../util/lifecycle.js';
import type { ListerWatcher } from '../lister-watcher.js';
import type { KubeObjectLike } from '../object.js';
import { SharedInformer, type SharedInformerOptions } from './shared-informer.js';

/** Identifies a resource, e.g. `pods`, `apps/deployments` or `apps/v1/deployments`. */
export type ResourceKey = string;

export interface SharedInformerFactoryOptions {
  /** Default options for every informer (e.g. resyncPeriodMs, backoff). */
  defaults?: SharedInformerOptions<KubeObjectLike>;
}

export class SharedInformerFactory implements Disposable {
  private readonly informers = new Map<ResourceKey, SharedInformer<KubeObjectLike>>();
  private disposed = false;

  constructor(
    private readonly listerWatcherFor: (resource: ResourceKey) => ListerWatcher<KubeObjectLike>,
    private readonly options: SharedInformerFactoryOptions = {},
  ) {}

  /**
   * The shared informer of `resource`. `options` apply only when this call creates it (the first
   * caller wins), so callers needing extra indexes should add them with `indexer.addIndexers`.
   */
  informerFor<T extends KubeObjectLike = KubeObjectLike>(
    resource: ResourceKey,
    options?: SharedInformerOptions<T>,
  ): SharedInformer<T> {
    if (this.disposed) throw new Error('SharedInformerFactory is disposed');
    let informer = this.informers.get(resource);
    if (informer === undefined) {
      const merged = { ...this.options.defaults, ...options } as SharedInformerOptions<KubeObjectLike>;
      informer = new SharedInformer(this.listerWatcherFor(resource), merged);
      this.informers.set(resource, informer);
    }
    return informer as unknown as SharedInformer<T>;
  }

  /** Resource keys with an informer. */
  resources(): ResourceKey[] {
    return [...this.informers.keys()];
  }

  /** Starts every informer not yet started. */
  start(): void {
    if (this.disposed) return;
    for (const informer of this.informers.values()) informer.start();
  }

  /** Resolves when every started informer has synced. */
  async waitForSync(signal?: AbortSignal): Promise<void> {
    await Promise.all([...this.informers.values()].filter((i) => i.isStarted).map((i) => i.waitForSync(signal)));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all([...this.informers.values()].map((i) => i.dispose()));
  }
}
