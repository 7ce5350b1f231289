import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { errorMessage, InternalError, ServiceUnavailableError } from '../../../util/errors.js';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema.js';

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Opens (creating if needed) the kts database at `path` for this process alone:
 * 1. refuses a file that is not a SQLite database, before SQLite touches it;
 * 2. takes SQLite's exclusive lock (locking_mode=EXCLUSIVE), so a second process is refused;
 * 3. switches to WAL with synchronous=FULL: a committed transaction is on disk when commit returns;
 * 4. refuses a SQLite database that is not a kts store or is from a newer kts; creates the schema.
 * Every failure is an error whose message says what is wrong with which file and what to do.
 */
export function openSqliteDatabase(path: string): Database {
  checkHeader(path);
  mkdirSync(dirname(path), { recursive: true });
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(path);
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('temp_store = MEMORY');
    // Takes the exclusive lock now (WAL + exclusive mode locks on first access).
    db.prepare('BEGIN IMMEDIATE').run();
    db.prepare('COMMIT').run();
    checkIsKtsStore(db, path);
    db.exec(SCHEMA_SQL);
    return db;
  } catch (err) {
    db?.close();
    throw describeOpenError(err, path);
  }
}

function checkHeader(path: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return; // Does not exist yet: SQLite creates it.
  }
  if (size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new InternalError(
      `${path} is not a SQLite database, so kts cannot use it as its store; move the file away or point --datastore-endpoint elsewhere`,
    );
  }
}

function checkIsKtsStore(db: Database, path: string): void {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
  if (tables.length === 0) return;
  if (!tables.includes('kts_meta')) {
    throw new InternalError(
      `${path} is a SQLite database but not a kts store (it has tables ${tables.slice(0, 5).join(', ')}); point --datastore-endpoint at a new file`,
    );
  }
  const row = db.prepare("SELECT value FROM kts_meta WHERE name = 'schema_version'").get() as { value: number } | undefined;
  if (row && row.value > SCHEMA_VERSION) {
    throw new InternalError(`${path} was written by a newer kts (store schema ${row.value}, this kts knows ${SCHEMA_VERSION}); upgrade kts`);
  }
}

function describeOpenError(err: unknown, path: string): Error {
  if (err instanceof InternalError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new ServiceUnavailableError(`${path} is in use by another process (another kts server?); stop it first`, { cause: err });
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new InternalError(
      `${path} is corrupt (${errorMessage(err)}); restore it from a backup or move it away to start an empty store`,
      { cause: err },
    );
  }
  return new InternalError(`cannot open the SQLite store ${path}: ${errorMessage(err)}`, { cause: err });
}
