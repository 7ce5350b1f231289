import { CompareResult, CompareTarget, type Etcd3, type ICompare, type IKeyValue, type IRangeResponse } from 'etcd3';
import { AlreadyExistsError, BadRequestError, InternalError, NotFoundError } from '../../../util/errors.js';
import type { Logger } from '../../../util/logging.js';
import type {
  Backend,
  DeleteResult,
  GetResult,
  ListOptions,
  ListResult,
  Watch,
  WriteOptions,
  WriteResult,
} from '../../backend.js';
import { FutureRevisionError, KeyConflictError, checkExpectedRevision, checkTtl, checkValueSize, compactedError } from '../../errors.js';
import { checkKey, keyAfter, prefixEnd } from '../../keys.js';
import { CompactionTracker } from './compaction.js';
import { keyBytes, revisionOf, toKeyValue, valueBytes } from './convert.js';
import {
  isCompacted,
  isConnectionFailure,
  isFutureRevision,
  isLeaseNotFound,
  isUnavailable,
  toStatusError,
  wasNeverSent,
} from './errors.js';
import { LeaseManager } from './leases.js';
import { EtcdWatch, type WatchStream } from './watch.js';

/** etcd refuses empty keys; every kts key sorts after this one. */
const ZERO_KEY = Buffer.from([0]);
/** Compaction with `physical` waits for etcd to remove the history, which takes longer than a call. */
const COMPACT_TIMEOUT_MS = 60_000;

/**
 * `Backend` on a real etcd: etcd is already the revisioned MVCC store the interface describes, so
 * each method is one etcd request (conditional writes are single txns, hence atomic and
 * linearizable), and revisions are etcd's. TTLs are etcd leases (see leases.ts); watches are etcd
 * watches made resumable (see watch.ts).
 *
 * Failure handling: with several members, a call that could not reach one is retried (etcd3 picks
 * a member per call, and its circuit breaker skips one after three failures in a row). Reads are
 * retried after any connection failure, writes only when the request never left the client: a txn
 * whose answer was lost may have been applied. A call that timed out is not retried. Anything
 * etcd3 throws leaves as a `StatusError` (errors.ts); an unreachable etcd is
 * `ServiceUnavailableError`.
 */
export class EtcdBackend implements Backend {
  private readonly endpoints: string;
  /**
   * Tries per call. With one member a retry would not help. With n, after 3 failures on each of
   * n - 1 dead members every breaker but the live member's is open, plus one for a breaker's
   * half-open trial call.
   */
  private readonly attempts: number;
  private readonly watches = new Set<EtcdWatch>();
  private readonly compaction = new CompactionTracker();
  private readonly leases: LeaseManager;
  private disposed = false;

  constructor(
    private readonly client: Etcd3,
    members: string[],
    private readonly logger: Logger,
  ) {
    this.endpoints = members.join(',');
    this.attempts = members.length > 1 ? 3 * (members.length - 1) + 2 : 1;
    this.leases = new LeaseManager(async (ttl) => {
      const granted = await client.leaseClient.leaseGrant({ TTL: ttl });
      return { id: granted.ID, ttlSeconds: Number(granted.TTL) };
    });
  }

  async currentRevision(): Promise<number> {
    const res = await this.read(() => this.client.kv.range({ key: ZERO_KEY, count_only: true }));
    return revisionOf(res.header);
  }

  /** Exact but costs O(log revision) reads (see compaction.ts); callers should not poll it. */
  async compactRevision(): Promise<number> {
    const current = await this.currentRevision();
    return this.read(() => this.compaction.find(current, (revision) => this.readable(revision)));
  }

  async create(key: string, value: Uint8Array, options?: WriteOptions): Promise<WriteResult> {
    checkKey(key);
    checkValueSize(key, value);
    const k = keyBytes(key);
    // No read on failure: AlreadyExists does not carry the existing object.
    const res = await this.withLease(options, (lease) =>
      this.client.kv.txn({
        compare: [{ key: k, target: CompareTarget.Create, result: CompareResult.Equal, create_revision: 0 }],
        success: [{ request_put: { key: k, value: valueBytes(value), lease } }],
      }),
    );
    if (!res.succeeded) throw new AlreadyExistsError(`key ${key} already exists`);
    return { revision: revisionOf(res.header) };
  }

