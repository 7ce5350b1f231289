import type { Backend } from '../../../storage/backend.js';
import { KeyConflictError } from '../../../storage/errors.js';
import { NotFoundError } from '../../../util/errors.js';
import type { KubeObject } from './object.js';

const MAX_ATTEMPTS = 10;

/**
 * Rewrites the stored object at `key` as `mutate` returns it, retrying on a fresh copy when
 * another writer got there first (model: storage.Interface GuaranteedUpdate upstream, which
 * registry code such as pods' binding uses directly, bypassing the resource's update strategy).
 * `mutate` may throw to refuse. The object is stored as the generic store stores it (JSON without
 * resourceVersion); `mutate` sees, and the result carries, the resourceVersion. Throws NotFoundError
 * (plain: the caller words it) when the key does not exist.
 */
export async function guaranteedUpdate(backend: Backend, key: string, mutate: (current: KubeObject) => KubeObject): Promise<KubeObject> {
  for (let attempt = 1; ; attempt++) {
    const { kv } = await backend.get(key);
    if (!kv) throw new NotFoundError(`${key} not found`);
    const current = JSON.parse(Buffer.from(kv.value).toString('utf8')) as KubeObject;
    current.metadata.resourceVersion = String(kv.modRevision);
    const next = mutate(current);
    const { resourceVersion: _rv, ...metadata } = next.metadata;
    try {
      const { revision } = await backend.update(key, Buffer.from(JSON.stringify({ ...next, metadata })), kv.modRevision);
      return { ...next, metadata: { ...metadata, resourceVersion: String(revision) } };
    } catch (err) {
      if (!(err instanceof KeyConflictError) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}
