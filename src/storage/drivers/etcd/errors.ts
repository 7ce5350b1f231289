import {
  ClientClosedError,
  EtcdLeaseInvalidError,
  EtcdWatchStreamEnded,
  GRPCCancelledError,
  GRPCDeadlineExceededError,
  GRPCNotImplementedError,
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

/** grpc-js messages for calls that found no connection to send on. */
const NOT_SENT = /No connection established|Name resolution failed/;

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
  const message = reasonOf(err);
  if (err instanceof GRPCNotImplementedError) {
    return new InternalError(`${endpoints} answered, but not as an etcd v3 gRPC server (${message})`, { cause: err });
  }
  if (message.includes(TOO_LARGE)) {
    return new RequestEntityTooLargeError(`etcd at ${endpoints} refused the request as too large (${message})`);
  }
  return new InternalError(`etcd at ${endpoints} failed: ${message}`, { cause: err });
}

/** Whether a call failed for want of a working connection to a member (not a timeout). */
export function isConnectionFailure(err: unknown): boolean {
  return (err instanceof Error && err.name === 'BrokenCircuitError') || err instanceof GRPCUnavailableError;
}

/**
 * Whether a call failed before its request was sent (no connection, or the member was skipped by
 * the circuit breaker), so that even a write can safely be sent again (as etcd's Go client does).
 */
export function wasNeverSent(err: unknown): boolean {
  if (err instanceof Error && err.name === 'BrokenCircuitError') return true;
  return err instanceof GRPCUnavailableError && NOT_SENT.test(err.message);
}

function unreachableError(endpoints: string, err: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `etcd at ${endpoints} is unreachable (${reasonOf(err)}); check that etcd is running and the datastore endpoint is right`,
    { cause: err },
  );
}

/**
 * The gist of a gRPC error for a user: without the status prefix ("14 UNAVAILABLE: "), and for a
 * failed connection just the socket error ("connect ECONNREFUSED 127.0.0.1:2379").
 */
export function reasonOf(err: unknown): string {
  const message = errorMessage(err);
  const connect = /Last error: (?:Error: )?(.*?)(?:\. Resolution note:.*)?$/.exec(message);
  if (connect?.[1]) return connect[1];
  const reason = message.replace(/^\d+ [A-Z_]+: /, '');
  return reason.startsWith('Deadline exceeded') ? 'no answer before the deadline' : reason;
}
