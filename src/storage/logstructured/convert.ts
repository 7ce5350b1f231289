import { BugError } from '../../util/errors.js';
import type { KeyValue, WatchEvent } from '../backend.js';
import { RowKind, type LogEvent, type LogRow } from './log.js';

/** The `KeyValue` a live row stands for. */
export function rowToKeyValue(row: LogRow): KeyValue {
  if (row.value === null) throw new BugError(`row ${row.revision} of ${row.key} is a delete, not a value`);
  return { key: row.key, value: row.value, createRevision: row.createRevision, modRevision: row.revision };
}

/** The watch event a logged row stands for; update and delete rows need their prev row. */
export function logEventToWatchEvent({ row, prev }: LogEvent): WatchEvent {
  if (row.kind === RowKind.Create) return { type: 'create', revision: row.revision, kv: rowToKeyValue(row) };
  if (!prev) throw new BugError(`row ${row.revision} of ${row.key} has lost its previous row ${row.prevRevision}`);
  if (row.kind === RowKind.Update) {
    return { type: 'update', revision: row.revision, kv: rowToKeyValue(row), prev: rowToKeyValue(prev) };
  }
  return { type: 'delete', revision: row.revision, key: row.key, prev: rowToKeyValue(prev) };
}
