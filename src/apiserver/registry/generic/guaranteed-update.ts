import type { Backend } from '../../../storage/backend.js';
import { KeyConflictError } from '../../../storage/errors.js';
import { NotFoundError } from '../../../util/errors.js';
import type { KubeObject } from './object.js';
import { decodeStored, encodeStored } from './stored-form.js';

const MAX_ATTEMPTS = 10;

/**
 * Rewrites the stored object at `key` as `mutate` returns it, retrying on a fresh copy when
 * another writer got there first (model: storage.Interface GuaranteedUpdate upstream, which
 * registry code such as pods' binding uses directly, bypassing the resource's update strategy).
 * `mutate` may throw to refuse. The object is stored in the stored form (stored-form.ts); `mutate`
 * sees, and the result carries, the resourceVersion. Throws NotFoundError
 * (plain: the caller words it) when the key does not exist.
 */
export async function guaranteedUpdate(backend: Backend, key: string, mutate: (current: KubeObject) => KubeObject): Promise<KubeObject> {
  for (let attempt = 1; ; attempt++) {
    const { kv } = await backend.get(key);
    if (!kv) throw new NotFoundError(`${key} not found`);
    const next = mutate(decodeStored(kv.value, kv.modRevision));
    try {
      const { revision } = await backend.update(key, encodeStored(next), kv.modRevision);
      return { ...next, metadata: { ...next.metadata, resourceVersion: String(revision) } };
    } catch (err) {
      if (!(err instanceof KeyConflictError) || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}
