import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Registry } from 'prom-client';
import type { WebSocketServer } from 'ws';
import { errorMessage } from '../../util/errors.js';
import { createLogger, type Logger } from '../../util/logging.js';
import type { KubeletServerHost } from './host.js';
import { KubeletRequestError } from './pod-lookup.js';
import { servePortForward } from './portforward/serve.js';
import { serveContainerLogs } from './routes/container-logs.js';
import { renderResourceMetrics } from './stats/resource-metrics.js';
import { buildSummary } from './stats/summary.js';
import { UsageSampler } from './stats/usage-sampler.js';
import { serveExecOrAttach } from './streaming/exec-attach.js';
import { createUpgradeServer, rejectUpgrade } from './streaming/websocket-upgrade.js';

export interface KubeletServerOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port to bind; 0 picks a free one (read `port` after `start`). */
  port: number;
}

/** A request path split into its route and parameters. */
type Route =
  | { name: 'healthz' | 'pods' | 'spec' | 'summary' | 'metrics' | 'resourceMetrics' }
  | { name: 'logs'; namespace: string; pod: string; container: string }
  | { name: 'exec' | 'attach'; namespace: string; pod: string; container: string }
  | { name: 'portForward'; namespace: string; pod: string };

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 422: 'Unprocessable Entity', 500: 'Internal Server Error' };

export function matchRoute(pathname: string): Route | undefined {
  const fixed: Record<string, Route['name']> = {
    '/healthz': 'healthz',
    '/pods': 'pods',
    '/pods/': 'pods',
    '/spec': 'spec',
    '/spec/': 'spec',
    '/stats/summary': 'summary',
    '/metrics': 'metrics',
    '/metrics/resource': 'resourceMetrics',
  };
  const name = fixed[pathname];
  if (name) return { name } as Route;
  let parts: string[];
  try {
    parts = pathname.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [head, ns, pod, container, ...rest] = parts;
  if (rest.length > 0 || !ns || !pod) return undefined;
  if (head === 'portForward' && container === undefined) return { name: 'portForward', namespace: ns, pod };
  if (!container) return undefined;
  if (head === 'containerLogs') return { name: 'logs', namespace: ns, pod, container };
  if (head === 'exec' || head === 'attach') return { name: head, namespace: ns, pod, container };
  return undefined;
}

/**
 * The kubelet's HTTP API (model: pkg/kubelet/server/server.go): health, pods, machine spec,
 * stats and metrics, container logs, and the streaming endpoints (exec, attach, port-forward),
 * which arrive as HTTP upgrades. Unknown paths answer 404 `404 page not found`; bad queries 400
 * (semantic log-option errors 422) with a plain-text reason. `stop()` closes the listener and
 * every open connection, streaming ones included.
 */
export class KubeletServer {
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sampler: UsageSampler;
  private readonly registry: Registry;
  private readonly log: Logger;
  private readonly sockets = new Set<Duplex>();
  private boundPort = 0;

  constructor(
    private readonly host: KubeletServerHost,
    private readonly options: KubeletServerOptions,
  ) {
    this.log = createLogger('kubelet-server');
    this.sampler = new UsageSampler(host);
    this.registry = host.metricsRegistry ?? new Registry();
    this.wss = createUpgradeServer();
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.onUpgrade(req, socket, head));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** The bound port (after `start`). */
  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.wss.close();
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const route = matchRoute(url.pathname);
    try {
      if (!route) throw new KubeletRequestError(404, '404 page not found');
      if (req.method !== 'GET' && req.method !== 'HEAD' && !(req.method === 'POST' && ['exec', 'attach', 'portForward'].includes(route.name))) {
        throw new KubeletRequestError(405, `${req.method} is not allowed on ${url.pathname}`);
      }
      switch (route.name) {
        case 'healthz':
          return send(res, 200, 'text/plain; charset=utf-8', 'ok');
        case 'pods':
          return sendJSON(res, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: this.host.listPods() });
        case 'spec':
          return sendJSON(res, this.host.machineInfo());
        case 'summary':
          return sendJSON(res, await buildSummary(this.host, this.sampler));
        case 'metrics':
          return send(res, 200, this.registry.contentType, await this.registry.metrics());
        case 'resourceMetrics':
          return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', await renderResourceMetrics(this.host, this.sampler));
        case 'logs':
          return await serveContainerLogs(this.host, req, res, route, url.searchParams);
        case 'exec':
        case 'attach':
        case 'portForward':
          throw new KubeletRequestError(400, 'Upgrade request required');
      }
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof KubeletRequestError) return send(res, err.code, 'text/plain; charset=utf-8', err.message + '\n');
      this.log.error({ err, url: req.url }, 'kubelet request failed');
      send(res, 500, 'text/plain; charset=utf-8', errorMessage(err) + '\n');
    }
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const route = matchRoute(url.pathname);
    try {
      if (!route) throw new KubeletRequestError(404, '404 page not found');
      switch (route.name) {
        case 'exec':
          return await serveExecOrAttach(this.host, this.wss, req, socket, head, route, url.searchParams,
            { kind: 'exec', command: url.searchParams.getAll('command') }, this.log);
        case 'attach':
          return await serveExecOrAttach(this.host, this.wss, req, socket, head, route, url.searchParams, { kind: 'attach' }, this.log);
        case 'portForward':
          return await servePortForward(this.host, this.wss, req, socket, head, route, url.searchParams, this.log);
        default:
          throw new KubeletRequestError(400, `${url.pathname} does not support upgrades`);
      }
    } catch (err) {
      const code = err instanceof KubeletRequestError ? err.code : 500;
      if (!(err instanceof KubeletRequestError)) this.log.error({ err, url: req.url }, 'kubelet streaming request failed');
      rejectUpgrade(socket, code, STATUS_TEXT[code] ?? 'Error', errorMessage(err));
    }
  }
}

function send(res: ServerResponse, code: number, contentType: string, body: string): void {
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJSON(res: ServerResponse, value: unknown): void {
  send(res, 200, 'application/json', JSON.stringify(value));
}
