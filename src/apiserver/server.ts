import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Backend } from '../storage/backend.js';
import { BugError, MethodNotAllowedError, NotFoundError, ServiceUnavailableError, StatusError, errorMessage } from '../util/errors.js';
import type { Disposable } from '../util/lifecycle.js';
import type { Logger } from '../util/logging.js';
import { ResourceHandler } from './handlers/resource-handler.js';
import { ServedResource } from './handlers/served-resource.js';
import { runHealthChecks, type HealthCheck } from './http/health.js';
import { requestInfo } from './http/request-info.js';
import { NonResourceDocuments } from './non-resource.js';
import type { KubeObject } from './registry/generic/object.js';
import type { ComputedResource, Resource, ReviewResource } from './registry/resource.js';
import { ComputedHandler } from './handlers/computed-handler.js';
import { ReviewHandler } from './handlers/review-handler.js';
import { ApiServerMetrics } from './metrics.js';
import { InstrumentedBackend } from './instrumented-backend.js';
import { writeJSON, writeStatus } from './http/status.js';
import { versionInfo } from './version-info.js';
import type { UpgradeConnection } from './registry/connector.js';
import type { TokenIssuer } from './serviceaccount/token-issuer.js';
import { serveIssuerDiscovery } from './serviceaccount/issuer-discovery.js';

export interface ApiServerConfig {
  bindAddress: string;
  port: number;
  backend: Backend;
  logger: Logger;
  /** The stored resources to serve (see registry/resources.ts). */
  resources: readonly Resource[];
  /** The create-only review resources to serve. */
  reviews: readonly ReviewResource[];
  /** The computed read-only resources to serve (componentstatuses). */
  computed?: readonly ComputedResource[];
  /** Objects created at startup when missing (system namespaces, priority classes…). */
  bootstrap: readonly BootstrapObject[];
  /**
   * Signs ServiceAccount tokens (serviceaccounts/token) and publishes its key through OIDC
   * discovery (`/.well-known/openid-configuration`, `/openid/v1/jwks`). Without it, TokenRequests
   * fail with a clear 500 and the discovery paths are 404s.
   */
  serviceAccountTokenIssuer?: TokenIssuer;
}

/** An object created at startup when missing; a function builds it from facts about this server. */
export interface BootstrapObject {
  resource: Resource;
  object: KubeObject | ((server: { port: number }) => KubeObject);
}

/** How long the store may take to answer the `etcd` health check. */
const STORE_CHECK_TIMEOUT_MS = 2000;

/**
 * The Kubernetes API over HTTP: `/version`, health endpoints, discovery, OpenAPI v3 and the
 * registered resources (through one ResourceHandler over their stores and watch caches).
 *
 * Lifecycle: `start` resolves once the watch caches are loaded, the system namespaces exist and
 * the server listens. `dispose` first makes `/readyz` fail (so load balancers stop sending), then
 * stops accepting connections, closes open ones (watches included) and the caches.
 */
export class ApiServer implements Disposable {
  private shuttingDown = false;
  private readonly livez: HealthCheck[];
  private readonly readyz: HealthCheck[];

  private readonly served: ServedResource[];
  private readonly resourceHandler: ResourceHandler;
  private readonly documents: NonResourceDocuments;
  private readonly reviewHandler: ReviewHandler;
  private readonly computedHandler: ComputedHandler;
  private readonly metrics = new ApiServerMetrics();
  /** Connections handed over by upgrade requests: the HTTP server no longer tracks them, so dispose destroys them. */
  private readonly upgraded = new Set<Duplex>();

