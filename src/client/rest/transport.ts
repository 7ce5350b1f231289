import http from 'node:http';
import { Backoff, type BackoffOptions } from '../../util/backoff.js';
import type { StatusError } from '../../util/errors.js';
import { sleep } from '../../util/lifecycle.js';
import { TokenBucket } from '../flowcontrol/token-bucket.js';
import { KTS_VERSION } from '../../util/version.js';
import { parseRetryAfter, statusErrorFromResponse } from './status-error.js';

/** How to reach and talk to an API server (model: client-go's rest.Config). */
export interface RestConfig {
  /** Base URL, e.g. `http://127.0.0.1:6443`. Only `http:` for now; `https:` comes with TLS options. */
  server: string;
  /** Sent as `Authorization: Bearer …` when set (service-account and user tokens). */
  bearerToken?: string;
  /** Default `kts/<version>`. */
  userAgent?: string;
  /** Client-side rate limit (client-go defaults: 5 QPS, burst 10). `qps: Infinity` disables it. */
  qps?: number;
  burst?: number;
  /** Attempts per request, including the first (default 5). */
  maxAttempts?: number;
  /** Delays between attempts (default 100 ms doubling to 5 s); a larger Retry-After wins. */
  backoff?: BackoffOptions;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Absolute path, already escaped, e.g. `/api/v1/namespaces/default/configmaps`. */
  path: string;
  query?: URLSearchParams;
  /** JSON-serialised when present. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

/** A connection-level failure, with whether the request surely never reached the server. */
function connectionErrorIsSafeToRetry(err: NodeJS.ErrnoException, req: http.ClientRequest): boolean {
  if (err.code === 'ECONNREFUSED') return true;
  // A kept-alive socket the server closed while idle: Node reports ECONNRESET before any byte of
  // the answer, and the server never saw the request (Node's documented retry case).
  return err.code === 'ECONNRESET' && req.reusedSocket;
}

/** An answer that decides retrying: its status and how long the server asked us to wait. */
class RetryableResponse extends Error {
  constructor(
    readonly error: StatusError,
    readonly retryAfterMs: number,
  ) {
    super(error.message);
  }
}

/**
 * Sends HTTP requests to one API server: user agent, token, rate limit, keep-alive connections,
 * `Status` errors for non-2xx answers, and bounded retries. Retried: GETs after connection errors
 * or 429/503/504; every verb after "connection refused" (the request never left) and after 429
 * (API priority and fairness rejects before doing anything). Writes are never retried after a
 * reset mid-request, since the server may have applied them.
 */
export class HttpTransport {
  readonly baseUrl: URL;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly limiter: TokenBucket | undefined;
  private readonly userAgent: string;

  constructor(private readonly config: RestConfig) {
    this.baseUrl = new URL(config.server);
    if (this.baseUrl.protocol !== 'http:') throw new Error(`unsupported server URL ${config.server}: only http:// is implemented`);
    const qps = config.qps ?? 5;
    this.limiter = Number.isFinite(qps) ? new TokenBucket(qps, config.burst ?? 10) : undefined;
    this.userAgent = config.userAgent ?? `kts/${KTS_VERSION}`;
  }

  /** Sends a request and returns the parsed JSON answer (undefined for an empty body). */
  async json<T>(request: HttpRequest): Promise<T> {
    const res = await this.send(request);
    const text = await readBody(res);
    return (text.trim() === '' ? undefined : JSON.parse(text)) as T;
  }

  /** Sends a request and returns the 2xx response unread, for streams (watch); destroy it to stop. */
  stream(request: HttpRequest): Promise<http.IncomingMessage> {
    return this.send(request);
  }

  /** Closes idle kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private async send(request: HttpRequest): Promise<http.IncomingMessage> {
    const maxAttempts = this.config.maxAttempts ?? 5;
    const backoff = new Backoff(this.config.backoff ?? { initialMs: 100, maxMs: 5000 });
    for (let attempt = 1; ; attempt++) {
      await this.limiter?.wait(request.signal);
      try {
        return await this.attempt(request);
      } catch (err) {
        const last = attempt >= maxAttempts || request.signal?.aborted;
        if (err instanceof RetryableResponse) {
          if (last) throw err.error;
          await sleep(Math.max(err.retryAfterMs, backoff.nextDelay()), request.signal);
          continue;
        }
        if (last || !(err instanceof RetryableConnectionError)) throw err instanceof RetryableConnectionError ? err.cause : err;
        await sleep(backoff.nextDelay(), request.signal);
      }
    }
  }

  /** One try: resolves with a 2xx response; rejects with StatusError, RetryableResponse or RetryableConnectionError. */
  private attempt(request: HttpRequest): Promise<http.IncomingMessage> {
    const url = new URL(request.path, this.baseUrl);
    if (request.query) url.search = request.query.toString();
    const payload = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json', 'user-agent': this.userAgent };
    if (this.config.bearerToken) headers.authorization = `Bearer ${this.config.bearerToken}`;
    if (payload) {
      headers['content-type'] = request.contentType ?? 'application/json';
      headers['content-length'] = payload.length;
    }
    const idempotent = request.method === 'GET';
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method: request.method, headers, agent: this.agent, signal: request.signal }, (res) => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) {
          resolve(res);
          return;
        }
        readBody(res).then((text) => {
          const retryAfter = parseRetryAfter(res.headers['retry-after']);
          const error = statusErrorFromResponse(code, text, retryAfter);
          const retryable = code === 429 || (idempotent && (code === 503 || code === 504));
          reject(retryable ? new RetryableResponse(error, (retryAfter ?? 0) * 1000) : error);
        }, reject);
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (request.signal?.aborted) reject(err);
        else if (idempotent || connectionErrorIsSafeToRetry(err, req)) reject(new RetryableConnectionError(err));
        else reject(err);
      });
      req.end(payload);
    });
  }
}

class RetryableConnectionError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

function readBody(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}
