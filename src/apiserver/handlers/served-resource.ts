import type { Backend } from '../../storage/backend.js';
import type { Disposable } from '../../util/lifecycle.js';
import type { Logger } from '../../util/logging.js';
import { GenericStore } from '../registry/generic/store.js';
import type { KubeObject } from '../registry/generic/object.js';
import { metadataFields, type Resource } from '../registry/resource.js';
import type { CacheCodec } from '../watchcache/types.js';
import { WatchCache } from '../watchcache/watch-cache.js';

/** A resource being served: its store (writes, point reads) and watch cache (lists, watches). */
export class ServedResource implements Disposable {
  readonly store: GenericStore;
  readonly cache: WatchCache<KubeObject>;

  constructor(
    readonly resource: Resource,
    readonly backend: Backend,
    logger: Logger,
  ) {
    this.store = new GenericStore(backend, resource.prefix, resource.strategy);
    const namespaced = resource.definition.namespaced;
    const codec: CacheCodec<KubeObject> = {
      decode: (_key, value, revision) => {
        const object = JSON.parse(Buffer.from(value).toString('utf8')) as KubeObject;
        object.metadata.resourceVersion = String(revision);
        return object;
      },
      withRevision: (object, revision) => ({ ...object, metadata: { ...object.metadata, resourceVersion: String(revision) } }),
      labels: (object) => object.metadata.labels ?? {},
      fields: (object) => ({ ...metadataFields(object, namespaced), ...resource.selectableFields?.(object) }),
    };
    this.cache = new WatchCache<KubeObject>({ backend, prefix: resource.prefix, codec, logger });
  }

  dispose(): Promise<void> {
    return this.cache.dispose();
  }
}
