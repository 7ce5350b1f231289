import type { Backend, KeyValue } from '../../storage/backend.js';
import type { Disposable } from '../../util/lifecycle.js';
import type { Logger } from '../../util/logging.js';
import { ConvertingStore, type ObjectStore } from '../registry/generic/conversion.js';
import type { FieldLabels } from './list-options.js';
import { GenericStore } from '../registry/generic/store.js';
import type { StoreHooks } from '../registry/generic/store-hooks.js';
import { BugError } from '../../util/errors.js';
import type { KubeObject } from '../registry/generic/object.js';
import { metadataFields, type Resource } from '../registry/resource.js';
import type { CacheCodec, CachedObject } from '../watchcache/types.js';
import { WatchCache } from '../watchcache/watch-cache.js';

/** A resource being served: its store (writes, point reads) and watch cache (lists, watches). */
export class ServedResource implements Disposable {
  /** In the served form (see registry/generic/conversion.ts for resources stored in another). */
  readonly store: ObjectStore;
  readonly cache: WatchCache<KubeObject>;
  /** The per-server state the store keeps in step with writes (see StoreHooks). */
  readonly hooks: StoreHooks;
  private readonly codec: CacheCodec<KubeObject>;
  /** The field selector labels lists and watches of this resource accept. */
  readonly fieldLabels: FieldLabels;

  constructor(
    readonly resource: Resource,
    readonly backend: Backend,
    logger: Logger,
  ) {
    // Hooks see objects as stored and are rebuilt from the cache (the served form): one form only.
    if (resource.hooks && resource.conversion) throw new BugError(`${resource.definition.resource}: store hooks and storage conversion cannot be combined`);
    this.hooks = resource.hooks?.() ?? {};
    const stored = new GenericStore(backend, resource.prefix, resource.strategy, this.hooks, resource.conversion ? undefined : resource.schemaType);
    this.store = resource.conversion ? new ConvertingStore(stored, resource.conversion) : stored;
    const namespaced = resource.definition.namespaced;
    const codec: CacheCodec<KubeObject> = {
      decode: (key, value, revision) => this.store.decode({ key, value, createRevision: 0, modRevision: revision }),
      withRevision: (object, revision) => ({ ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } }),
      labels: (object) => object.metadata.labels ?? {},
      fields: (object) => ({ ...metadataFields(object, namespaced), ...resource.selectableFields?.(object) }),
    };
    this.codec = codec;
    // Every selectable-fields function yields the same keys for any object (missing values read '').
    this.fieldLabels = { known: new Set(Object.keys(codec.fields({ metadata: {} }))), ownConversion: resource.definition.group === '' || resource.selectableFields !== undefined };
    this.cache = new WatchCache<KubeObject>({ backend, prefix: resource.prefix, codec, logger, ...(resource.triggerField ? { triggerField: resource.triggerField } : {}) });
  }

  /** A stored key-value as the cache would hold it (for filters on reads that bypass the cache). */
  toCached(kv: KeyValue): CachedObject<KubeObject> {
    const object = this.store.decode(kv);
    return { key: kv.key, revision: kv.modRevision, object, labels: this.codec.labels(object), fields: this.codec.fields(object) };
  }

  dispose(): Promise<void> {
    return this.cache.dispose();
  }
}
