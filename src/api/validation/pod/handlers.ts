/** Probes and lifecycle hooks: upstream validateProbe, validateHandler and their actions (v1.32). */
import { childPath, forbidden, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import type { HandlerLike, ProbeLike } from './shapes.js';
import { isValidPortName, isValidPortNum, validateNonnegative } from './syntax.js';

const HANDLER_TYPES = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;

/** upstream ValidatePortNumOrName (an IntOrString port). */
export function validatePortNumOrName(port: number | string | undefined, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((msg) => invalid(path, port, msg));
  return isValidPortNum(port ?? 0).map((msg) => invalid(path, port ?? 0, msg));
}

/**
 * Exactly one action, each checked: `sleep` only where `allowSleep` (lifecycle hooks), bounded by
 * the pod's terminationGracePeriodSeconds.
 */
export function validateHandler(handler: HandlerLike, gracePeriod: number | undefined, allowSleep: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let count = 0;
  for (const type of HANDLER_TYPES) {
    if (handler[type] === undefined || (type === 'sleep' && !allowSleep)) continue;
    const at = childPath(path, type);
    if (count > 0) {
      errors.push(forbidden(at, 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    errors.push(...validateAction(handler, type, gracePeriod, at));
  }
  if (count === 0) errors.push(required(path, 'must specify a handler type'));
  return errors;
}

function validateAction(handler: HandlerLike, type: (typeof HANDLER_TYPES)[number], gracePeriod: number | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  switch (type) {
    case 'exec':
      if ((handler.exec?.command ?? []).length === 0) errors.push(required(childPath(path, 'command'), ''));
      break;
    case 'httpGet': {
      const get = handler.httpGet ?? {};
      if (!get.path) errors.push(required(childPath(path, 'path'), ''));
      errors.push(...validatePortNumOrName(get.port, childPath(path, 'port')));
      if (!['HTTP', 'HTTPS'].includes(get.scheme ?? '')) errors.push(notSupported(childPath(path, 'scheme'), get.scheme ?? '', ['HTTP', 'HTTPS']));
      for (const header of (get.httpHeaders ?? []).map((h) => h ?? {})) {
        if (!/^[-A-Za-z0-9]+$/.test(header.name ?? '')) {
          errors.push(invalid(childPath(path, 'httpHeaders'), header.name ?? '', "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"));
        }
      }
      break;
    }
    case 'tcpSocket':
      errors.push(...validatePortNumOrName(handler.tcpSocket?.port, childPath(path, 'port')));
      break;
    case 'grpc': {
      const port = handler.grpc?.port ?? 0;
      errors.push(...isValidPortNum(port).map((msg) => invalid(childPath(path, 'port'), port, msg)));
      break;
    }
    case 'sleep': {
      const seconds = handler.sleep?.seconds ?? 0;
      const grace = gracePeriod ?? 30;
      if (seconds <= 0 || seconds > grace) errors.push(invalid(path, seconds, `must be greater than 0 and less than terminationGracePeriodSeconds (${grace})`));
      break;
    }
  }
  return errors;
}

export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** upstream validateLivenessProbe / validateReadinessProbe / validateStartupProbe. */
export function validateProbe(probe: ProbeLike | undefined, kind: ProbeKind, gracePeriod: number | undefined, path: string): FieldError[] {
  if (!probe) return [];
  const errors = validateHandler(probe, gracePeriod, false, path);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    errors.push(...validateNonnegative(probe[field], childPath(path, field)));
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (grace !== undefined && grace <= 0) errors.push(invalid(childPath(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'));
  if (kind === 'readinessProbe') {
    if (grace !== undefined) errors.push(invalid(childPath(path, 'terminationGracePeriodSeconds'), grace, 'must not be set for readinessProbes'));
  } else if (probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    errors.push(invalid(childPath(path, 'successThreshold'), probe.successThreshold, 'must be 1'));
  }
  return errors;
}
