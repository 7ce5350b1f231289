/**
 * The interface a log-structured driver implements (model: kine's `server.Log` / SQL dialects).
 * The store is an append-only log of rows, one per write, indexed by revision; `LogStructuredBackend`
 * turns it into a `Backend`. Implementations: drivers/memory, drivers/sqlite.
 *
 * Contract:
 * - Every method is synchronous and runs on the JavaScript thread, so no other call interleaves
 *   with one; this is what lets the backend check-then-append without races.
 * - Only one process writes a log at a time (drivers enforce it); all writes go through
 *   `transaction`, whose callback's appends become visible and durable together when it returns,
 *   or not at all when it throws.
 * - Reads see committed rows only, plus, inside a transaction, the rows appended so far in it.
 */

export const enum RowKind {
  Create = 0,
  Update = 1,
  Delete = 2,
}

export interface LogRow {
  readonly revision: number;
  readonly key: string;
  readonly kind: RowKind;
  /** Revision of the create row of this incarnation of the key. */
  readonly createRevision: number;
  /** Revision of the key's previous row (0 for creates). */
  readonly prevRevision: number;
  /** Wall-clock ms after which the key expires; null for no TTL. */
  readonly expiresAt: number | null;
  /** The new value; null for deletes. */
  readonly value: Uint8Array | null;
}

/** A row with the row it replaced (for update and delete), as watchers need it. */
export interface LogEvent {
  readonly row: LogRow;
  readonly prev: LogRow | undefined;
}

export interface RowRange {
  /** Inclusive lower bound. */
  start: string;
  /** Exclusive upper bound. */
  end: string;
}

export interface Log {
  /** The revision of the latest committed write (0 for an empty store). */
  currentRevision(): number;
  /** Revisions at or below this one may have been removed by `compact` (0 when never compacted). */
  compactRevision(): number;

  /** The key's latest row if it is live (not a delete), else undefined. */
  latest(key: string): LogRow | undefined;
  /** The key's latest live row with revision <= `revision`, else undefined. */
  latestAt(key: string, revision: number): LogRow | undefined;
  /** Live rows in [range.start, range.end) as of `revision` (undefined: current), in key order. */
  list(range: RowRange, revision: number | undefined, limit: number): LogRow[];
  /** How many keys are live in the range as of `revision` (undefined: current). */
  count(range: RowRange, revision: number | undefined): number;
  /** Rows of keys in the range with revision > `sinceRevision`, in revision order, with their prev rows. */
  after(range: RowRange, sinceRevision: number, limit: number): LogEvent[];
  /** Live keys whose TTL passed at `nowMs`, with the revision of the row that set it. */
  expired(nowMs: number, limit: number): { key: string; revision: number }[];

  /** Runs `fn` atomically and durably (see the interface contract). */
  transaction<T>(fn: () => T): T;
  /** Appends a row; only inside `transaction`. `row.revision` must be currentRevision() + 1. */
  append(row: LogRow): void;
  /**
   * Removes history in (fromRevision, toRevision]: every row superseded by a row at or below
   * `toRevision`, and every delete row at or below it. Callers compact in bounded steps (so one
   * step does not block the thread for long) and record progress with `setCompactRevision`.
   */
  compactStep(fromRevision: number, toRevision: number): void;
  setCompactRevision(revision: number): void;

  close(): void;
}
