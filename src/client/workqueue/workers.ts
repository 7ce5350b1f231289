/**
 * The controller worker loop (model: a client-go controller's runWorker/processNextWorkItem):
 * each of `n` workers takes a key, runs `sync(key)`, forgets the key's backoff on success or
 * requeues it rate-limited on failure (logging the error), and marks it done.
 */
import { createLogger, type Logger } from '../../util/logging.js';
import type { RateLimitingQueue } from './rate-limiting-queue.js';

export interface RunWorkersOptions {
  logger?: Logger;
}

/**
 * Runs `n` workers until the queue shuts down (aborting `signal` shuts it down). Resolves when
 * every worker has returned; a sync in flight at abort finishes first. After an abort, workers
 * stop taking keys even if some are still queued.
 */
export async function runWorkers<K>(
  queue: RateLimitingQueue<K>,
  n: number,
  sync: (key: K) => Promise<void>,
  signal: AbortSignal,
  options: RunWorkersOptions = {},
): Promise<void> {
  const logger = options.logger ?? createLogger('workqueue');
  const stop = () => queue.shutDown();
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all(Array.from({ length: Math.max(1, n) }, () => worker(queue, sync, signal, logger)));
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

async function worker<K>(
  queue: RateLimitingQueue<K>,
  sync: (key: K) => Promise<void>,
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  while (!signal.aborted) {
    const key = await queue.get();
    if (key === undefined) return;
    if (signal.aborted) {
      queue.done(key);
      return;
    }
    try {
      await sync(key);
      queue.forget(key);
    } catch (err) {
      logger.warn({ key, err, requeues: queue.numRequeues(key) }, 'sync failed; requeuing with backoff');
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}
