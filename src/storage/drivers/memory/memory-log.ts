import { BugError } from '../../../util/errors.js';
import { RowKind, type Log, type LogEvent, type LogRow, type RowRange } from '../../logstructured/log.js';

/**
 * A `Log` in memory, for tests and throwaway clusters. Rows are kept twice: in revision order
 * (`rows`, for watchers) and per key (`history`, for point-in-time reads); `keys` holds the keys
 * with history in sorted order for range scans. Transactions roll back through an undo list.
 */
export class MemoryLog implements Log {
  private rows: LogRow[] = [];
  private readonly history = new Map<string, LogRow[]>();
  private readonly keys: string[] = [];
  private readonly ttlKeys = new Set<string>();
  private revision = 0;
  private compacted = 0;
  private undo: (() => void)[] | undefined;

  currentRevision(): number {
    return this.revision;
  }

  compactRevision(): number {
    return this.compacted;
  }

  latest(key: string): LogRow | undefined {
    const rows = this.history.get(key);
    const last = rows?.[rows.length - 1];
    return last && last.kind !== RowKind.Delete ? last : undefined;
  }

  latestAt(key: string, revision: number): LogRow | undefined {
    const rows = this.history.get(key);
    if (!rows) return undefined;
    const i = upperBound(rows, revision, (r) => r.revision) - 1;
    const row = rows[i];
    return row && row.kind !== RowKind.Delete ? row : undefined;
  }

  list(range: RowRange, revision: number | undefined, limit: number): LogRow[] {
    const out: LogRow[] = [];
    for (let i = lowerBound(this.keys, range.start, (k) => k); i < this.keys.length && out.length < limit; i++) {
      const key = this.keys[i]!;
      if (key >= range.end) break;
      const row = revision === undefined ? this.latest(key) : this.latestAt(key, revision);
      if (row) out.push(row);
    }
    return out;
  }

  count(range: RowRange, revision: number | undefined): number {
    return this.list(range, revision, Number.MAX_SAFE_INTEGER).length;
  }

  after(range: RowRange, sinceRevision: number, limit: number): LogEvent[] {
    const out: LogEvent[] = [];
    for (let i = upperBound(this.rows, sinceRevision, (r) => r.revision); i < this.rows.length && out.length < limit; i++) {
      const row = this.rows[i]!;
      if (row.key < range.start || row.key >= range.end) continue;
      out.push({ row, prev: row.prevRevision ? this.rowAt(row.key, row.prevRevision) : undefined });
    }
    return out;
  }

  expired(nowMs: number, limit: number): { key: string; revision: number }[] {
    const out: { key: string; revision: number }[] = [];
    for (const key of this.ttlKeys) {
      const row = this.latest(key);
      if (row?.expiresAt != null && row.expiresAt <= nowMs) out.push({ key, revision: row.revision });
      if (out.length >= limit) break;
    }
    return out;
  }

  transaction<T>(fn: () => T): T {
    if (this.undo) throw new BugError('nested transaction');
    const undo: (() => void)[] = [];
    this.undo = undo;
    try {
      return fn();
    } catch (err) {
      for (const step of undo.reverse()) step();
      throw err;
    } finally {
      this.undo = undefined;
    }
  }

  append(row: LogRow): void {
    const undo = this.undo;
    if (!undo) throw new BugError('append outside a transaction');
    if (row.revision !== this.revision + 1) throw new BugError(`append of revision ${row.revision} at ${this.revision}`);
    const previousRevision = this.revision;
    this.revision = row.revision;
    this.rows.push(row);
    let rows = this.history.get(row.key);
    if (!rows) {
      rows = [];
      this.history.set(row.key, rows);
      this.keys.splice(lowerBound(this.keys, row.key, (k) => k), 0, row.key);
    }
    rows.push(row);
    const hadTtl = this.ttlKeys.has(row.key);
    if (row.expiresAt !== null) this.ttlKeys.add(row.key);
    else this.ttlKeys.delete(row.key);
    undo.push(() => {
      this.revision = previousRevision;
      this.rows.pop();
      rows.pop();
      if (rows.length === 0) this.dropKey(row.key);
      if (hadTtl) this.ttlKeys.add(row.key);
      else this.ttlKeys.delete(row.key);
    });
  }

  compactStep(fromRevision: number, toRevision: number): void {
    const first = upperBound(this.rows, fromRevision, (r) => r.revision);
    const last = upperBound(this.rows, toRevision, (r) => r.revision);
    for (const row of this.rows.slice(first, last)) {
      const rows = this.history.get(row.key);
      if (!rows) continue;
      // Everything before this row is superseded; a delete row itself is not needed either.
      const keep = rows.filter((r) => r.revision > row.revision || (r.revision === row.revision && r.kind !== RowKind.Delete));
      if (keep.length === 0) this.dropKey(row.key);
      else this.history.set(row.key, keep);
    }
    this.rows = this.rows.filter((r) => r.revision > toRevision || r.revision <= fromRevision);
  }

  setCompactRevision(revision: number): void {
    this.compacted = revision;
  }

  close(): void {
    this.rows = [];
  }

  /** The key's row at exactly `revision`, if history still has it. */
  private rowAt(key: string, revision: number): LogRow | undefined {
    const rows = this.history.get(key);
    if (!rows) return undefined;
    const row = rows[lowerBound(rows, revision, (r) => r.revision)];
    return row?.revision === revision ? row : undefined;
  }

  private dropKey(key: string): void {
    this.history.delete(key);
    this.ttlKeys.delete(key);
    const i = lowerBound(this.keys, key, (k) => k);
    if (this.keys[i] === key) this.keys.splice(i, 1);
  }
}

/** First index whose element's value is >= `value` (elements sorted by `by`). */
function lowerBound<E, V>(items: readonly E[], value: V, by: (e: E) => V): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (by(items[mid]!) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose element's value is > `value`. */
function upperBound<E, V>(items: readonly E[], value: V, by: (e: E) => V): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (by(items[mid]!) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
