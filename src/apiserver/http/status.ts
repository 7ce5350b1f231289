import type { ServerResponse } from 'node:http';
import { InternalError, StatusError, errorMessage, type StatusDetails } from '../../util/errors.js';

/** The metav1.Status body Kubernetes answers failures with (kubectl prints `Error from server (<reason>): <message>`). */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** The Status for any thrown value; anything not a StatusError is an internal error. */
export function statusOf(err: unknown): StatusBody {
  const status = err instanceof StatusError ? err : new InternalError(`Internal error occurred: ${errorMessage(err)}`);
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: status.message, reason: status.reason, code: status.code };
  if (status.details) body.details = status.details;
  return body;
}

/** Writes `body` as JSON with `code` (the response must not have started). */
export function writeJSON(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function writeStatus(res: ServerResponse, err: unknown): void {
  const status = statusOf(err);
  writeJSON(res, status.code, status);
}
