import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { createWebSocketStream } from 'ws';
import type { Logger } from '../../../util/logging.js';
import type { KubeletServerHost } from '../host.js';
import { KubeletRequestError } from '../pod-lookup.js';
import { ChannelConnection, channelProtocol } from '../streaming/channel-conn.js';
import { acceptWebSocket, negotiateProtocol, offeredProtocols, rejectUpgrade } from '../streaming/websocket-upgrade.js';
import type { PortForwarder } from './forwarder.js';
import { servePortForwardOverSpdy } from './spdy-portforward.js';
import { parsePortsQuery, PORT_FORWARD_WS_PROTOCOLS, servePortForwardOverChannels } from './websocket-portforward.js';

export const PORT_FORWARD_PROTOCOL = 'portforward.k8s.io';
/** kubectl ≥ 1.31 tunnels SPDY through a WebSocket with this subprotocol (client-go tunneling_dialer.go). */
export const SPDY_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

/** The ready sandbox of the pod, newest first (port-forward targets its network namespace). */
async function sandboxOf(host: KubeletServerHost, namespace: string, name: string): Promise<string> {
  const pod = host.getPodByName(namespace, name);
  if (!pod) throw new KubeletRequestError(404, 'pod does not exist');
  const sandboxes = (await host.runtime.listPodSandboxes())
    .filter((s) => s.uid === pod.metadata.uid && s.state === 'ready')
    .sort((a, b) => b.createdAt - a.createdAt);
  const sandbox = sandboxes[0];
  if (!sandbox) throw new KubeletRequestError(500, `failed to find sandbox for pod "${name}"`);
  return sandbox.id;
}

/**
 * /portForward/{namespace}/{pod}: picks the protocol from the upgrade request — SPDY tunnelled in
 * a WebSocket (kubectl 1.31+), the channel WebSocket protocol (client libraries), or a plain
 * `Upgrade: SPDY/3.1` (older kubectl) — and serves it until the connection ends.
 */
export async function servePortForward(
  host: KubeletServerHost,
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: { namespace: string; pod: string },
  query: URLSearchParams,
  log: Logger,
): Promise<void> {
  const upgrade = (req.headers.upgrade ?? '').toLowerCase();
  const sandboxId = await sandboxOf(host, target.namespace, target.pod);
  const forward: PortForwarder = (port, stream) => host.runtime.portForward(sandboxId, port, stream);

  if (upgrade === 'websocket') {
    const offered = offeredProtocols(req);
    if (offered.includes(SPDY_TUNNEL_PROTOCOL)) {
      const ws = await acceptWebSocket(wss, req, socket, head, SPDY_TUNNEL_PROTOCOL);
      const transport = createWebSocketStream(ws);
      transport.on('error', () => undefined);
      servePortForwardOverSpdy(transport, forward, sandboxId, log);
      return;
    }
    const ports = parsePortsQuery(query);
    const protocol = negotiateProtocol(offered, PORT_FORWARD_WS_PROTOCOLS);
    if (protocol === undefined) {
      rejectUpgrade(socket, 403, 'Forbidden', `requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${PORT_FORWARD_WS_PROTOCOLS.join(' ')}]`);
      return;
    }
    const ws = await acceptWebSocket(wss, req, socket, head, protocol);
    const conn = new ChannelConnection(ws, channelProtocol(protocol || 'v4.channel.k8s.io'));
    await servePortForwardOverChannels(conn, ports, forward, sandboxId, log);
    return;
  }

  if (!upgrade.includes('spdy/3.1') || !(req.headers.connection ?? '').toLowerCase().includes('upgrade')) {
    throw new KubeletRequestError(400, 'unable to upgrade: missing upgrade headers in request');
  }
  const offered = (req.headersDistinct['x-stream-protocol-version'] ?? []).flatMap((v) => v.split(',').map((p) => p.trim()));
  if (offered.length === 0) throw new KubeletRequestError(400, 'unable to upgrade: X-Stream-Protocol-Version is required');
  if (!offered.includes(PORT_FORWARD_PROTOCOL)) {
    rejectUpgrade(
      socket,
      403,
      'Forbidden',
      `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server accepts [${PORT_FORWARD_PROTOCOL}]`,
    );
    return;
  }
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${PORT_FORWARD_PROTOCOL}\r\n\r\n`,
  );
  if (head.length > 0) socket.unshift(head);
  servePortForwardOverSpdy(socket, forward, sandboxId, log);
}
