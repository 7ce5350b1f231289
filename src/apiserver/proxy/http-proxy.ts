/**
 * Proxying one plain (non-upgrade) HTTP request to a backend: a kubelet or a pod (model: the
 * reverse-proxy half of apimachinery's UpgradeAwareHandler and the apiserver's LocationStreamer).
 *
 * Contract: the request body is streamed to the backend and the answer streamed back chunk by
 * chunk as it arrives, never buffered (a followed log stays open as long as the backend keeps
 * it open). If the client goes away first, the backend request is aborted. A backend that
 * cannot be reached is a 503 thrown before anything is written; a failure after the answer began
 * cuts the client's connection (the status line is gone by then).
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { StatusError, type StatusReason } from '../../util/errors.js';
import { unreachable } from './reach-error.js';

/** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1), plus the client's credentials. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/**
 * The client's headers for the backend: hop-by-hop headers and those the client's `Connection`
 * names are dropped, and so is `Authorization` (as upstream's authentication filter removes it:
 * the client's credentials are for the API server, never for the node). `Host` names the backend.
 */
export function forwardHeaders(headers: IncomingHttpHeaders, target: URL, keep: readonly string[] = []): OutgoingHttpHeaders {
  const named = new Set(String(headers.connection ?? '').toLowerCase().split(',').map((s) => s.trim()).filter((s) => s !== ''));
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'host' || name === 'authorization') continue;
    if (!keep.includes(name) && (HOP_BY_HOP.has(name) || named.has(name))) continue;
    out[name] = value;
  }
  out['host'] = target.host;
  return out;
}

function responseHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(String(headers.connection ?? '').toLowerCase().split(',').map((s) => s.trim()));
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)) out[name] = value;
  }
  return out;
}

export interface ProxyOptions {
  /**
   * How the backend's answer reaches the client. `transparent` (pods/proxy, nodes/proxy): status,
   * headers and body as the backend sent them. `stream` (pods/log, upstream's LocationStreamer):
   * a 2xx body is sent as 200 with `contentType`; any other answer becomes a Status error whose
   * message is the backend's body (e.g. the kubelet's "previous terminated container … not found").
   */
  mode: 'transparent' | 'stream';
  contentType?: string;
}

/** Largest backend error body read into a Status message (upstream's maxReadLength). */
const MAX_ERROR_BODY = 50_000;

/** Proxies `req` to `target` (method, body and headers of the client); resolves when the answer is complete or the client left. */
export function proxyHttp(req: IncomingMessage, res: ServerResponse, target: URL, options: ProxyOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    // Backends are reached by address; pods serve self-signed certificates (upstream's proxy
    // transport does not verify them either). kts's kubelets serve plain HTTP until the TLS work.
    const backend = send(target, { method: req.method ?? 'GET', headers: forwardHeaders(req.headers, target), agent: false, rejectUnauthorized: false });
    let answered = false;
    const clientGone = (): void => {
      if (!res.writableFinished) backend.destroy();
      resolve();
    };
    res.once('close', clientGone);
    backend.on('error', (err) => {
      res.off('close', clientGone);
      if (!answered) reject(unreachable(err, target));
      else {
        res.destroy();
        resolve();
      }
    });
    backend.once('response', (answer) => {
      answered = true;
      answer.on('error', () => res.destroy());
      const ok = answer.statusCode !== undefined && answer.statusCode >= 200 && answer.statusCode <= 206;
      if (options.mode === 'stream' && !ok) {
        res.off('close', clientGone);
        void readLimited(answer).then((body) => reject(backendError(answer.statusCode ?? 500, body)), reject);
        return;
      }
      if (options.mode === 'stream') res.writeHead(200, { 'Content-Type': options.contentType ?? 'text/plain' });
      else res.writeHead(answer.statusCode ?? 502, responseHeaders(answer.headers));
      // Each chunk is written as it comes (chunked encoding): nothing waits for the end.
      res.flushHeaders();
      answer.pipe(res);
    });
    req.pipe(backend);
  });
}

async function readLimited(answer: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer as AsyncIterable<Buffer>) {
    if (size < MAX_ERROR_BODY) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY).toString('utf8');
}

const REASONS: Readonly<Record<number, StatusReason>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** upstream GenericHttpResponseChecker: the backend's error answer as a Status with its text. */
export function backendError(code: number, body: string): StatusError {
  const text = body.trim();
  if (code === 500) return new StatusError('InternalError', 500, `Internal error occurred: ${text}`);
  const message = text !== '' ? text : `the server responded with the status code ${code} but did not return more information`;
  return new StatusError(REASONS[code] ?? 'InternalError', code, message);
}
