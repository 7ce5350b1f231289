/**
 * Go's wording of network errors (net.OpError, net/http), so probe output and hook messages read
 * as upstream's: `dial tcp 127.0.0.1:81: connect: connection refused`. Node reports the same
 * conditions with errno codes; this maps the ones a probe meets and keeps Node's text otherwise.
 */
import { joinHostPort } from '../go-format.js';

interface NodeNetError extends Error {
  code?: string;
  syscall?: string;
}

const CONNECT_ERRNO: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  EADDRNOTAVAIL: 'cannot assign requested address',
  ETIMEDOUT: 'connection timed out',
  EACCES: 'permission denied',
};

/** Where a connection attempt went, for the message. */
export interface DialTarget {
  host: string;
  port: number;
}

/** The text of a failed dial (`dial tcp <addr>: connect: <reason>`), or undefined if `err` is no dial error. */
export function dialErrorText(err: unknown, target: DialTarget): string | undefined {
  const e = err as NodeNetError;
  const addr = joinHostPort(target.host, target.port);
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return `dial tcp: lookup ${target.host}: no such host`;
  if (e?.syscall === 'connect' && e.code && CONNECT_ERRNO[e.code]) return `dial tcp ${addr}: connect: ${CONNECT_ERRNO[e.code]}`;
  return undefined;
}

/** `dial tcp <addr>: i/o timeout` (a dial that ran out of time). */
export function dialTimeoutText(target: DialTarget): string {
  return `dial tcp ${joinHostPort(target.host, target.port)}: i/o timeout`;
}

/** Local and remote ends of an established connection, for read errors. */
export interface ConnectionEnds {
  local?: string;
  remote: string;
}

/**
 * The text Go's http.Client gives for `err` (without the `Get "<url>": ` prefix): dial errors,
 * a connection closed before the response (`EOF`), a reset, a plain-HTTP answer to HTTPS.
 */
export function httpErrorText(err: unknown, target: DialTarget, ends?: ConnectionEnds): string {
  const dial = dialErrorText(err, target);
  if (dial) return dial;
  const e = err as NodeNetError;
  if (e?.message === 'socket hang up') return 'EOF';
  if (e?.code === 'ECONNRESET') {
    const conn = ends?.local ? `${ends.local}->${ends.remote}` : ends?.remote ?? joinHostPort(target.host, target.port);
    return `read tcp ${conn}: read: connection reset by peer`;
  }
  if (e?.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || e?.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || /wrong version number|packet length too long/.test(e?.message ?? '')) {
    return 'http: server gave HTTP response to HTTPS client';
  }
  if (e?.code === 'HPE_INVALID_CONSTANT' || e?.code?.startsWith('HPE_')) return `net/http: HTTP/1.x transport connection broken: ${e.message}`;
  return e instanceof Error ? e.message : String(err);
}

/** Whether `text` is the error of an HTTPS request a plain HTTP server answered. */
export function isHttpResponseToHttpsText(text: string): boolean {
  return text.endsWith('http: server gave HTTP response to HTTPS client');
}
