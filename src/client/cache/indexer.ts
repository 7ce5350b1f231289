/**
 * A keyed object store with secondary indexes (model: client-go's cache.Indexer / threadSafeMap).
 *
 * Contracts:
 * - objects are keyed by `namespace/name` (or `name` when cluster-scoped), see keys.ts;
 * - objects are SHARED: the store, listers and every event handler see the same instances. Treat
 *   them as immutable: never mutate an object you got from the store or from an event; copy it
 *   (e.g. `structuredClone`) before changing it;
 * - an index function maps an object to zero or more index values; `byIndex(name, value)` returns
 *   the objects whose function produced `value`. The namespace index (NAMESPACE_INDEX) is always
 *   present;
 * - indexes are kept consistent on every add/update/delete/replace.
 */
import type { KubeObjectLike } from '../object.js';
import { objectKey } from './keys.js';

/** Index values of one object (e.g. its namespace, its node name, its owner UIDs). */
export type IndexFunc<T extends KubeObjectLike = KubeObjectLike> = (obj: T) => readonly string[];

export type Indexers<T extends KubeObjectLike = KubeObjectLike> = Record<string, IndexFunc<T>>;

/** Name of the built-in index on metadata.namespace ('' for cluster-scoped objects). */
export const NAMESPACE_INDEX = 'namespace';

export const namespaceIndexFunc: IndexFunc = (obj) => [obj.metadata.namespace ?? ''];

export class Indexer<T extends KubeObjectLike = KubeObjectLike> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name → index value → keys. */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Indexers<T> = {}) {
    this.addIndexers({ [NAMESPACE_INDEX]: namespaceIndexFunc, ...indexers });
  }

  /** Adds index functions; existing objects are indexed at once. Names must be new. */
  addIndexers(indexers: Indexers<T>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`indexer ${JSON.stringify(name)} already exists`);
      this.indexers.set(name, fn);
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) addToIndex(index, fn(obj), key);
    }
  }

  /** Inserts or replaces the object under its key; returns the object it replaced, if any. */
  add(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    this.reindex(key, old, obj);
    return old;
  }

  /** Same as add (client-go's Update): the store does not distinguish. */
  update(obj: T): T | undefined {
    return this.add(obj);
  }

  /** Removes the object with `obj`'s key; returns the stored object, if there was one. */
  delete(obj: T): T | undefined {
    return this.deleteKey(objectKey(obj));
  }

  deleteKey(key: string): T | undefined {
    const old = this.items.get(key);
    if (old === undefined) return undefined;
    this.items.delete(key);
    this.reindex(key, old, undefined);
    return old;
  }

  /** Replaces the whole content with `objs` and rebuilds the indexes. */
  replace(objs: Iterable<T>): void {
    this.items.clear();
    for (const index of this.indices.values()) index.clear();
    for (const obj of objs) this.add(obj);
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  get(obj: T): T | undefined {
    return this.items.get(objectKey(obj));
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  get size(): number {
    return this.items.size;
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  /** Objects whose index function `indexName` produced `value`. Throws for an unknown index. */
  byIndex(indexName: string, value: string): T[] {
    return this.indexKeys(indexName, value).map((key) => this.items.get(key)!);
  }

  /** Keys of the objects whose index function `indexName` produced `value`. */
  indexKeys(indexName: string, value: string): string[] {
    const index = this.indices.get(indexName);
    if (index === undefined) throw new Error(`index ${JSON.stringify(indexName)} does not exist`);
    return [...(index.get(value) ?? [])];
  }

  /** The values present in index `indexName`. */
  listIndexValues(indexName: string): string[] {
    const index = this.indices.get(indexName);
    if (index === undefined) throw new Error(`index ${JSON.stringify(indexName)} does not exist`);
    return [...index.keys()];
  }

  private reindex(key: string, old: T | undefined, obj: T | undefined): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      if (old !== undefined) removeFromIndex(index, fn(old), key);
      if (obj !== undefined) addToIndex(index, fn(obj), key);
    }
  }
}

function addToIndex(index: Map<string, Set<string>>, values: readonly string[], key: string): void {
  for (const value of values) {
    let keys = index.get(value);
    if (keys === undefined) index.set(value, (keys = new Set()));
    keys.add(key);
  }
}

function removeFromIndex(index: Map<string, Set<string>>, values: readonly string[], key: string): void {
  for (const value of values) {
    const keys = index.get(value);
    if (keys === undefined) continue;
    keys.delete(key);
    if (keys.size === 0) index.delete(value);
  }
}
