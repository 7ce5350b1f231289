import { errorMessage } from '../util/errors.js';
import type { Disposable } from '../util/lifecycle.js';
import type { Logger } from '../util/logging.js';
import type { Backend } from './backend.js';

/**
 * Periodic compaction, as the Kubernetes API server does for etcd (storage/etcd3/compact.go): at
 * every tick, compact to the revision seen at the previous tick, so history always covers at least
 * one interval and watchers that reconnect within it never see Expired.
 */
export function startCompactor(backend: Backend, options: { intervalMs: number; logger: Logger }): Disposable {
  let previous = 0;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      try {
        const current = await backend.currentRevision();
        if (previous > 0) {
          const started = Date.now();
          await backend.compact(previous);
          options.logger.info({ revision: previous, ms: Date.now() - started }, 'compacted store history');
        }
        previous = current;
      } catch (err) {
        options.logger.warn({ err: errorMessage(err) }, 'store compaction failed; retrying at the next interval');
      } finally {
        running = false;
      }
    })();
  }, options.intervalMs);
  return { dispose: () => clearInterval(timer) };
}