  private constructor(
    private readonly server: Server,
    private readonly config: ApiServerConfig,
  ) {
    // Every store call of the server goes through one timing wrapper (etcd_request_duration_seconds).
    const backend = new InstrumentedBackend(config.backend, this.metrics, config.resources);
    this.served = config.resources.map((r) => new ServedResource(r, backend, config.logger));
    const namespaceResource = this.served.find((s) => s.resource.definition.resource === 'namespaces' && s.resource.definition.group === '');
    if (!namespaceResource) throw new BugError('the namespaces resource must be served');
    this.resourceHandler = new ResourceHandler(this.served, namespaceResource, config.serviceAccountTokenIssuer ? { tokenIssuer: config.serviceAccountTokenIssuer } : {});
    this.reviewHandler = new ReviewHandler(config.reviews);
    this.computedHandler = new ComputedHandler(config.computed ?? [], config.backend);
    this.documents = new NonResourceDocuments([...config.resources, ...config.reviews, ...(config.computed ?? [])]);
    const ping: HealthCheck = { name: 'ping', check: async () => undefined };
    // Named `etcd` like upstream's check (k3s does the same over kine), whatever the store is.
    const store: HealthCheck = { name: 'etcd', check: () => withTimeout(backend.currentRevision(), STORE_CHECK_TIMEOUT_MS) };
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
    try {
      await Promise.all(api.served.map((s) => s.cache.waitUntilReady()));
      await api.rebuildHookState();
      await api.createBootstrapObjects();
    } catch (err) {
      await api.dispose();
      throw err;
    }
    server.on('request', (req, res) => void api.handle(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => api.handleUpgrade(req, socket, head));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, config)));
        server.listen(config.port, config.bindAddress, () => resolve());
      });
    } catch (err) {
      await api.dispose();
      throw err;
    }
    return api;
  }

  /** Rebuilds the stores' hook state (allocations…) from what is stored, before anything is written or served. */
  private async rebuildHookState(): Promise<void> {
    for (const served of this.served) {
      if (!served.hooks.rebuild) continue;
      const { items } = await served.cache.list({ kind: 'latest' }, () => true, served.resource.prefix);
      for (const problem of served.hooks.rebuild(items.map((i) => i.object))) {
        this.config.logger.warn({ resource: served.resource.definition.resource }, problem);
      }
    }
  }

  /** Creates the bootstrap objects that do not exist yet (existing ones are left as they are). */
  private async createBootstrapObjects(): Promise<void> {
    for (const { resource, object: template } of this.config.bootstrap) {
      const object = typeof template === 'function' ? template({ port: this.config.port }) : template;
      const served = this.served.find((s) => s.resource === resource);
      if (!served) throw new BugError(`bootstrap object for unserved resource ${resource.definition.resource}`);
      const namespace = object.metadata.namespace ?? '';
      // Looked up first: a create would run the store's begin hooks (allocations) for nothing.
      const { kv } = await served.backend.get(served.store.key(namespace, object.metadata.name ?? ''));
      if (kv) continue;
      try {
        await served.store.create(namespace, object);
      } catch (err) {
        if (!(err instanceof StatusError && err.reason === 'AlreadyExists')) throw err;
      }
    }
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
    if (this.server.listening) {
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      for (const socket of this.upgraded) socket.destroy();
      await closed;
    }
    await Promise.all(this.served.map((s) => s.dispose()));
  }

  /**
   * An upgrade request (exec, attach, port-forward over WebSocket or SPDY): Node hands over the raw
   * socket. It goes through the same handling as any request, with a response written onto the
   * socket: a refusal (404 pod, 400 container, 503 kubelet…) reaches the client as an ordinary HTTP
   * answer, after which the connection closes; a connector that accepts takes the socket over.
   */
  private handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.shuttingDown) {
      socket.destroy();
      return;
    }
    this.upgraded.add(socket);
    socket.once('close', () => this.upgraded.delete(socket));
    socket.on('error', () => socket.destroy()); // a reset before any owner listens must not crash the server
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.once('finish', () => {
      res.detachSocket(socket as Socket);
      socket.end();
    });
    void this.handle(req, res, { socket, head });
  }

  private async handle(req: IncomingMessage, res: ServerResponse, upgrade?: UpgradeConnection): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://kts');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const info = requestInfo(req.method ?? 'GET', path, url.searchParams);
    const labels = info.isResourceRequest
      ? { verb: info.verb.toUpperCase(), group: info.apiGroup, version: info.apiVersion, resource: info.resource, subresource: info.subresource }
      : { verb: info.verb.toUpperCase(), group: '', version: '', resource: '', subresource: '' };
    res.once('finish', () => this.metrics.observe(labels, res.statusCode, (performance.now() - started) / 1000));
    if (info.isResourceRequest && info.verb === 'watch') {
      const scope = info.name !== '' ? 'resource' : info.namespace !== '' ? 'namespace' : 'cluster';
      res.once('close', this.metrics.longRunningStarted(labels, scope));
    }
    try {
      if (info.isResourceRequest) {
        if (this.reviewHandler.handles(info)) await this.reviewHandler.handle(req, res, info, url.searchParams);
        else if (this.computedHandler.handles(info)) await this.computedHandler.handle(req, res, info, url.searchParams);
        else await this.resourceHandler.handle(req, res, info, url.searchParams, upgrade);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new MethodNotAllowedError('the server does not allow this method on the requested resource');
      }
      if (this.documents.serve(req, res, path)) return;
      if (path === '/metrics') {
        const text = await this.metrics.text();
        res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType });
        res.end(text);
        return;
      }
      if (this.config.serviceAccountTokenIssuer && serveIssuerDiscovery(res, path, this.config.serviceAccountTokenIssuer, this.url)) return;
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
