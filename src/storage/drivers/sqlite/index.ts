import { BadRequestError } from '../../../util/errors.js';
import type { OpenBackend } from '../../driver.js';
import { LogStructuredBackend } from '../../logstructured/backend.js';
import { openSqliteDatabase } from './open-database.js';
import { SqliteLog } from './sqlite-log.js';

const SCHEME = 'sqlite://';

/** `sqlite://<path>` — the embedded default store (relative paths are relative to the working directory). */
export const open: OpenBackend = async (endpoint) => {
  const path = endpoint.startsWith(SCHEME) ? endpoint.slice(SCHEME.length) : '';
  if (path === '') throw new BadRequestError(`invalid sqlite endpoint ${JSON.stringify(endpoint)}: use sqlite://<path to database file>`);
  return new LogStructuredBackend(new SqliteLog(openSqliteDatabase(path)));
};
