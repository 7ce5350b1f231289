import { AlreadyExistsError, BadRequestError, NotFoundError } from '../../util/errors.js';
import type {
  Backend,
  DeleteResult,
  GetResult,
  KeyValue,
  ListOptions,
  ListResult,
  Watch,
  WriteOptions,
  WriteResult,
} from '../backend.js';
import { checkExpectedRevision, checkTtl, checkValueSize, compactedError, FutureRevisionError, KeyConflictError } from '../errors.js';
import { checkKey, keyAfter, prefixEnd } from '../keys.js';
import { rowToKeyValue } from './convert.js';
import { RowKind, type Log, type LogRow } from './log.js';
import { WatchHub } from './watch-hub.js';
import { WriteBatcher } from './write-batcher.js';

/** Revisions removed per compaction step, so one step holds the thread only briefly. */
const COMPACT_STEP = 1000;
/** How often keys with a TTL are checked for expiry. */
const TTL_SWEEP_MS = 500;

/**
 * A `Backend` over a `Log` (model: kine's `logstructured`). Writes are group-committed by the
 * `WriteBatcher`; reads are served straight from the log; watches from the `WatchHub`.
 */
export class LogStructuredBackend implements Backend {
  private readonly hub: WatchHub;
  private readonly batcher: WriteBatcher;
  private readonly ttlTimer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly log: Log) {
    this.hub = new WatchHub(log);
    this.batcher = new WriteBatcher(log, (events) => this.hub.publish(events));
    this.ttlTimer = setInterval(() => this.expireKeys(), TTL_SWEEP_MS);
  }

  async currentRevision(): Promise<number> {
    return this.log.currentRevision();
  }

  async compactRevision(): Promise<number> {
    return this.log.compactRevision();
  }

  async create(key: string, value: Uint8Array, options?: WriteOptions): Promise<WriteResult> {
    checkKey(key);
    checkValueSize(key, value);
    const expiresAt = expiryOf(options);
    const row = await this.batcher.submit((revision) => {
      if (this.log.latest(key)) throw new AlreadyExistsError(`key ${key} already exists`);
      return { revision, key, kind: RowKind.Create, createRevision: revision, prevRevision: 0, expiresAt, value };
    });
    return { revision: row.revision };
  }

  async get(key: string, options?: { revision?: number }): Promise<GetResult> {
    checkKey(key);
    const revision = this.readRevision(options?.revision);
    const row = revision === this.log.currentRevision() ? this.log.latest(key) : this.log.latestAt(key, revision);
    return { revision, kv: row && rowToKeyValue(row) };
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    const revision = this.readRevision(options.revision);
    const end = prefixEnd(prefix);
    const start = options.startKey !== undefined && options.startKey > prefix ? options.startKey : prefix;
    const range = { start, end };
    const atRevision = revision === this.log.currentRevision() ? undefined : revision;
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const rows = this.log.list(range, atRevision, limit > 0 ? limit + 1 : Number.MAX_SAFE_INTEGER);
    const more = limit > 0 && rows.length > limit;
    const items = (more ? rows.slice(0, limit) : rows).map(rowToKeyValue);
    return {
      revision,
      items,
      count: more ? this.log.count(range, atRevision) : items.length,
      continueKey: more ? keyAfter(items[items.length - 1]!.key) : undefined,
    };
  }

  async update(key: string, value: Uint8Array, expectedModRevision: number, options?: WriteOptions): Promise<WriteResult> {
    checkKey(key);
    checkValueSize(key, value);
    checkExpectedRevision(expectedModRevision);
    const expiresAt = expiryOf(options);
    const row = await this.batcher.submit((revision) => {
      const current = this.currentOrThrow(key, expectedModRevision);
      return {
        revision,
        key,
        kind: RowKind.Update,
        createRevision: current.createRevision,
        prevRevision: current.revision,
        expiresAt,
        value,
      };
    });
    return { revision: row.revision };
  }

  async delete(key: string, expectedModRevision?: number): Promise<DeleteResult> {
    checkKey(key);
    if (expectedModRevision !== undefined) checkExpectedRevision(expectedModRevision);
    let prev: KeyValue | undefined;
    const row = await this.batcher.submit((revision) => {
      const current = this.currentOrThrow(key, expectedModRevision);
      prev = rowToKeyValue(current);
      return deleteRow(current, revision);
    });
    return { revision: row.revision, prev: prev! };
  }

  watch(prefix: string, sinceRevision: number, options?: { signal?: AbortSignal }): Watch {
    return this.hub.watch(prefix, sinceRevision, options?.signal);
  }

  async compact(revision: number): Promise<void> {
    const current = this.log.currentRevision();
    if (revision > current) throw new FutureRevisionError(revision, current);
    // Steps run between other work; each is atomic and advances the compact revision by itself.
    for (let from = this.log.compactRevision(); from < revision && !this.closed; ) {
      const to = Math.min(revision, from + COMPACT_STEP);
      this.log.transaction(() => {
        this.log.compactStep(from, to);
        this.log.setCompactRevision(to);
      });
      from = to;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ttlTimer);
    await this.batcher.drain();
    this.hub.closeAll();
    this.log.close();
  }

  /** Deletes keys whose TTL passed, like etcd's lease expiry (watchers see delete events). */
  private expireKeys(): void {
    for (const { key, revision: setAt } of this.log.expired(Date.now(), 1000)) {
      this.batcher
        .submit((revision) => {
          const current = this.log.latest(key);
          // Skip keys rewritten or deleted since the sweep read them.
          return current?.revision === setAt ? deleteRow(current, revision) : undefined;
        })
        .catch(() => undefined); // Only fails when the store is closing; the next sweep retries.
    }
  }

  /** The key's live row, checked against the expected mod revision. */
  private currentOrThrow(key: string, expectedModRevision: number | undefined): LogRow {
    const current = this.log.latest(key);
    if (!current) throw new NotFoundError(`key ${key} not found`);
    if (expectedModRevision !== undefined && current.revision !== expectedModRevision) {
      throw new KeyConflictError(key, expectedModRevision, rowToKeyValue(current));
    }
    return current;
  }

  /** Resolves a requested read revision (0/absent: current) and checks it is still available. */
  private readRevision(requested: number | undefined): number {
    const current = this.log.currentRevision();
    if (!requested) return current;
    if (!Number.isSafeInteger(requested) || requested < 0) throw new BadRequestError(`invalid revision ${requested}`);
    if (requested > current) throw new FutureRevisionError(requested, current);
    const compacted = this.log.compactRevision();
    if (requested < compacted) throw compactedError(requested, compacted);
    return requested;
  }
}

function deleteRow(current: LogRow, revision: number): LogRow {
  return {
    revision,
    key: current.key,
    kind: RowKind.Delete,
    createRevision: current.createRevision,
    prevRevision: current.revision,
    expiresAt: null,
    value: null,
  };
}

function expiryOf(options: WriteOptions | undefined): number | null {
  const ttl = checkTtl(options);
  return ttl === undefined ? null : Date.now() + ttl * 1000;
}

