/**
 * Writes one recorded event to a sink (model: client-go's recordToSink/recordEvent): the
 * correlator decides to skip, create, or patch a repeat; a patch answered 404 (the Event was
 * deleted or expired) creates the event anew. Errors the server answered (StatusError) are final;
 * other errors (the server unreachable) are retried up to `maxTries` writes in all, waiting a
 * random part of `retryIntervalMs` before the second write and the full interval afterwards;
 * a stopping recorder ends the retries.
 */
import { StatusError } from '../../util/errors.js';
import type { EventCorrelator } from './correlator.js';
import type { EventPatch } from './event-logger.js';
import type { EventSink } from './sink.js';
import type { CoreEvent } from './types.js';

export interface RecorderLogger {
  error(details: object, message: string): void;
  debug(details: object, message: string): void;
}

export interface SinkWriteOptions {
  /** Writes per event before giving up (upstream: 12). */
  maxTries: number;
  /** Pause between retries (upstream: 10 s). */
  retryIntervalMs: number;
  /** Waits `ms`; resolves false instead when the recorder stops, which ends the retries. */
  sleep: (ms: number) => Promise<boolean>;
  /** In [0, 1); spreads the first retry of many clients. */
  random: () => number;
  logger: RecorderLogger;
}

/** Upstream's v1.NamespaceTerminatingCause: writes into a terminating namespace are expected to fail. */
const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/** Correlates and writes `event`; resolves when it is written, dropped, or out of tries. */
export async function recordToSink(
  sink: EventSink,
  correlator: EventCorrelator,
  event: CoreEvent,
  options: SinkWriteOptions,
): Promise<void> {
  const result = correlator.correlate(event);
  if (result.skip) return;
  for (let tries = 1; ; tries++) {
    if (await writeEvent(sink, result.event, result.patch, correlator, options.logger)) return;
    if (tries >= options.maxTries) {
      options.logger.error({ event: describe(result.event) }, 'Unable to write event (retry limit exceeded!)');
      return;
    }
    const interval = tries === 1 ? options.retryIntervalMs * options.random() : options.retryIntervalMs;
    if (!(await options.sleep(interval))) {
      options.logger.error({ event: describe(result.event) }, 'Unable to write event (recorder stopped)');
      return;
    }
  }
}

/** One write; true when done (written or not worth retrying), false to retry. */
async function writeEvent(
  sink: EventSink,
  event: CoreEvent,
  patch: EventPatch | undefined,
  correlator: EventCorrelator,
  logger: RecorderLogger,
): Promise<boolean> {
  try {
    let written: CoreEvent | undefined;
    if (patch && (event.count ?? 0) > 1) {
      try {
        written = await sink.patch(event, patch);
      } catch (err) {
        if (!(err instanceof StatusError && err.code === 404)) throw err;
      }
    }
    // A new event, or a repeat whose Event no longer exists: create it (without a resourceVersion).
    if (!written) {
      const metadata = { ...event.metadata };
      delete metadata.resourceVersion;
      written = await sink.create({ ...event, metadata });
    }
    correlator.updateState(written);
    return true;
  } catch (err) {
    if (err instanceof StatusError) {
      const expected = err.reason === 'AlreadyExists'
        || (err.details?.causes ?? []).some((cause) => cause.reason === NAMESPACE_TERMINATING_CAUSE);
      if (expected) logger.debug({ event: describe(event), err: err.message }, 'Server rejected event (will not retry!)');
      else logger.error({ event: describe(event), err: err.message }, 'Server rejected event (will not retry!)');
      return true;
    }
    logger.error({ event: describe(event), err: String(err) }, 'Unable to write event (may retry after sleeping)');
    return false;
  }
}

function describe(event: CoreEvent): object {
  const o = event.involvedObject;
  return {
    name: event.metadata.name,
    namespace: event.metadata.namespace,
    involvedObject: `${o.kind ?? ''}/${o.namespace ? o.namespace + '/' : ''}${o.name ?? ''}`,
    type: event.type,
    reason: event.reason,
    message: event.message,
  };
}
