import { ServiceUnavailableError } from '../../util/errors.js';

/**
 * The 503 for a backend (kubelet, pod) that could not be reached, worded as upstream's proxy
 * transport words it (`error trying to reach service: dial tcp 10.0.0.5:10250: connect:
 * connection refused`), with Node's socket error codes turned into Go's dial errors.
 */
export function unreachable(err: unknown, target: URL): ServiceUnavailableError {
  return new ServiceUnavailableError(`error trying to reach service: ${dialError(err, target)}`, { cause: err });
}

const GO_DIAL_TEXT: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  ETIMEDOUT: 'i/o timeout',
  ECONNRESET: 'read: connection reset by peer',
  EADDRNOTAVAIL: 'connect: cannot assign requested address',
};

function dialError(err: unknown, target: URL): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `dial tcp: lookup ${host}: no such host`;
  const text = GO_DIAL_TEXT[code];
  if (text) return `dial tcp ${address}: ${text}`;
  return err instanceof Error ? err.message : String(err);
}
