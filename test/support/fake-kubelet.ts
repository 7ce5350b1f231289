import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** What the fake kubelet saw of one request (path with query, and headers). */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

/**
 * A small real HTTP + WebSocket server on a random loopback port that plays a node's kubelet for
 * the API server's proxy tests (kts's own kubelet is tested elsewhere). It serves:
 * - `GET /healthz` → `ok`; `GET /pods` → a PodList; `GET /stats/summary` → a summary stub;
 * - `GET /containerLogs/{ns}/{pod}/{container}`: `lines` (or 400 for container `gone`, like the
 *   kubelet's "previous terminated container … not found"); with `follow=true` it writes
 *   `first\n`, then waits for `finishFollow()` to write `second\n` and end;
 * - WebSocket `/exec/…` (subprotocol v5.channel.k8s.io, remotecommand framing): echoes stdin
 *   frames upper-cased on stdout; exits with the code in `?command=exit&command=N`, else 0
 *   after printing `ran <command…>` and, with stdin, after stdin closes;
 * - any other upgrade (`/portForward/…`): answers 101 itself and echoes raw bytes.
 * Every request is recorded in `seen`. `dispose` closes every socket and the server.
 */
export class FakeKubelet {
  readonly seen: SeenRequest[] = [];
  private server!: Server;
  private readonly sockets = new Set<Duplex>();
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : false) });
  private follower: ServerResponse | undefined;
  private readonly followerWaiters: (() => void)[] = [];
  /** Resolves when the client of a followed log went away and this kubelet saw its request close. */
  followClosed: Promise<void> = new Promise(() => undefined);

  static async start(): Promise<FakeKubelet> {
    const kubelet = new FakeKubelet();
    kubelet.server = createServer((req, res) => kubelet.serve(req, res));
    kubelet.server.on('connection', (s: Socket) => kubelet.track(s));
    kubelet.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => kubelet.upgrade(req, socket, head));
    kubelet.server.listen(0, '127.0.0.1');
    await once(kubelet.server, 'listening');
    return kubelet;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Waits until a followed log request is open (its first line sent). */
  async followerOpen(): Promise<void> {
    if (this.follower) return;
    await new Promise<void>((resolve) => this.followerWaiters.push(resolve));
  }

  finishFollow(): void {
    this.follower?.end('second\n');
    this.follower = undefined;
  }

  private track(socket: Duplex): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private record(req: IncomingMessage): void {
    this.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    this.record(req);
    const url = new URL(req.url ?? '/', 'http://kubelet');
    const json = (body: unknown): void => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/healthz') return void res.end('ok');
    if (url.pathname === '/pods') return json({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] });
    if (url.pathname === '/stats/summary') return json({ node: { nodeName: 'fake', cpu: { usageNanoCores: 1 } }, pods: [] });
    const logs = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (logs) {
      if (logs[3] === 'gone') {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        return void res.end(`previous terminated container "gone" in pod "${logs[2]}" not found`);
      }
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      if (url.searchParams.get('follow') !== 'true') return void res.end(`log of ${logs[1]}/${logs[2]}/${logs[3]}\n`);
      res.write('first\n');
      this.follower = res;
      this.followClosed = new Promise((resolve) => res.once('close', () => resolve()));
      for (const wake of this.followerWaiters.splice(0)) wake();
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('404 page not found');
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.record(req);
    this.track(socket);
    const url = new URL(req.url ?? '/', 'http://kubelet');
    if (url.pathname.startsWith('/exec/') && req.headers.upgrade?.toLowerCase() === 'websocket') {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.exec(ws, url));
      return;
    }
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    if (head.length > 0) socket.write(head);
    socket.pipe(socket);
  }

  /** remotecommand v5: channel byte then data; [255, ch] closes a channel; channel 3 carries the final Status. */
  private exec(ws: WebSocket, url: URL): void {
    const command = url.searchParams.getAll('command');
    const stdout = (text: string): void => ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(text)]));
    const finish = (code: number): void => {
      const status =
        code === 0
          ? { metadata: {}, status: 'Success' }
          : { metadata: {}, status: 'Failure', message: `command terminated with non-zero exit code: exit status ${code}`, reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } };
      ws.send(Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify(status))]), () => ws.close(1000));
    };
    if (command[0] === 'exit') return finish(Number(command[1]));
    stdout(`ran ${command.join(' ')}\n`);
    if (url.searchParams.get('input') !== '1') return finish(0);
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0) stdout(data.subarray(1).toString().toUpperCase());
      else if (data[0] === 255 && data[1] === 0) finish(0);
    });
  }

  async dispose(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    for (const socket of this.sockets) socket.destroy();
    this.wss.close();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
