/**
 * The HTTP GET client of httpGet probes and lifecycle hooks (model: pkg/probe/http request.go and
 * http.go's transport): no keep-alive, no proxy, no compression, TLS without certificate
 * verification, redirects followed only to the same host name (at most 9, as Go's client with
 * upstream's RedirectChecker), the response body read up to 10 KiB. Errors carry Go's wording
 * (`Get "http://10.42.0.5:8080/healthz": dial tcp 10.42.0.5:8080: connect: connection refused`).
 */
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { ContainerLike, HTTPGetActionLike } from '../../api/validation/pod/shapes.js';
import { KUBERNETES_VERSION } from '../../util/version.js';
import { joinHostPort } from '../go-format.js';
import { httpErrorText } from './net-errors.js';
import { resolveContainerPort } from './ports.js';

/** Bytes of a response body kept (upstream maxRespBodyLength). */
export const MAX_RESPONSE_BODY_BYTES = 10 * 1024;
const MAX_REDIRECT_CHAIN = 10;
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/** A GET request ready to send. */
export interface HttpGetRequest {
  scheme: string;
  /** Host to dial (an IP or a name). */
  host: string;
  port: number;
  /** Request target: the escaped path and query (`/` for an empty path). */
  target: string;
  /** The URL as Go prints it in errors. */
  url: string;
  /** Header name (canonical form) → values, in the order given. `Host` overrides the Host header. */
  headers: Map<string, string[]>;
}

export interface HttpGetResponse {
  statusCode: number;
  /** At most MAX_RESPONSE_BODY_BYTES of the body. */
  body: Buffer;
  truncated: boolean;
}

/**
 * A failed GET: `message` is Go's `Get "<url>": <reason>`. `whileReadingBody` is set when the
 * response had arrived and reading its body failed (upstream reports that as a probe error).
 */
export class HttpGetError extends Error {
  constructor(
    message: string,
    readonly reason: string,
    readonly whileReadingBody = false,
  ) {
    super(message);
    this.name = 'HttpGetError';
  }
}

/** `kube-<purpose>/<major>.<minor>` (upstream's userAgent). */
export function kubeUserAgent(purpose: 'probe' | 'lifecycle'): string {
  return `kube-${purpose}/${KUBERNETES_VERSION.major}.${KUBERNETES_VERSION.minor}`;
}

/**
 * Builds the request of an httpGet action (model: NewRequestForHTTPGetAction): scheme lowercased
 * (default http), host defaulting to `podIP`, port resolved against the container's named ports,
 * the action's headers plus `User-Agent: kube-<purpose>/1.32` and `Accept: *\/*` unless given (an
 * empty Accept removes it). Throws the port error as upstream.
 */
export function newRequestForHTTPGetAction(
  action: HTTPGetActionLike,
  container: ContainerLike,
  podIP: string,
  purpose: 'probe' | 'lifecycle',
): HttpGetRequest {
  const scheme = (action.scheme ?? '').toLowerCase() || 'http';
  const host = action.host || podIP;
  const port = resolveContainerPort(action.port, container);
  const headers = new Map<string, string[]>();
  for (const h of action.httpHeaders ?? []) {
    const name = canonicalHeaderKey(h.name ?? '');
    headers.set(name, [...(headers.get(name) ?? []), h.value ?? '']);
  }
  if (!headers.has('User-Agent')) headers.set('User-Agent', [kubeUserAgent(purpose)]);
  if (!headers.has('Accept')) headers.set('Accept', ['*/*']);
  else if ((headers.get('Accept')?.[0] ?? '') === '') headers.delete('Accept');
  const { target, printed } = formatPath(action.path ?? '');
  return { scheme, host, port, target, url: `${scheme}://${joinHostPort(host, port)}${printed}`, headers };
}

