import { abortReason } from '../../../util/lifecycle.js';
import { retryWithBackoff } from '../../../util/backoff.js';
import type { OpenBackend } from '../../driver.js';
import { EtcdBackend } from './backend.js';
import { PROBE_TIMEOUT_MS, createClient } from './client.js';
import { parseEndpoint } from './endpoint.js';
import { isUnavailable, reasonOf, toStatusError } from './errors.js';

/**
 * `etcd://host:port[,host:port…]` — the store is an external etcd 3.4+ cluster (HA: several kts
 * servers share it).
 *
 * `open` resolves once etcd answers a linearizable read. While etcd is unreachable it retries with
 * exponential backoff (200 ms doubling to 5 s), logging a warning per retry, until it answers or
 * `options.signal` aborts (then it rejects with the abort reason). Other errors (e.g. a malformed
 * endpoint, permission denied) reject at once.
 */
export const open: OpenBackend = async (endpoint, { logger, signal }) => {
  const members = parseEndpoint(endpoint);
  const endpoints = members.join(',');
  const client = createClient(members);
  const probe = (): Promise<unknown> =>
    client.kv.range({ key: Buffer.from([0]), count_only: true }, { deadline: Date.now() + PROBE_TIMEOUT_MS });
  try {
    await retryWithBackoff(() => abortable(probe(), signal), {
      initialMs: 200,
      maxMs: 5_000,
      signal,
      retryable: isUnavailable,
      onRetry: (err, _attempt, delayMs) =>
        logger.warn(
          `etcd at ${endpoints} is unreachable (${reasonOf(err)}); retrying in ${(delayMs / 1000).toFixed(1)}s`,
        ),
    });
  } catch (err) {
    client.close();
    throw signal?.aborted ? abortReason(signal) : toStatusError(err, endpoints);
  }
  logger.info(`connected to etcd at ${endpoints}`);
  return new EtcdBackend(client, members, logger);
};

/** `promise`, or the abort reason as soon as `signal` aborts (the call itself runs to its deadline). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
