import type { StatusError } from '../../util/errors.js';

/** One object as the cache holds it: decoded once, shared by every reader (never mutate it). */
export interface CachedObject<T> {
  readonly key: string;
  /** The object's resourceVersion (the store revision that last wrote it). */
  readonly revision: number;
  readonly object: T;
  /** What label and field selectors are matched against, computed once at decode time. */
  readonly labels: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, string>>;
}

/** How a resource's stored bytes become cached objects; supplied by the resource's registry. */
export interface CacheCodec<T> {
  /** Decodes a stored value and stamps `revision` as its resourceVersion. Throws on corrupt data. */
  decode(key: string, value: Uint8Array, revision: number): T;
  /** A copy of `object` with `revision` as its resourceVersion (for DELETED events). */
  withRevision(object: T, revision: number): T;
  labels(object: T): Record<string, string>;
  fields(object: T): Record<string, string>;
}

/** Which cached objects a reader wants (label and field selectors, compiled by the caller). */
export type ObjectFilter<T> = (object: CachedObject<T>) => boolean;

/** What a cache watcher yields; the API server turns these into watch frames. */
export type WatchOutput<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: CachedObject<T> }
  /** Nothing changed that this watcher sees up to `revision`; `initialEventsEnd` closes sendInitialEvents. */
  | { type: 'BOOKMARK'; revision: number; initialEventsEnd?: boolean }
  | { type: 'ERROR'; error: StatusError };

/** A change the cache applied, kept in its event buffer. */
export interface CacheEvent<T> {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly revision: number;
  /** The new state; for DELETED, the last state stamped with the deletion's revision. */
  readonly object: CachedObject<T>;
  /** The state before a MODIFIED or DELETED event. */
  readonly prev: CachedObject<T> | undefined;
}
