import { BugError } from '../../util/errors.js';
import type { KubeObject } from '../registry/generic/object.js';
import type { ObjectReader } from '../registry/object-reader.js';
import type { ServedResource } from './served-resource.js';

/** An ObjectReader over the served resources' watch caches (see ObjectReader's contract). */
export class CacheReader implements ObjectReader {
  constructor(private readonly served: readonly ServedResource[]) {}

  async get(key: string): Promise<KubeObject | undefined> {
    const cache = this.cacheOf(key).cache;
    const cached = (await cache.get(key, { kind: 'any' })).object ?? (await cache.get(key, { kind: 'latest' })).object;
    return cached?.object;
  }

  async list(prefix: string): Promise<KubeObject[]> {
    const { items } = await this.cacheOf(prefix).cache.list({ kind: 'any' }, () => true, prefix);
    return items.map((i) => i.object);
  }

  /** The resource whose storage holds `key` (the longest matching prefix: services' specs vs endpoints). */
  private cacheOf(key: string): ServedResource {
    let best: ServedResource | undefined;
    for (const s of this.served) {
      if (key.startsWith(s.resource.prefix) && !s.resource.conversion && (!best || s.resource.prefix.length > best.resource.prefix.length)) best = s;
    }
    if (!best) throw new BugError(`no served resource stores ${key}`);
    return best;
  }
}
