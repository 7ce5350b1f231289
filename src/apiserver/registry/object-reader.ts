import type { KubeObject } from './generic/object.js';

/**
 * Reads of other resources' objects for admission on a write (model: the informer listers
 * upstream's admission plugins use): served from the watch caches, so a create costs no store
 * round trip. Contract: `list` may be slightly stale, as a lister is; `get` answers a miss with
 * a read at the store's latest revision (upstream's live lookup), so an object created just
 * before is always found.
 */
export interface ObjectReader {
  /** The object stored at `key`, e.g. `/registry/priorityclasses/high`. */
  get(key: string): Promise<KubeObject | undefined>;
  /** Every object under `prefix`, e.g. `/registry/priorityclasses/`. */
  list(prefix: string): Promise<KubeObject[]>;
}
