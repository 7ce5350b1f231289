import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** The client's offered subprotocols, in its order of preference. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const raw = req.headers['sec-websocket-protocol'];
  if (!raw) return [];
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/**
 * Picks the first protocol the client offers that the server supports (model: wsstream
 * handshake); a client offering none gets `''` when `''` is supported. Undefined: no match.
 */
export function negotiateProtocol(offered: string[], supported: readonly string[]): string | undefined {
  if (offered.length === 0) return supported.includes('') ? '' : undefined;
  return offered.find((p) => p !== '' && supported.includes(p));
}

/**
 * Completes a WebSocket upgrade with a protocol already chosen. The `ws` library refuses
 * subprotocol values that are not RFC 7230 tokens (kubectl's `SPDY/3.1+portforward.k8s.io` has a
 * `/`), so the request header is replaced by a token before `ws` sees it and the chosen value is
 * answered verbatim. `wss` must be created with `createUpgradeServer`.
 */
export function acceptWebSocket(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  protocol: string,
): Promise<WebSocket> {
  if (protocol === '') delete req.headers['sec-websocket-protocol'];
  else req.headers['sec-websocket-protocol'] = 'kts-negotiated';
  (req as IncomingMessage & { ktsProtocol?: string }).ktsProtocol = protocol;
  return new Promise((resolve) => wss.handleUpgrade(req, socket, head, resolve));
}

export function createUpgradeServer(): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 64 * 1024 * 1024,
    handleProtocols: (_offered, req) => (req as IncomingMessage & { ktsProtocol?: string }).ktsProtocol ?? false,
  });
}

/** Writes a plain HTTP error on a socket that has not been upgraded, then closes it. */
export function rejectUpgrade(socket: Duplex, code: number, reason: string, body: string): void {
  if (socket.destroyed) return;
  const text = body.endsWith('\n') ? body : body + '\n';
  socket.end(
    `HTTP/1.1 ${code} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}
