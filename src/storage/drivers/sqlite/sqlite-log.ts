import type { Database, Statement } from 'better-sqlite3';
import { BugError } from '../../../util/errors.js';
import { RowKind, type Log, type LogEvent, type LogRow, type RowRange } from '../../logstructured/log.js';

interface RowRecord {
  revision: number;
  key: string;
  kind: number;
  create_revision: number;
  prev_revision: number;
  expires_at: number | null;
  value: Buffer | null;
}

interface EventRecord extends RowRecord {
  p_kind: number | null;
  p_create_revision: number | null;
  p_prev_revision: number | null;
  p_expires_at: number | null;
  p_value: Buffer | null;
}

const ROW = 'l.revision, l.key, l.kind, l.create_revision, l.prev_revision, l.expires_at, l.value';
/** The latest row of each key in a range as of a revision. */
const LATEST_AT = `SELECT key, MAX(revision) AS revision FROM kv_log WHERE key >= @start AND key < @end AND revision <= @revision GROUP BY key`;

/**
 * A `Log` in a SQLite database through better-sqlite3 (synchronous, one connection). The database
 * is opened by `openSqliteDatabase`, which also takes the exclusive lock that makes this process
 * its only writer. The current revision is cached in memory and written to `kts_meta` in every
 * transaction.
 */
export class SqliteLog implements Log {
  private revision: number;
  private compacted: number;
  private readonly stmt: ReturnType<typeof prepareStatements>;

  constructor(private readonly db: Database) {
    const meta = (name: string): number =>
      (db.prepare('SELECT value FROM kts_meta WHERE name = ?').get(name) as { value: number }).value;
    this.revision = meta('revision');
    this.compacted = meta('compact_revision');
    this.stmt = prepareStatements(db);
  }

  currentRevision(): number {
    return this.revision;
  }

  compactRevision(): number {
    return this.compacted;
  }

  latest(key: string): LogRow | undefined {
    return toRow(this.stmt.latest.get(key) as RowRecord | undefined);
  }

  latestAt(key: string, revision: number): LogRow | undefined {
    const row = toRow(this.stmt.latestAt.get(key, revision) as RowRecord | undefined);
    return row && row.kind !== RowKind.Delete ? row : undefined;
  }

  list(range: RowRange, revision: number | undefined, limit: number): LogRow[] {
    const records =
      revision === undefined
        ? this.stmt.listCurrent.all({ ...range, limit })
        : this.stmt.listAt.all({ ...range, revision, limit });
    return (records as RowRecord[]).map((r) => toRow(r)!);
  }

  count(range: RowRange, revision: number | undefined): number {
    const result =
      revision === undefined ? this.stmt.countCurrent.get(range) : this.stmt.countAt.get({ ...range, revision });
    return (result as { n: number }).n;
  }

  after(range: RowRange, sinceRevision: number, limit: number): LogEvent[] {
    return (this.stmt.after.all({ ...range, since: sinceRevision, limit }) as EventRecord[]).map((r) => ({
      row: toRow(r)!,
      prev:
        r.p_kind === null
          ? undefined
          : toRow({
              revision: r.prev_revision,
              key: r.key,
              kind: r.p_kind,
              create_revision: r.p_create_revision!,
              prev_revision: r.p_prev_revision!,
              expires_at: r.p_expires_at,
              value: r.p_value,
            }),
    }));
  }

  expired(nowMs: number, limit: number): { key: string; revision: number }[] {
    return this.stmt.expired.all(nowMs, limit) as { key: string; revision: number }[];
  }

  transaction<T>(fn: () => T): T {
    const startRevision = this.revision;
    try {
      return this.db.transaction(() => {
        const result = fn();
        if (this.revision !== startRevision) this.stmt.setMeta.run(this.revision, 'revision');
        return result;
      }).immediate();
    } catch (err) {
      this.revision = startRevision;
      throw err;
    }
  }

