/**
 * What a reflector needs from the API for one resource (model: client-go's cache.ListerWatcher):
 * a list at a revision and a watch from a revision. The REST client implements it over HTTP;
 * tests may implement it in memory.
 */
import type { KubeObjectLike } from './object.js';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size (`limit`); the lister follows `continue` itself when set. */
  limit?: number;
  /** `resourceVersion` of the list ('' = latest from the store, '0' = any cached state). */
  resourceVersion?: string;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Resume after this revision. */
  resourceVersion: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface ObjectList<T extends KubeObjectLike = KubeObjectLike> {
  /** The revision the list is consistent at. */
  resourceVersion: string;
  items: T[];
}

/**
 * One watch event as the API sends it. ERROR carries a Status object (e.g. 410 Expired: the
 * reflector must relist); BOOKMARK carries only metadata.resourceVersion.
 */
export interface WatchEvent<T extends KubeObjectLike = KubeObjectLike> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** A running watch: events in order until the server ends it or `stop` is called. */
export interface Watch<T extends KubeObjectLike = KubeObjectLike> extends AsyncIterable<WatchEvent<T>> {
  /** Ends the watch; the iterator then finishes. Idempotent. */
  stop(): void;
}

export interface ListerWatcher<T extends KubeObjectLike = KubeObjectLike> {
  list(options: ListOptions): Promise<ObjectList<T>>;
  watch(options: WatchOptions): Promise<Watch<T>>;
}
