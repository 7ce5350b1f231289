import type { KeyValue, WriteOptions } from './backend.js';
import { BadRequestError, ConflictError, ExpiredError, RequestEntityTooLargeError, StatusError } from '../util/errors.js';

/** A conditional write lost: the key's `modRevision` is not the expected one. */
export class KeyConflictError extends ConflictError {
  constructor(
    readonly key: string,
    readonly expectedModRevision: number,
    /** The object as it is now. */
    readonly current: KeyValue,
  ) {
    super(
      `the object has been modified: ${key} is at revision ${current.modRevision}, not ${expectedModRevision}; read it again and retry`,
    );
  }
}

/** etcd's default request limit (--max-request-bytes), which Kubernetes objects must fit in. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;

/** Refuses values the store must not hold; every driver calls this before writing. */
export function checkValueSize(key: string, value: Uint8Array): void {
  if (value.byteLength > MAX_VALUE_BYTES) {
    throw new RequestEntityTooLargeError(
      `value for ${key} is ${value.byteLength} bytes; the store accepts at most ${MAX_VALUE_BYTES} bytes (1.5 MiB)`,
    );
  }
}


/** A read asked for a revision the store has not reached (Kubernetes: "Too large resource version"). */
export class FutureRevisionError extends StatusError {
  constructor(requested: number, current: number) {
    super('Timeout', 504, `Too large resource version: ${requested}, current: ${current}`);
  }
}

/** A read or watch asked for history that compaction removed (Kubernetes: 410 Gone, reason Expired). */
export function compactedError(requested: number, compacted: number): ExpiredError {
  return new ExpiredError(
    `too old resource version: ${requested} (${compacted}); history before revision ${compacted} has been compacted, list again to get a current revision`,
  );
}

/** An expected mod revision must name a real revision (etcd's are positive). */
export function checkExpectedRevision(revision: number): void {
  if (!Number.isSafeInteger(revision) || revision < 1) {
    throw new BadRequestError(`invalid expected revision ${revision}: must be a positive integer`);
  }
}

/** The TTL a write asks for, in seconds (undefined: none); refuses non-positive or non-finite ones. */
export function checkTtl(options: WriteOptions | undefined): number | undefined {
  const ttl = options?.ttlSeconds;
  if (ttl !== undefined && (!Number.isFinite(ttl) || ttl <= 0)) {
    throw new BadRequestError(`invalid TTL ${ttl}: must be a positive number of seconds`);
  }
  return ttl;
}
