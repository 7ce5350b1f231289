import type { CacheWatcher } from './cache-watcher.js';
import type { CacheEvent } from './types.js';

/**
 * The cache's watchers, indexed by one field when the resource has a trigger field (model: the
 * cacher's indexed triggers, e.g. pods by `spec.nodeName`): a watcher whose field selector pins
 * that field to one value is only offered events whose object had or has that value, so a
 * thousand kubelet watches cost one lookup per event instead of a thousand filter calls.
 */
export class WatcherIndex<T> {
  private readonly unindexed = new Set<CacheWatcher<T>>();
  private readonly byValue = new Map<string, Set<CacheWatcher<T>>>();

  /** `field` is the trigger field (undefined: no index, every watcher sees every event). */
  constructor(readonly field: string | undefined) {}

  /** Registers `watcher`; `value` is the trigger field's required value, if its selector pins one. */
  add(watcher: CacheWatcher<T>, value: string | undefined): void {
    if (value === undefined || this.field === undefined) {
      this.unindexed.add(watcher);
      return;
    }
    let set = this.byValue.get(value);
    if (!set) this.byValue.set(value, (set = new Set()));
    set.add(watcher);
  }

  delete(watcher: CacheWatcher<T>, value: string | undefined): void {
    if (value === undefined || this.field === undefined) {
      this.unindexed.delete(watcher);
      return;
    }
    const set = this.byValue.get(value);
    set?.delete(watcher);
    if (set?.size === 0) this.byValue.delete(value);
  }

  /** Every watcher that may see `event` (each once). */
  *forEvent(event: CacheEvent<T>): Iterable<CacheWatcher<T>> {
    yield* this.unindexed;
    if (this.field === undefined) return;
    const now = event.object.fields[this.field];
    const before = event.prev?.fields[this.field];
    if (now !== undefined) yield* this.byValue.get(now) ?? [];
    if (before !== undefined && before !== now) yield* this.byValue.get(before) ?? [];
  }

  *all(): Iterable<CacheWatcher<T>> {
    yield* this.unindexed;
    for (const set of this.byValue.values()) yield* set;
  }
}