/** Go's textproto.CanonicalMIMEHeaderKey: `x-custom-header` → `X-Custom-Header`. */
export function canonicalHeaderKey(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

/** The request target and Go's printed form of a spec path (escaped; query kept; fragment dropped from the target). */
function formatPath(path: string): { target: string; printed: string } {
  const hash = path.indexOf('#');
  const withoutFragment = hash >= 0 ? path.slice(0, hash) : path;
  const fragment = hash >= 0 ? path.slice(hash) : '';
  let escaped = escapePath(withoutFragment);
  if (escaped !== '' && !escaped.startsWith('/')) escaped = `/${escaped}`;
  const target = escaped === '' || escaped.startsWith('?') ? `/${escaped}` : escaped;
  return { target, printed: escaped + fragment };
}

/** Percent-encodes bytes Go would escape in a path (controls, spaces, non-ASCII, stray `%`). */
function escapePath(path: string): string {
  return path.replace(/%(?![0-9A-Fa-f]{2})|[^\x21-\x7e]/gu, (ch) =>
    [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

export interface HttpGetOptions {
  /** Deadline for the whole exchange, redirects and body included (Go's Client.Timeout); none when absent. */
  timeoutMs?: number;
  /** Cancels the exchange (`context canceled`). */
  signal?: AbortSignal;
}

/**
 * Sends the GET, following same-host redirects. Resolves with the final response (a redirect to
 * another host resolves with that 3xx response, as upstream's checker stops there); rejects with
 * an HttpGetError for every transport failure, a timeout and a too long redirect chain.
 */
export async function httpGet(request: HttpGetRequest, options: HttpGetOptions = {}): Promise<HttpGetResponse> {
  const deadline = new AbortController();
  const timer = options.timeoutMs !== undefined ? setTimeout(() => deadline.abort(), options.timeoutMs) : undefined;
  const signals = options.signal ? [deadline.signal, options.signal] : [deadline.signal];
  const signal = AbortSignal.any(signals);
  const cancelReason = (): string =>
    deadline.signal.aborted ? 'context deadline exceeded' : 'context canceled';
  try {
    const firstHost = hostnameOf(request.host);
    let hop = { scheme: request.scheme, host: request.host, port: request.port, target: request.target, url: request.url };
    let hostHeader = request.headers.get('Host')?.[0];
    for (let via = 1; ; via++) {
      if (hop.scheme !== 'http' && hop.scheme !== 'https') {
        throw new HttpGetError(`Get ${JSON.stringify(hop.url)}: unsupported protocol scheme ${JSON.stringify(hop.scheme)}`, 'unsupported protocol scheme');
      }
      const response = await sendOnce(hop, request.headers, hostHeader, signal, cancelReason);
      if (!REDIRECT_CODES.has(response.statusCode) || !response.location) return response;
      let next: URL;
      try {
        next = new URL(response.location, `${hop.scheme}://${joinHostPort(hop.host, hop.port)}${hop.target}`);
      } catch (err) {
        throw new HttpGetError(`Get ${JSON.stringify(hop.url)}: failed to parse Location header ${JSON.stringify(response.location)}: ${(err as Error).message}`, 'bad location');
      }
      const nextHost = next.hostname.replace(/^\[(.*)\]$/, '$1');
      if (hostnameOf(nextHost) !== firstHost) return response;
      if (via >= MAX_REDIRECT_CHAIN) {
        throw new HttpGetError(`Get ${JSON.stringify(response.location)}: stopped after 10 redirects`, 'stopped after 10 redirects');
      }
      const scheme = next.protocol.replace(/:$/, '');
      const port = next.port ? Number(next.port) : scheme === 'https' ? 443 : 80;
      // Go keeps an explicit Host only for a relative Location.
      if (/^[a-z][a-z0-9+.-]*:/i.test(response.location) || response.location.startsWith('//')) hostHeader = undefined;
      hop = { scheme, host: nextHost, port, target: `${next.pathname}${next.search}`, url: next.href };
    }
  } finally {
    if (timer) clearTimeout(timer);
  }
}

function hostnameOf(host: string): string {
  return host.toLowerCase();
}

interface Hop {
  scheme: string;
  host: string;
  port: number;
  target: string;
  url: string;
}

interface HopResponse extends HttpGetResponse {
  location?: string;
}

/** One request/response exchange; the socket is never reused. */
function sendOnce(
  hop: Hop,
  headers: Map<string, string[]>,
  hostHeader: string | undefined,
  signal: AbortSignal,
  cancelReason: () => string,
): Promise<HopResponse> {
  return new Promise((resolve, reject) => {
    const outgoing: Record<string, string | string[]> = {};
    for (const [name, values] of headers) if (name !== 'Host') outgoing[name] = values;
    if (hostHeader) outgoing['Host'] = hostHeader;
    const fail = (reason: string, whileReadingBody = false): void =>
      reject(new HttpGetError(`Get ${JSON.stringify(hop.url)}: ${reason}`, reason, whileReadingBody));
    if (signal.aborted) {
      fail(`${cancelReason()}${suffix(cancelReason(), false)}`);
      return;
    }
    let socket: Socket | undefined;
    let gotResponse = false;
    let req: http.ClientRequest;
    try {
      const common = { host: hop.host, port: hop.port, path: hop.target, method: 'GET', headers: outgoing, agent: false as const, signal };
      req = hop.scheme === 'https'
        ? https.request({ ...common, rejectUnauthorized: false, servername: isIP(hop.host) ? '' : hop.host })
        : http.request(common);
    } catch (err) {
      fail((err as Error).message);
      return;
    }
    req.on('socket', (s) => (socket = s));
    req.on('error', (err) => {
      if (gotResponse) return; // reported by the response's handlers
      if (signal.aborted) fail(`${cancelReason()}${suffix(cancelReason(), false)}`);
      else fail(httpErrorText(err, hop, ends(socket, hop)));
    });
    req.on('response', (res) => {
      gotResponse = true;
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        const location = res.headers.location;
        resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks), truncated, ...(location ? { location } : {}) });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = MAX_RESPONSE_BODY_BYTES - size;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(room, chunk.length);
        if (chunk.length > room) {
          truncated = true;
          finish();
        }
      });
      res.on('end', finish);
      const onBodyError = (err: Error): void => {
        if (settled) return;
        settled = true;
        if (signal.aborted) fail(`${cancelReason()}${suffix(cancelReason(), true)}`, true);
        else fail(httpErrorText(err, hop, ends(socket, hop)), true);
      };
      res.on('error', onBodyError);
      res.on('aborted', () => onBodyError(new Error('unexpected EOF')));
      res.on('close', () => {
        if (!settled && !res.complete) onBodyError(new Error('unexpected EOF'));
      });
    });
    req.end();
  });
}

/** Go's annotation of a client timeout. */
function suffix(reason: string, readingBody: boolean): string {
  if (reason !== 'context deadline exceeded') return '';
  return readingBody ? ' (Client.Timeout or context cancellation while reading body)' : ' (Client.Timeout exceeded while awaiting headers)';
}

function ends(socket: Socket | undefined, hop: Hop): { local?: string; remote: string } {
  const remote = joinHostPort(hop.host, hop.port);
  if (socket?.localAddress && socket.localPort) return { local: joinHostPort(socket.localAddress, socket.localPort), remote };
  return { remote };
}
