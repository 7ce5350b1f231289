import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PodLike } from '../../src/kubelet/server/host.js';

/**
 * Just enough of an API server for kubectl's exec, attach, logs and port-forward against one
 * kubelet: discovery for pods, GET pod, and the pod subresources rewritten to kubelet paths
 * the way the API server does (query `stdin=true` → `input=1`, `ports` → `port`), piping
 * upgraded connections byte for byte. Not a model of the API server; a test harness.
 */
export class FakeApiServer {
  private readonly server: Server;
  private readonly sockets = new Set<Duplex>();
  readonly dir = mkdtempSync(join(tmpdir(), 'kts-fakeapi-'));
  port = 0;

  constructor(
    private readonly kubeletPort: number,
    private readonly pods: () => PodLike[],
  ) {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (code: number, body: unknown): void => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/api') return json(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] });
      if (url.pathname === '/apis') return json(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
      if (url.pathname === '/api/v1') {
        return json(200, {
          kind: 'APIResourceList', groupVersion: 'v1',
          resources: [
            { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'] },
            { name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get'] },
            { name: 'pods/attach', singularName: '', namespaced: true, kind: 'PodAttachOptions', verbs: ['create', 'get'] },
            { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
            { name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
          ],
        });
      }
      const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)(?:\/(log))?$/.exec(url.pathname);
      const pod = m && this.pods().find((p) => p.metadata.namespace === m[1] && p.metadata.name === m[2]);
      if (!m || !pod) return json(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: `pods "${m?.[2]}" not found` });
      if (!m[3]) return json(200, { ...pod, status: { phase: 'Running', ...pod.status } });
      const container = url.searchParams.get('container') ?? pod.spec.containers[0]!.name;
      const q = new URLSearchParams(url.searchParams);
      q.delete('container');
      const upstream = request({ host: '127.0.0.1', port: this.kubeletPort, path: `/containerLogs/${m[1]}/${m[2]}/${container}?${q}` }, (up) => {
        res.writeHead(up.statusCode ?? 500, up.headers);
        up.pipe(res);
      });
      upstream.end();
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.proxyUpgrade(req, socket, head));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  private proxyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|attach|portforward)$/.exec(url.pathname);
    if (!m) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const q = new URLSearchParams();
    let path: string;
    if (m[3] === 'portforward') {
      for (const p of url.searchParams.getAll('ports')) q.append('port', p);
      path = `/portForward/${m[1]}/${m[2]}`;
    } else {
      for (const c of url.searchParams.getAll('command')) q.append('command', c);
      const map: Record<string, string> = { stdin: 'input', stdout: 'output', stderr: 'error', tty: 'tty' };
      for (const [k, v] of Object.entries(map)) if (url.searchParams.get(k) === 'true') q.set(v, '1');
      path = `/${m[3]}/${m[1]}/${m[2]}/${url.searchParams.get('container')}`;
    }
    const upstream = connect(this.kubeletPort, '127.0.0.1');
    this.sockets.add(upstream);
    upstream.on('close', () => this.sockets.delete(upstream));
    const headers = Object.entries(req.headersDistinct)
      .filter(([k]) => k !== 'host')
      .flatMap(([k, vs]) => (vs ?? []).map((v) => `${k}: ${v}\r\n`))
      .join('');
    upstream.write(`${req.method} ${path}${q.size > 0 ? '?' + q : ''} HTTP/1.1\r\nHost: 127.0.0.1:${this.kubeletPort}\r\n${headers}\r\n`);
    if (head.length > 0) upstream.write(head);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    const kubeconfig = join(this.dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:${this.port}\n` +
        `contexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: default\ncurrent-context: c\nusers:\n- name: u\n  user: {}\n`,
    );
    return kubeconfig;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
