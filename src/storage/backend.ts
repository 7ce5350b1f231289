/**
 * The revisioned key-value store under the API server (the role etcd plays for Kubernetes and
 * kine's `Backend` plays for k3s). Semantics follow etcd's MVCC model:
 *
 * - One global revision per store. Every successful write (create, update, delete, TTL expiry)
 *   takes the next revision, strictly increasing and never reused; failed writes take none.
 * - Every key remembers the revision that created it (`createRevision`) and last changed it
 *   (`modRevision`). Reads at an older revision see the store exactly as it was then, until that
 *   revision is compacted away; reads below the compacted revision throw `ExpiredError` (410).
 * - Values are opaque bytes of at most `MAX_VALUE_BYTES` (etcd's request limit).
 *
 * Errors are `StatusError`s from util/errors: `AlreadyExistsError`, `NotFoundError`,
 * `KeyConflictError` (carrying the current object), `ExpiredError`, `RequestEntityTooLargeError`,
 * `ServiceUnavailableError` (store unreachable).
 *
 * Concurrency: all methods may be called concurrently; writes are linearizable (each observes all
 * writes acknowledged before it was called).
 */
import type { Disposable } from '../util/lifecycle.js';

export interface KeyValue {
  readonly key: string;
  readonly value: Uint8Array;
  /** Revision of the write that created this incarnation of the key. */
  readonly createRevision: number;
  /** Revision of the last write to the key. */
  readonly modRevision: number;
}

export interface WriteOptions {
  /** Seconds after which the key is deleted by the store (a delete event is emitted). */
  ttlSeconds?: number;
}

export interface GetResult {
  /** The revision the read was served at. */
  revision: number;
  /** The key's value at that revision; undefined when the key did not exist. */
  kv: KeyValue | undefined;
}

export interface ListOptions {
  /** First key to return (inclusive); must lie under the prefix. Used to continue a list. */
  startKey?: string;
  /** Most items to return; 0 or absent means all. */
  limit?: number;
  /** Revision to read at; 0 or absent means the current revision. */
  revision?: number;
}

export interface ListResult {
  /** The revision the list was read at; pass it back with `continueKey` for the next page. */
  revision: number;
  /** Items in key order. */
  items: KeyValue[];
  /** How many keys lie in [startKey, end of prefix) at `revision`, including `items`. */
  count: number;
  /** Where the next page starts (`startKey`), when more keys remain; undefined on the last page. */
  continueKey: string | undefined;
}

export interface WriteResult {
  /** The revision this write was committed at (the object's new `modRevision`). */
  revision: number;
}

export interface DeleteResult extends WriteResult {
  /** The object as it was just before the delete. */
  prev: KeyValue;
}

/**
 * A change to one key, as seen by watchers; `revision` is the revision of the change. A `progress`
 * event (sent only after `Watch.requestProgress()`) carries no change: it says every change in the
 * watched range up to `revision` has been delivered.
 */
export type WatchEvent =
  | { type: 'create'; revision: number; kv: KeyValue }
  | { type: 'update'; revision: number; kv: KeyValue; prev: KeyValue }
  | { type: 'delete'; revision: number; key: string; prev: KeyValue }
  | { type: 'progress'; revision: number };

/**
 * A stream of changes. Iterating yields batches of events in revision order, each event exactly
 * once and without gaps. Iteration throws `ExpiredError` when the start revision is (or, for a
 * watcher that fell far behind, becomes) compacted, and ends normally once `close()` is called
 * or the watch's signal aborts.
 */
export interface Watch extends AsyncIterable<WatchEvent[]>, Disposable {
  close(): void;
  /**
   * Asks for a `progress` event, so a consumer can learn that it is up to date even when nothing in
   * its range changes (etcd's RequestProgress). It arrives after every event it vouches for; a
   * store may answer late (etcd answers only once the watch has caught up).
   */
  requestProgress(): void;
}

export interface Backend extends Disposable {
  /** The current (latest committed) revision. */
  currentRevision(): Promise<number>;
  /** The revision below which history is gone (0 when never compacted). */
  compactRevision(): Promise<number>;

  /** Creates `key`; throws `AlreadyExistsError` when it exists. */
  create(key: string, value: Uint8Array, options?: WriteOptions): Promise<WriteResult>;

  get(key: string, options?: { revision?: number }): Promise<GetResult>;

  /** Lists the keys starting with `prefix`, in key order, all read at one revision. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;

  /**
   * Replaces `key`'s value if its `modRevision` is `expectedModRevision` (a positive revision).
   * Throws `NotFoundError` when the key does not exist and `KeyConflictError` (with the current
   * object) when the revision differs. The result's revision is the key's new `modRevision`; its
   * `createRevision` is unchanged. Like an etcd put, the new value keeps a TTL only when
   * `options.ttlSeconds` is given.
   */
  update(key: string, value: Uint8Array, expectedModRevision: number, options?: WriteOptions): Promise<WriteResult>;

  /**
   * Deletes `key`, only if its `modRevision` is `expectedModRevision` when that is given. Throws
   * `NotFoundError` or `KeyConflictError` (with the current object).
   */
  delete(key: string, expectedModRevision?: number): Promise<DeleteResult>;

  /**
   * Watches keys starting with `prefix` for changes made after `sinceRevision` (that is, from
   * revision `sinceRevision + 1` on — the Kubernetes resourceVersion convention). Pass the
   * revision of a list to watch from that list without gap or duplicate.
   */
  watch(prefix: string, sinceRevision: number, options?: { signal?: AbortSignal }): Watch;

  /** Discards history below `revision`; reads and watches before it then throw `ExpiredError`. */
  compact(revision: number): Promise<void>;
}
