import { StatusError, type StatusDetails, type StatusReason } from '../../util/errors.js';

const KNOWN_REASONS = new Set<string>([
  'BadRequest', 'NotFound', 'AlreadyExists', 'Conflict', 'Invalid', 'Forbidden', 'Unauthorized', 'Expired',
  'Gone', 'MethodNotAllowed', 'UnsupportedMediaType', 'NotAcceptable', 'RequestEntityTooLarge',
  'TooManyRequests', 'ServiceUnavailable', 'Timeout', 'InternalError',
] satisfies StatusReason[]);

/** The reason client-go assumes for a bare HTTP code (apimachinery errors.NewGenericServerResponse). */
export function reasonForCode(code: number): StatusReason {
  switch (code) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 405: return 'MethodNotAllowed';
    case 406: return 'NotAcceptable';
    case 409: return 'Conflict';
    case 410: return 'Gone';
    case 413: return 'RequestEntityTooLarge';
    case 415: return 'UnsupportedMediaType';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    case 503: return 'ServiceUnavailable';
    case 504: return 'Timeout';
    default: return 'InternalError';
  }
}

interface StatusBody {
  kind?: unknown;
  status?: unknown;
  message?: unknown;
  reason?: unknown;
  code?: unknown;
  details?: unknown;
}

/**
 * The error for a non-2xx answer: the server's `Status` (reason, code, message, details) when the
 * body is one, otherwise a generic error for the HTTP code with the body's start as message.
 * `retryAfterSeconds` (from the Retry-After header) fills in details when the Status lacks it.
 */
export function statusErrorFromResponse(httpCode: number, body: string, retryAfterSeconds?: number): StatusError {
  const status = parseStatus(body);
  if (status) return statusErrorFromStatus(status, httpCode, retryAfterSeconds);
  const text = body.trim().slice(0, 500);
  const reason = reasonForCode(httpCode);
  const details: StatusDetails | undefined = retryAfterSeconds !== undefined ? { retryAfterSeconds } : undefined;
  const message = text === '' ? `the server responded with HTTP ${httpCode}` : `the server responded with HTTP ${httpCode}: ${text}`;
  return new StatusError(reason, httpCode, message, details ? { details } : undefined);
}

/** The error a `Status` object stands for (also used for ERROR events in a watch). */
export function statusErrorFromStatus(status: object, fallbackCode = 500, retryAfterSeconds?: number): StatusError {
  const s = status as StatusBody;
  const code = typeof s.code === 'number' && s.code > 0 ? s.code : fallbackCode;
  const reason = typeof s.reason === 'string' && KNOWN_REASONS.has(s.reason) ? (s.reason as StatusReason) : reasonForCode(code);
  const message = typeof s.message === 'string' && s.message !== '' ? s.message : `the server responded with HTTP ${code}`;
  let details = typeof s.details === 'object' && s.details !== null ? ({ ...s.details } as StatusDetails) : undefined;
  if (retryAfterSeconds !== undefined && details?.retryAfterSeconds === undefined) {
    details = { ...details, retryAfterSeconds };
  }
  return new StatusError(reason, code, message, details ? { details } : undefined);
}

function parseStatus(body: string): StatusBody | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null && (parsed as StatusBody).kind === 'Status') return parsed as StatusBody;
  } catch {
    // not JSON: a proxy's or a crashed server's answer
  }
  return undefined;
}

/** Retry-After in seconds (integer form only, as the API server sends it); undefined if absent. */
export function parseRetryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