  append(row: LogRow): void {
    if (!this.db.inTransaction) throw new BugError('append outside a transaction');
    if (row.revision !== this.revision + 1) throw new BugError(`append of revision ${row.revision} at ${this.revision}`);
    this.stmt.insertRow.run(row.revision, row.key, row.kind, row.createRevision, row.prevRevision, row.expiresAt, row.value);
    if (row.kind === RowKind.Delete) this.stmt.deleteCurrent.run(row.key);
    else this.stmt.upsertCurrent.run(row.key, row.revision, row.expiresAt);
    this.revision = row.revision;
  }

  compactStep(fromRevision: number, toRevision: number): void {
    this.stmt.compactSuperseded.run(fromRevision, toRevision);
    this.stmt.compactDeletes.run(fromRevision, toRevision);
  }

  setCompactRevision(revision: number): void {
    this.stmt.setMeta.run(revision, 'compact_revision');
    this.compacted = revision;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Every statement the log runs, prepared once. */
function prepareStatements(db: Database) {
  const prepare = (sql: string): Statement => db.prepare(sql);
  return {
    latest: prepare(`SELECT ${ROW} FROM kv_current c JOIN kv_log l ON l.revision = c.revision WHERE c.key = ?`),
    latestAt: prepare(`SELECT ${ROW} FROM kv_log l WHERE l.key = ? AND l.revision <= ? ORDER BY l.revision DESC LIMIT 1`),
    listCurrent: prepare(
      `SELECT ${ROW} FROM kv_current c JOIN kv_log l ON l.revision = c.revision WHERE c.key >= @start AND c.key < @end ORDER BY c.key LIMIT @limit`,
    ),
    listAt: prepare(
      `SELECT ${ROW} FROM (${LATEST_AT}) m JOIN kv_log l ON l.revision = m.revision WHERE l.kind != ${RowKind.Delete} ORDER BY l.key LIMIT @limit`,
    ),
    countCurrent: prepare('SELECT COUNT(*) AS n FROM kv_current WHERE key >= @start AND key < @end'),
    countAt: prepare(
      `SELECT COUNT(*) AS n FROM (${LATEST_AT}) m JOIN kv_log l ON l.revision = m.revision WHERE l.kind != ${RowKind.Delete}`,
    ),
    after: prepare(
      `SELECT ${ROW}, p.kind AS p_kind, p.create_revision AS p_create_revision, p.prev_revision AS p_prev_revision,
            p.expires_at AS p_expires_at, p.value AS p_value
       FROM kv_log l LEFT JOIN kv_log p ON p.revision = l.prev_revision AND l.prev_revision > 0
       WHERE l.revision > @since AND l.key >= @start AND l.key < @end ORDER BY l.revision LIMIT @limit`,
    ),
    expired: prepare('SELECT key, revision FROM kv_current WHERE expires_at <= ? ORDER BY expires_at LIMIT ?'),
    insertRow: prepare(
      'INSERT INTO kv_log (revision, key, kind, create_revision, prev_revision, expires_at, value) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    upsertCurrent: prepare(
      'INSERT INTO kv_current (key, revision, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET revision = excluded.revision, expires_at = excluded.expires_at',
    ),
    deleteCurrent: prepare('DELETE FROM kv_current WHERE key = ?'),
    setMeta: prepare('UPDATE kts_meta SET value = ? WHERE name = ?'),
    compactSuperseded: prepare(
      'DELETE FROM kv_log WHERE revision IN (SELECT prev_revision FROM kv_log WHERE revision > ? AND revision <= ? AND prev_revision > 0)',
    ),
    compactDeletes: prepare(`DELETE FROM kv_log WHERE revision > ? AND revision <= ? AND kind = ${RowKind.Delete}`),
  };
}

function toRow(r: RowRecord | undefined): LogRow | undefined {
  if (!r) return undefined;
  return {
    revision: r.revision,
    key: r.key,
    kind: r.kind as RowKind,
    createRevision: r.create_revision,
    prevRevision: r.prev_revision,
    expiresAt: r.expires_at,
    value: r.value === null ? null : new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength),
  };
}
