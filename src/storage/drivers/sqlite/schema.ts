/**
 * The SQLite layout of a kts store (version 1).
 *
 * kv_log      one row per write, keyed by revision (kine's `kine` table, without duplicated values:
 *             a row's previous value is found through prev_revision).
 * kv_current  the latest row of every live key, so current reads and lists never scan history.
 * kts_meta    the current revision (kept here because compaction may delete the newest log row),
 *             the compact revision and the schema version.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS kts_meta (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv_log (
  revision INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  kind INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  expires_at INTEGER,
  value BLOB
);
CREATE INDEX IF NOT EXISTS kv_log_key_revision ON kv_log (key, revision);
CREATE TABLE IF NOT EXISTS kv_current (
  key TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_current_expiry ON kv_current (expires_at) WHERE expires_at IS NOT NULL;
INSERT OR IGNORE INTO kts_meta (name, value) VALUES ('schema_version', ${SCHEMA_VERSION}), ('revision', 0), ('compact_revision', 0);
`;
