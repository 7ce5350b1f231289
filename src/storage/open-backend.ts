import { BadRequestError } from '../util/errors.js';
import type { Backend } from './backend.js';
import type { DriverOptions, OpenBackend } from './driver.js';

/**
 * Drivers by URL scheme (model: kine's endpoint registry). Each is imported only when used, so a
 * server on SQLite never loads the etcd client.
 */
const DRIVERS: Record<string, () => Promise<{ open: OpenBackend }>> = {
  memory: () => import('./drivers/memory/index.js'),
  sqlite: () => import('./drivers/sqlite/index.js'),
  etcd: () => import('./drivers/etcd/index.js'),
};

export const SUPPORTED_SCHEMES = Object.keys(DRIVERS);

/** Opens the store named by a `--datastore-endpoint` such as `sqlite://kts-data/state.db`. */
export async function openBackend(endpoint: string, options: DriverOptions): Promise<Backend> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(endpoint)?.[1];
  const load = scheme === undefined ? undefined : DRIVERS[scheme];
  if (!load) {
    throw new BadRequestError(
      `unsupported datastore endpoint ${JSON.stringify(endpoint)}: use one of ${SUPPORTED_SCHEMES.map((s) => `${s}://`).join(', ')}`,
    );
  }
  const driver = await load();
  return driver.open(endpoint, options);
}
