import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Backend } from '../storage/backend.js';
import { MethodNotAllowedError, NotFoundError, ServiceUnavailableError, StatusError, errorMessage } from '../util/errors.js';
import type { Disposable } from '../util/lifecycle.js';
import type { Logger } from '../util/logging.js';
import { runHealthChecks, type HealthCheck } from './http/health.js';
import { writeJSON, writeStatus } from './http/status.js';
import { versionInfo } from './version-info.js';

export interface ApiServerConfig {
  bindAddress: string;
  port: number;
  backend: Backend;
  logger: Logger;
}

/** How long the store may take to answer the `etcd` health check. */
const STORE_CHECK_TIMEOUT_MS = 2000;

/**
 * The Kubernetes API over HTTP. So far it serves the non-resource endpoints (`/version`,
 * `/healthz`, `/livez`, `/readyz`) and answers everything else with a 404 `Status`; resources
 * arrive with the registry.
 *
 * Lifecycle: `start` resolves once listening. `dispose` first makes `/readyz` fail (so load
 * balancers stop sending), then stops accepting connections and closes open ones (watches
 * included).
 */
export class ApiServer implements Disposable {
  private shuttingDown = false;
  private readonly livez: HealthCheck[];
  private readonly readyz: HealthCheck[];

  private constructor(
    private readonly server: Server,
    private readonly config: ApiServerConfig,
  ) {
    const ping: HealthCheck = { name: 'ping', check: async () => undefined };
    // Named `etcd` like upstream's check (k3s does the same over kine), whatever the store is.
    const store: HealthCheck = { name: 'etcd', check: () => withTimeout(config.backend.currentRevision(), STORE_CHECK_TIMEOUT_MS) };
    const shutdown: HealthCheck = {
      name: 'shutdown',
      check: async () => {
        if (this.shuttingDown) throw new Error('the server is shutting down');
      },
    };
    this.livez = [ping, store];
    this.readyz = [ping, store, shutdown];
  }

  static async start(config: ApiServerConfig): Promise<ApiServer> {
    const server = createServer();
    const api = new ApiServer(server, config);
    server.on('request', (req, res) => void api.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, config)));
      server.listen(config.port, config.bindAddress, () => resolve());
    });
    return api;
  }

  /** The base URL clients use (the bound port, which differs from the configured one for port 0). */
  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }

  async dispose(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://kts');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new MethodNotAllowedError('the server does not allow this method on the requested resource');
      }
      const path = url.pathname.replace(/\/+$/, '') || '/';
      if (path === '/version') {
        writeJSON(res, 200, versionInfo());
        return;
      }
      const health = /^\/(healthz|livez|readyz)(?:\/([^/]+))?$/.exec(path);
      if (health) {
        const endpoint = health[1]!;
        const checks = endpoint === 'readyz' ? this.readyz : this.livez;
        const report = await runHealthChecks(endpoint, checks, health[2], url.searchParams.has('verbose'));
        for (const failure of report.failures) this.config.logger.warn(failure, `${endpoint} check failed`);
        res.writeHead(report.code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
        res.end(report.body);
        return;
      }
      throw new NotFoundError('the server could not find the requested resource');
    } catch (err) {
      if (!(err instanceof StatusError)) this.config.logger.error({ err: errorMessage(err), url: req.url }, 'request failed');
      if (!res.headersSent) writeStatus(res, err);
      else res.destroy();
    }
  }
}

function listenError(err: NodeJS.ErrnoException, config: ApiServerConfig): Error {
  const where = `${config.bindAddress}:${config.port}`;
  if (err.code === 'EADDRINUSE') return new ServiceUnavailableError(`cannot serve the API on ${where}: the port is in use; stop what holds it or choose another --port`);
  if (err.code === 'EADDRNOTAVAIL') return new ServiceUnavailableError(`cannot serve the API on ${where}: no such address on this machine; choose another --bind-address`);
  if (err.code === 'EACCES') return new ServiceUnavailableError(`cannot serve the API on ${where}: permission denied (ports below 1024 need root)`);
  return new ServiceUnavailableError(`cannot serve the API on ${where}: ${err.message}`);
}

async function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
