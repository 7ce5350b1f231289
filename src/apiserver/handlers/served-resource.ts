import type { Backend, KeyValue } from '../../storage/backend.js';
import type { Disposable } from '../../util/lifecycle.js';
import type { Logger } from '../../util/logging.js';
import { ConvertingStore, type ObjectStore } from '../registry/generic/conversion.js';
import { GenericStore } from '../registry/generic/store.js';
import type { KubeObject } from '../registry/generic/object.js';
import { metadataFields, type Resource } from '../registry/resource.js';
import type { CacheCodec, CachedObject } from '../watchcache/types.js';
import { WatchCache } from '../watchcache/watch-cache.js';

/** A resource being served: its store (writes, point reads) and watch cache (lists, watches). */
export class ServedResource implements Disposable {
  /** In the served form (see registry/generic/conversion.ts for resources stored in another). */
  readonly store: ObjectStore;
  readonly cache: WatchCache<KubeObject>;
  private readonly codec: CacheCodec<KubeObject>;

  constructor(
    readonly resource: Resource,
    readonly backend: Backend,
    logger: Logger,
  ) {
    const stored = new GenericStore(backend, resource.prefix, resource.strategy);
    this.store = resource.conversion ? new ConvertingStore(stored, resource.conversion) : stored;
    const namespaced = resource.definition.namespaced;
    const codec: CacheCodec<KubeObject> = {
      decode: (key, value, revision) => this.store.decode({ key, value, createRevision: 0, modRevision: revision }),
      withRevision: (object, revision) => ({ ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } }),
      labels: (object) => object.metadata.labels ?? {},
      fields: (object) => ({ ...metadataFields(object, namespaced), ...resource.selectableFields?.(object) }),
    };
    this.codec = codec;
    this.cache = new WatchCache<KubeObject>({ backend, prefix: resource.prefix, codec, logger });
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
