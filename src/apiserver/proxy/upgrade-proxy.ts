/**
 * Proxying an upgrade request (exec, attach, port-forward: WebSocket or SPDY/3.1) to a backend
 * as a transparent tunnel (model: tryUpgrade in apimachinery's UpgradeAwareHandler, without
 * interpreting the backend's answer).
 *
 * Sequence: 1. open TCP to the backend; a failure here is thrown as a 503 (the client's socket is
 * still untouched, so the caller writes the Status on it). 2. send the request line with the
 * backend path and the client's headers (Upgrade and Connection kept, Authorization dropped,
 * Host rewritten), then the bytes the client already sent after its head. 3. pipe both ways: the
 * backend's `101 Switching Protocols` (or its refusal) and every frame after it pass through
 * unchanged. Either side closing or failing destroys both sockets; nothing outlives the pair.
 */
import { connect, type Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { UpgradeConnection } from '../registry/connector.js';
import { forwardHeaders } from './http-proxy.js';
import { unreachable } from './reach-error.js';

/** Resolves once the tunnel is set up (the sockets then live on their own); rejects with a 503 when the backend cannot be reached. */
export async function proxyUpgrade(req: IncomingMessage, upgrade: UpgradeConnection, target: URL): Promise<void> {
  if (target.protocol !== 'http:') throw new Error(`upgrade proxying supports http backends only, not ${target.protocol}`);
  const backend = await dial(target);
  const client = upgrade.socket;
  const headers = forwardHeaders(req.headers, target, ['connection', 'upgrade']);
  let head = `${req.method ?? 'GET'} ${target.pathname}${target.search} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) head += `${name}: ${String(v)}\r\n`;
  }
  head += '\r\n';
  const closeBoth = (): void => {
    client.destroy();
    backend.destroy();
  };
  client.on('error', closeBoth);
  backend.on('error', closeBoth);
  client.once('close', closeBoth);
  backend.once('close', closeBoth);
  backend.write(head);
  if (upgrade.head.length > 0) backend.write(upgrade.head);
  client.pipe(backend);
  backend.pipe(client);
}

function dial(target: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    const socket = connect({ host, port: Number(target.port || 80) });
    socket.once('connect', () => {
      socket.off('error', refuse);
      socket.setNoDelay(true);
      resolve(socket);
    });
    const refuse = (err: Error): void => {
      socket.destroy();
      reject(unreachable(err, target));
    };
    socket.once('error', refuse);
  });
}
