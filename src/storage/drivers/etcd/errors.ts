import {
  ClientClosedError,
  EtcdLeaseInvalidError,
  EtcdWatchStreamEnded,
  GRPCCancelledError,
  GRPCDeadlineExceededError,
  GRPCUnavailableError,
} from 'etcd3';
import {
  InternalError,
  RequestEntityTooLargeError,
  ServiceUnavailableError,
  StatusError,
  errorMessage,
} from '../../../util/errors.js';

/**
 * Classifies what the etcd3 client throws: its typed errors (unary calls), raw gRPC status
 * errors with a numeric `code` (watch streams), and cockatiel's BrokenCircuitError (a member was
 * skipped after repeated failures). Matching etcd's messages is how etcd's own Go client does it
 * (rpctypes.ErrorDesc); the strings are stable across etcd 3.x.
 */
const COMPACTED = 'required revision has been compacted';
const FUTURE_REVISION = 'required revision is a future revision';
const TOO_LARGE = 'request is too large';

/** gRPC status codes meaning "try again later": CANCELLED, DEADLINE_EXCEEDED, UNAVAILABLE. */
const UNAVAILABLE_CODES = new Set([1, 4, 14]);

export function isCompacted(err: unknown): boolean {
  return errorMessage(err).includes(COMPACTED);
}

export function isFutureRevision(err: unknown): boolean {
  return errorMessage(err).includes(FUTURE_REVISION);
}

export function isLeaseNotFound(err: unknown): boolean {
  return err instanceof EtcdLeaseInvalidError;
}

/** Whether etcd could not be reached or did not answer in time (worth retrying later). */
export function isUnavailable(err: unknown): boolean {
  if (
    err instanceof GRPCUnavailableError ||
    err instanceof GRPCDeadlineExceededError ||
    err instanceof GRPCCancelledError ||
    err instanceof EtcdWatchStreamEnded
  ) {
    return true;
  }
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return err.name === 'BrokenCircuitError' || (typeof code === 'number' && UNAVAILABLE_CODES.has(code));
}

/**
 * Turns anything the etcd3 client threw into a `StatusError` that names the endpoint, so no raw
 * gRPC error leaves the driver. StatusErrors pass through unchanged.
 */
export function toStatusError(err: unknown, endpoints: string): StatusError {
  if (err instanceof StatusError) return err;
  if (err instanceof ClientClosedError) return new ServiceUnavailableError(`the etcd client for ${endpoints} is closed`);
  if (isUnavailable(err)) return unreachableError(endpoints, err);
  const message = errorMessage(err);
  if (message.includes(TOO_LARGE)) {
    return new RequestEntityTooLargeError(`etcd at ${endpoints} refused the request as too large (${message})`);
  }
  return new InternalError(`etcd at ${endpoints} failed: ${message}`, { cause: err });
}

export function unreachableError(endpoints: string, err: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `etcd at ${endpoints} is unreachable (${errorMessage(err)}); check that etcd is running and the datastore endpoint is right`,
    { cause: err },
  );
}
