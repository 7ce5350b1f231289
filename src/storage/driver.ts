import type { Logger } from '../util/logging.js';
import type { Backend } from './backend.js';

/** What `openBackend` passes to a driver. */
export interface DriverOptions {
  logger: Logger;
  /** Aborts a connection that is still being retried (e.g. the server is shutting down). */
  signal?: AbortSignal;
}

/**
 * A storage driver module (`drivers/<scheme>/index.ts`) exports `open`. `endpoint` is the whole
 * `--datastore-endpoint` string, scheme included. `open` resolves once the store is usable, or
 * rejects with a `StatusError` whose message tells the user what to do.
 */
export type OpenBackend = (endpoint: string, options: DriverOptions) => Promise<Backend>;
