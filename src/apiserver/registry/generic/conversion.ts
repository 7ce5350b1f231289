import type { KeyValue } from '../../../storage/backend.js';
import type { TableColumn } from '../../table/table.js';
import type { KubeObject } from './object.js';
import type { DeleteOptions, ResourceStrategy } from './strategy.js';
import type { DeleteResult, GenericStore, UpdateOptions, WriteOptions } from './store.js';

/**
 * Serving a resource in a version (or group) other than the one it is stored in (model: the
 * apiserver's codec, which converts between the request's version and the storage version on
 * every read and write; e.g. autoscaling/v1 HorizontalPodAutoscalers are stored as
 * autoscaling/v2, events.k8s.io/v1 Events as core/v1 Events).
 *
 * A served Resource opts in with `Resource.conversion`. Then:
 * - its `prefix` is the stored resource's prefix (the objects are the same objects);
 * - its `strategy` works on the STORED form: defaults, prepare and validation run after the
 *   request was converted to the stored form, as upstream validates the internal form (a strategy
 *   may still differ per served version, e.g. events.k8s.io's stricter validation);
 * - every object leaving the store (get, create/update/delete results, the watch cache's decode,
 *   hence lists, watch events and tables) is converted with `fromStored`; every object entering it
 *   (create, update, patch results, subresource updates) with `toStored`, before the strategy;
 * - its `columns`, `selectableFields` and `schemaType` describe the SERVED form.
 *
 * Each served version has its own watch cache over the shared prefix (so lists, watches and field
 * selectors work on the served form without converting per read); the caches follow the same
 * store, so resourceVersions agree across versions. The cost is one decoded copy per version.
 */
export interface StorageConversion {
  /**
   * The served form of a stored object. Must keep metadata (resourceVersion included) and must not
   * mutate `stored` (it may be a cached object).
   */
  fromStored(stored: KubeObject): KubeObject;
  /**
   * The stored form of a served object (as sent by a client, so possibly partial). Must keep
   * metadata and must not mutate `served`. Throws a StatusError (400) for input it cannot convert.
   */
  toStored(served: KubeObject): KubeObject;
}

/** What the API handlers use of a resource's store (GenericStore, or one behind a conversion). */
export interface ObjectStore {
  readonly prefix: string;
  readonly strategy: ResourceStrategy;
  key(namespace: string, name: string): string;
  decode(kv: KeyValue, revision?: number): KubeObject;
  get(namespace: string, name: string): Promise<KubeObject>;
  create(namespace: string, input: KubeObject, options?: WriteOptions): Promise<KubeObject>;
  update(namespace: string, name: string, change: KubeObject | ((current: KubeObject) => KubeObject), options?: UpdateOptions): Promise<KubeObject>;
  delete(namespace: string, name: string, options?: DeleteOptions): Promise<DeleteResult>;
}

/** A store that serves and accepts objects in another form than `inner` stores them in. */
export class ConvertingStore implements ObjectStore {
  constructor(
    private readonly inner: GenericStore,
    private readonly conversion: StorageConversion,
  ) {}

  get prefix(): string {
    return this.inner.prefix;
  }

  get strategy(): ResourceStrategy {
    return this.inner.strategy;
  }

  key(namespace: string, name: string): string {
    return this.inner.key(namespace, name);
  }

  decode(kv: KeyValue, revision = kv.modRevision): KubeObject {
    return this.conversion.fromStored(this.inner.decode(kv, revision));
  }

  async get(namespace: string, name: string): Promise<KubeObject> {
    return this.conversion.fromStored(await this.inner.get(namespace, name));
  }

  async create(namespace: string, input: KubeObject, options?: WriteOptions): Promise<KubeObject> {
    return this.conversion.fromStored(await this.inner.create(namespace, this.conversion.toStored(input), options));
  }

  /** A function `change` sees the served form of the current object and returns a served form. */
  async update(namespace: string, name: string, change: KubeObject | ((current: KubeObject) => KubeObject), options?: UpdateOptions): Promise<KubeObject> {
    const { fromStored, toStored } = this.conversion;
    const stored = typeof change === 'function' ? (current: KubeObject): KubeObject => toStored(change(fromStored(current))) : toStored(change);
    return fromStored(await this.inner.update(namespace, name, stored, options));
  }

  async delete(namespace: string, name: string, options?: DeleteOptions): Promise<DeleteResult> {
    const { object, deleted } = await this.inner.delete(namespace, name, options);
    return { object: this.conversion.fromStored(object), deleted };
  }
}

/**
 * A served form's columns computed by the stored form's (upstream prints every version through
 * the internal type's printer). Each object is converted once however many cells it has.
 */
export function columnsViaStored(columns: readonly TableColumn[], toStored: (served: KubeObject) => KubeObject): TableColumn[] {
  const memo = new WeakMap<KubeObject, KubeObject>();
  const stored = (o: KubeObject): KubeObject => {
    let s = memo.get(o);
    if (!s) memo.set(o, (s = toStored(o)));
    return s;
  };
  return columns.map((column) => ({ ...column, cell: (o: KubeObject, now: number): unknown => column.cell(stored(o), now) }));
}
