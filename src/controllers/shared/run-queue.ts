/**
 * The run loop every queue-driven controller shares (model: a client-go controller's Run): wait
 * for the informers to sync, then run `workers` workers on `sync(key)` until `signal` aborts.
 *
 * Contracts: the queue is shut down when `signal` aborts (also while still waiting for sync);
 * resolves after every worker has stopped; a failed sync is requeued with the queue's rate limit.
 */
import type { SharedInformer } from '../../client/cache/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import { runWorkers, type RateLimitingQueue } from '../../client/workqueue/index.js';
import { isAbortError } from '../../util/lifecycle.js';
import type { Logger } from '../../util/logging.js';

export interface QueueRun<K> {
  queue: RateLimitingQueue<K>;
  /** Informers whose caches must be filled before the first sync. */
  waitFor: readonly SharedInformer<KubeObjectLike>[];
  workers: number;
  sync(key: K): Promise<void>;
  logger: Logger;
}

export async function runQueue<K>(run: QueueRun<K>, signal: AbortSignal): Promise<void> {
  const shutDown = () => run.queue.shutDown();
  signal.addEventListener('abort', shutDown, { once: true });
  try {
    await Promise.all(run.waitFor.map((informer) => informer.waitForSync(signal)));
  } catch (err) {
    if (isAbortError(err) || signal.aborted) return;
    throw err;
  } finally {
    signal.removeEventListener('abort', shutDown);
  }
  await runWorkers(run.queue, run.workers, run.sync, signal, { logger: run.logger });
}
