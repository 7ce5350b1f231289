/**
 * Errors that carry a Kubernetes `Status` (reason + HTTP code), so every layer can throw them and
 * the API server can answer with the right `Status` object unchanged. Invariant violations are
 * `BugError`: they mean kts itself is wrong, never the user's input.
 */

/** The `reason` values of metav1.StatusReason that kts uses. */
export type StatusReason =
  | 'BadRequest'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Forbidden'
  | 'Unauthorized'
  | 'Expired'
  | 'Gone'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'InternalError';

/** metav1.StatusDetails: what the failure is about, and field-level causes (for 422 Invalid). */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { reason: string; message: string; field?: string }[];
  retryAfterSeconds?: number;
}

export class StatusError extends Error {
  constructor(
    readonly reason: StatusReason,
    readonly code: number,
    message: string,
    options?: { cause?: unknown; details?: StatusDetails },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.details = options?.details;
  }

  readonly details: StatusDetails | undefined;
}

export class BadRequestError extends StatusError {
  constructor(message: string) {
    super('BadRequest', 400, message);
  }
}

export class NotFoundError extends StatusError {
  constructor(message: string) {
    super('NotFound', 404, message);
  }
}

export class AlreadyExistsError extends StatusError {
  constructor(message: string) {
    super('AlreadyExists', 409, message);
  }
}

export class ConflictError extends StatusError {
  constructor(message: string) {
    super('Conflict', 409, message);
  }
}

/** A resource version that is no longer available (etcd "compacted"; HTTP 410). */
export class ExpiredError extends StatusError {
  constructor(message: string) {
    super('Expired', 410, message);
  }
}

export class MethodNotAllowedError extends StatusError {
  constructor(message: string) {
    super('MethodNotAllowed', 405, message);
  }
}

export class UnsupportedMediaTypeError extends StatusError {
  constructor(message: string) {
    super('UnsupportedMediaType', 415, message);
  }
}

export class RequestEntityTooLargeError extends StatusError {
  constructor(message: string) {
    super('RequestEntityTooLarge', 413, message);
  }
}

export class ServiceUnavailableError extends StatusError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ServiceUnavailable', 503, message, options);
  }
}

export class InternalError extends StatusError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('InternalError', 500, message, options);
  }
}

/** An invariant of kts itself was broken. Never caused by user input. */
export class BugError extends Error {
  constructor(message: string) {
    super(`BUG: ${message}`);
    this.name = 'BugError';
  }
}

/** The message of anything thrown, for logs and user-facing errors. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Whether `err` is a NotFound API error, from this process or decoded from a server's Status (apimachinery IsNotFound). */
export function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'NotFound';
}
