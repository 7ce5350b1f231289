import { PassThrough, Writable } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * The Kubernetes channel WebSocket protocols (model: apimachinery wsstream conn.go): every
 * message starts with a channel number; binary protocols carry it as a byte and raw data after,
 * base64 protocols (`*.base64.channel.k8s.io`) as an ASCII digit followed by base64 text. v5 adds
 * a client message `[255, channel]` that closes that channel (stdin EOF).
 */
export interface ChannelProtocol {
  name: string;
  base64: boolean;
  /** v5: `[255, n]` closes channel n. */
  supportsClose: boolean;
}

const STREAM_CLOSE = 255;

export function channelProtocol(name: string): ChannelProtocol {
  return { name, base64: name.includes('base64'), supportsClose: name.startsWith('v5.') };
}

/**
 * Demultiplexes one WebSocket into channels. Incoming data for channel n goes to the readable
 * `incoming(n)` (ended by a v5 close message or when the socket closes); `outgoing(n)` is a
 * writable whose writes become messages on channel n, acknowledged once handed to the socket
 * (so slow clients push back). Messages for channels nobody asked for are dropped.
 */
export class ChannelConnection {
  private readonly readers = new Map<number, PassThrough>();
  private readonly listeners = new Map<number, (message: Buffer) => void>();

  constructor(
    readonly ws: WebSocket,
    readonly protocol: ChannelProtocol,
  ) {
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.on('close', () => {
      for (const r of this.readers.values()) r.end();
    });
  }

  incoming(channel: number): PassThrough {
    let r = this.readers.get(channel);
    if (!r) {
      r = new PassThrough();
      this.readers.set(channel, r);
    }
    return r;
  }

  /** Delivers each message on `channel` whole (resize events are one JSON object per message). */
  onChannelMessage(channel: number, listener: (message: Buffer) => void): void {
    this.listeners.set(channel, listener);
  }

  outgoing(channel: number): Writable {
    return new Writable({
      write: (chunk: Buffer, _enc, callback) => this.send(channel, chunk, callback),
    });
  }

  /** Sends one message on `channel` (an empty payload is a bare channel marker). */
  send(channel: number, data: Buffer, callback?: (err?: Error) => void): void {
    if (this.ws.readyState !== this.ws.OPEN) {
      callback?.(new Error('connection closed'));
      return;
    }
    const message = this.protocol.base64
      ? String.fromCharCode(0x30 + channel) + data.toString('base64')
      : Buffer.concat([Buffer.of(channel), data]);
    this.ws.send(message, { binary: !this.protocol.base64 }, (err) => callback?.(err ?? undefined));
  }

  private onMessage(raw: Buffer, isBinary: boolean): void {
    if (raw.length === 0) return;
    if (this.protocol.supportsClose && raw[0] === STREAM_CLOSE && isBinary) {
      if (raw.length !== 2) return; // upstream logs and drops a malformed close signal
      this.incoming(raw[1]!).end();
      return;
    }
    let channel = raw[0]!;
    let payload = raw.subarray(1);
    if (this.protocol.base64) {
      channel -= 0x30;
      payload = Buffer.from(payload.toString('latin1'), 'base64');
    }
    const listener = this.listeners.get(channel);
    if (listener) {
      listener(payload);
      return;
    }
    const reader = this.readers.get(channel);
    if (reader && !reader.writableEnded) reader.write(payload);
  }
}