  async get(key: string, options?: { revision?: number }): Promise<GetResult> {
    checkKey(key);
    const revision = checkRevision(options?.revision);
    const res = await this.readAt(revision, () => this.client.kv.range({ key: keyBytes(key), revision }));
    const kv = res.kvs[0];
    return { revision: revision || revisionOf(res.header), kv: kv && toKeyValue(kv) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const revision = checkRevision(options.revision);
    const limit = options.limit ?? 0;
    if (!Number.isSafeInteger(limit) || limit < 0) throw new BadRequestError(`invalid limit ${limit}`);
    const start = options.startKey !== undefined && options.startKey > prefix ? options.startKey : prefix;
    // etcd returns a range in key order, `count` counting the whole range and `more` telling
    // whether keys beyond `limit` remain.
    const res = await this.readAt(revision, () =>
      this.client.kv.range({
        key: start === '' ? ZERO_KEY : keyBytes(start),
        range_end: keyBytes(prefixEnd(prefix)),
        limit,
        revision,
      }),
    );
    const items = res.kvs.map(toKeyValue);
    const last = items[items.length - 1];
    return {
      revision: revision || revisionOf(res.header),
      items,
      count: Number(res.count),
      continueKey: res.more && last ? keyAfter(last.key) : undefined,
    };
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number, options?: WriteOptions): Promise<WriteResult> {
    checkKey(key);
    checkValueSize(key, value);
    checkExpectedRevision(expectedModRevision);
    const k = keyBytes(key);
    // A missing key's mod revision is 0, which never equals a positive expected revision.
    const res = await this.withLease(options, (lease) =>
      this.client.kv.txn({
        compare: [{ key: k, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: expectedModRevision }],
        success: [{ request_put: { key: k, value: valueBytes(value), lease } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    if (!res.succeeded) throw this.writeFailure(key, expectedModRevision, res.responses[0]?.response_range.kvs[0]);
    return { revision: revisionOf(res.header) };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    checkKey(key);
    if (expectedModRevision !== undefined) checkExpectedRevision(expectedModRevision);
    const k = keyBytes(key);
    const compare: ICompare[] = exists(k);
    if (expectedModRevision !== undefined) {
      compare.push({ key: k, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: expectedModRevision });
    }
    const res = await this.write(() =>
      this.client.kv.txn({
        compare,
        success: [{ request_delete_range: { key: k, prev_kv: true } }],
        failure: [{ request_range: { key: k } }],
      }),
    );
    const response = res.responses[0];
    if (!res.succeeded) throw this.writeFailure(key, expectedModRevision, response?.response_range.kvs[0]);
    const prev = response?.response_delete_range.prev_kvs[0];
    if (!prev) throw new InternalError(`etcd txn deleting ${key} succeeded but did not return the previous value`);
    return { revision: revisionOf(res.header), prev: toKeyValue(prev) };
  }

  watch(prefix: string, sinceRevision: number, options?: { signal?: AbortSignal }): Watch {
    if (!Number.isSafeInteger(sinceRevision) || sinceRevision < 0) {
      throw new BadRequestError(`invalid watch revision ${sinceRevision}`);
    }
    const range = { key: prefix === '' ? ZERO_KEY : keyBytes(prefix), rangeEnd: keyBytes(prefixEnd(prefix)), prefix };
    const watch = new EtcdWatch(range, sinceRevision, {
      openStream: () => this.client.watchClient.watch() as Promise<WatchStream>,
      isTransient: isUnavailable,
      toError: (err) => toStatusError(err, this.endpoints),
      learnCompacted: (revision) => this.compaction.learn(revision),
      onEnd: (w) => this.watches.delete(w),
      logger: this.logger,
    });
    this.watches.add(watch);
    if (this.disposed) watch.close();
    else watch.start(options?.signal);
    return watch;
  }

  async compact(revision: number): Promise<void> {
    checkRevision(revision);
    if (revision <= this.compaction.lowerBound) return;
    try {
      await this.client.kv.compact({ revision, physical: true }, { deadline: Date.now() + COMPACT_TIMEOUT_MS });
    } catch (err) {
      if (isFutureRevision(err)) throw new FutureRevisionError(revision, await this.currentRevision());
      // Already compacted at or past `revision`: nothing to do.
      if (!isCompacted(err)) throw toStatusError(err, this.endpoints);
    }
    this.compaction.learn(revision);
  }

  /** Closes every watch and the client. Leases are left to expire. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const watch of [...this.watches]) watch.close();
    this.client.close();
  }

  /** The error for a failed conditional write, from the key as the txn's failure branch read it. */
  private writeFailure(key: string, expected: number | undefined, current: IKeyValue | undefined): Error {
    if (!current) return new NotFoundError(`key ${key} not found`);
    if (expected === undefined) return new InternalError(`etcd txn deleting ${key} failed although the key exists`);
    return new KeyConflictError(key, expected, toKeyValue(current));
  }

  /** Runs a write once, attaching a lease when `options.ttlSeconds` asks for one. */
  private async withLease<T>(options: WriteOptions | undefined, fn: (lease: string | undefined) => Promise<T>): Promise<T> {
    const ttl = ttlSeconds(options);
    if (ttl === undefined) return this.write(() => fn(undefined));
    return this.write(async () => {
      const lease = await this.leases.leaseFor(ttl);
      try {
        return await fn(lease);
      } catch (err) {
        if (!isLeaseNotFound(err)) throw err;
        // The reused lease is gone (revoked, or etcd restored from a backup): grant a new one.
        this.leases.invalidate(lease);
        return fn(await this.leases.leaseFor(ttl));
      }
    });
  }

  /** Runs a write; it is retried (on another member) only when it was never sent. */
  private async write<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.retry(fn, wasNeverSent);
    } catch (err) {
      throw toStatusError(err, this.endpoints);
    }
  }

  /** Runs an idempotent read, retried on another member after a connection failure. */
  private async read<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.retry(fn, isConnectionFailure);
    } catch (err) {
      throw toStatusError(err, this.endpoints);
    }
  }

  /** A read at `revision` (0: current), with etcd's revision errors turned into ours. */
  private async readAt(revision: number, fn: () => Promise<IRangeResponse>): Promise<IRangeResponse> {
    try {
      return await this.retry(fn, isConnectionFailure);
    } catch (err) {
      if (isCompacted(err)) {
        this.compaction.learn(revision + 1);
        throw compactedError(revision, this.compaction.lowerBound);
      }
      if (isFutureRevision(err)) throw new FutureRevisionError(revision, await this.currentRevision());
      throw toStatusError(err, this.endpoints);
    }
  }

  /** Calls `fn` up to `attempts` times while it fails with a `retryable` error; rethrows the last. */
  private async retry<T>(fn: () => Promise<T>, retryable: (err: unknown) => boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= this.attempts || !retryable(err)) throw err;
      }
    }
  }

  /** Whether etcd still has history at `revision` (a count-only read of one key). */
  private async readable(revision: number): Promise<boolean> {
    try {
      await this.client.kv.range({ key: ZERO_KEY, count_only: true, revision });
      return true;
    } catch (err) {
      if (isCompacted(err)) return false;
      throw err;
    }
  }
}

/** Compares that hold when `key` exists (a missing key has create revision 0). */
function exists(key: Buffer): ICompare[] {
  return [{ key, target: CompareTarget.Create, result: CompareResult.Greater, create_revision: 0 }];
}

/** A requested revision: 0 (or absent) for current, else a positive integer. */
function checkRevision(revision: number | undefined): number {
  if (revision === undefined) return 0;
  if (!Number.isSafeInteger(revision) || revision < 0) throw new BadRequestError(`invalid revision ${revision}`);
  return revision;
}

/** etcd leases have whole-second TTLs; a fractional TTL is rounded up. */
function ttlSeconds(options: WriteOptions | undefined): number | undefined {
  const ttl = checkTtl(options);
  return ttl === undefined ? undefined : Math.ceil(ttl);
}
