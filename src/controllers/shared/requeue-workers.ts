/**
 * Workers for the garbage collector's queues (model: upstream's processAttemptToDeleteWorker):
 * unlike the common runWorkers, a sync here may ask for a quiet requeue with backoff (an item not
 * yet observed, an owner kind not yet served) without it being an error to log.
 *
 * Contracts: `n` workers take keys until the queue shuts down (aborting `signal` shuts it down);
 * 'forget' resets the key's backoff, 'requeue' re-adds it rate-limited; a throw is logged and
 * requeued. Resolves when every worker has returned.
 */
import type { RateLimitingQueue } from '../../client/workqueue/index.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';

export type WorkResult = 'forget' | 'requeue';

export async function runRequeueWorkers<K>(
  queue: RateLimitingQueue<K>,
  n: number,
  process: (key: K) => Promise<WorkResult>,
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  const stop = () => queue.shutDown();
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  const worker = async (): Promise<void> => {
    while (!signal.aborted) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        if (signal.aborted) return;
        let result: WorkResult;
        try {
          result = await process(key);
        } catch (err) {
          logger.warn({ key, err: errorMessage(err) }, 'sync failed; requeuing with backoff');
          result = 'requeue';
        }
        if (result === 'forget') queue.forget(key);
        else if (!signal.aborted) queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, n) }, worker));
  } finally {
    signal.removeEventListener('abort', stop);
  }
}
