import type { Logger } from '../../../util/logging.js';
import type { ChannelConnection } from '../streaming/channel-conn.js';
import { forwardingErrorMessage, type PortForwarder } from './forwarder.js';
import { Duplex } from 'node:stream';
import { KubeletRequestError } from '../pod-lookup.js';

/** Subprotocols of the channel-based WebSocket port-forward (model: cri/streaming/portforward websocket.go). */
export const PORT_FORWARD_WS_PROTOCOLS = ['v4.channel.k8s.io', 'v4.base64.channel.k8s.io', 'portforward.k8s.io', ''] as const;

/** The ports of a WebSocket port-forward: query `port` (as the API server passes them; `ports` accepted too), comma lists allowed. */
export function parsePortsQuery(query: URLSearchParams): number[] {
  const values = [...query.getAll('port'), ...query.getAll('ports')];
  if (values.length === 0) throw new KubeletRequestError(400, 'query parameter "port" is required');
  const ports: number[] = [];
  for (const value of values) {
    if (value === '') throw new KubeletRequestError(400, 'query parameter "port" cannot be empty');
    for (const p of value.split(',')) {
      if (!/^\d+$/.test(p) || Number(p) > 65535) throw new KubeletRequestError(400, `unable to parse "${value}" as a port`);
      if (Number(p) < 1) throw new KubeletRequestError(400, `port "${value}" must be > 0`);
      ports.push(Number(p));
    }
  }
  return ports;
}

/**
 * One connection per requested port: channel 2i carries its data, 2i+1 its errors; the first
 * message on each starts with the port as 2 bytes little-endian. The WebSocket closes once every
 * port's connection ended.
 */
export async function servePortForwardOverChannels(
  conn: ChannelConnection,
  ports: number[],
  forward: PortForwarder,
  sandboxId: string,
  log: Logger,
): Promise<void> {
  const runs = ports.map(async (port, i) => {
    const dataChannel = i * 2;
    const errorChannel = i * 2 + 1;
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    conn.send(dataChannel, portBytes);
    conn.send(errorChannel, portBytes);
    const incoming = conn.incoming(dataChannel);
    const outgoing = conn.outgoing(dataChannel);
    const stream = new Duplex({
      read() {
        incoming.resume();
      },
      write(chunk: Buffer, _enc, cb) {
        outgoing.write(chunk, cb);
      },
      final(cb) {
        cb();
      },
    });
    incoming.on('data', (chunk: Buffer) => {
      if (!stream.push(chunk)) incoming.pause();
    });
    incoming.on('end', () => stream.push(null));
    try {
      await forward(port, stream);
    } catch (err) {
      log.debug({ port, err }, 'port-forward failed');
      conn.send(errorChannel, Buffer.from(forwardingErrorMessage(port, sandboxId, err)));
    }
  });
  await Promise.all(runs);
  conn.ws.close(1000);
}
