import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import {
  encodeData,
  encodeGoaway,
  encodePing,
  encodeRstStream,
  encodeSynReply,
  encodeSynStream,
  encodeWindowUpdate,
  FLAG_FIN,
  FrameError,
  FrameParser,
  GoawayStatus,
  RstStatus,
  type Frame,
} from './frames.js';
import { encodeHeaderBlock, type SpdyHeaders } from './header-block.js';
import { HeaderCompressor, HeaderDecompressor } from './header-compression.js';
import { SpdyStream, type StreamOwner } from './stream.js';

/** DATA payload per frame we send. */
const MAX_DATA_FRAME = 32 * 1024;

export interface SpdySessionOptions {
  /** `server` accepts odd (client-opened) streams and opens even ones; `client` the reverse. */
  role: 'server' | 'client';
  /** Called for each stream the peer opens; call `stream.reply()` to accept or `stream.reset()` to refuse. */
  onStream?: (stream: SpdyStream) => void;
  /** Called once with the reason when the session ends on a protocol error. */
  onProtocolError?: (err: Error) => void;
}

/**
 * A SPDY/3.1 session over a byte stream (a hijacked HTTP socket, or a WebSocket tunnel).
 *
 * Frames are handled strictly in wire order (header blocks share one zlib stream per direction).
 * Flow control: like moby/spdystream (kubectl's side), which neither sends WINDOW_UPDATE nor
 * honors it, we do not hold data back for the peer's window; instead we acknowledge received data
 * at once and rely on transport backpressure: while a stream's reader is full the session stops
 * reading the transport (every stream waits, as with spdystream's blocking frame handler).
 * Pings from the peer are echoed. `close()` sends GOAWAY and ends the transport; when the
 * transport ends, every open stream is destroyed and `close` is emitted.
 */
export class SpdySession extends EventEmitter<{ close: [] }> implements StreamOwner {
  private readonly parser = new FrameParser();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private readonly pendingOpens = new Map<number, { resolve: (s: SpdyStream) => void; reject: (e: Error) => void }>();
  private queue: Promise<void> = Promise.resolve();
  private lastPeerStreamId = 0;
  private nextLocalStreamId: number;
  private goingAway = false;
  private closed = false;
  private paused = false;

  constructor(
    private readonly transport: Duplex,
    private readonly options: SpdySessionOptions,
  ) {
    super();
    this.nextLocalStreamId = options.role === 'server' ? 2 : 1;
    transport.on('data', (chunk: Buffer) => this.onBytes(chunk));
    transport.on('end', () => this.shutdown());
    transport.on('close', () => this.shutdown());
    transport.on('error', () => this.shutdown());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Opens a stream (SYN_STREAM) and resolves once the peer replies; rejects if it resets it. */
  openStream(headers: Iterable<[string, string | string[]]>, fin = false): Promise<SpdyStream> {
    if (this.closed || this.goingAway) return Promise.reject(new Error('SPDY session is closed'));
    const id = this.nextLocalStreamId;
    this.nextLocalStreamId += 2;
    return new Promise((resolve, reject) => {
      this.pendingOpens.set(id, { resolve, reject });
      this.write(encodeSynStream(id, fin ? FLAG_FIN : 0, this.compressor.compress(encodeHeaderBlock(headers))));
    });
  }

  /** Sends GOAWAY and ends the transport; open streams are destroyed. */
  close(): void {
    if (this.closed) return;
    this.write(encodeGoaway(this.lastPeerStreamId, GoawayStatus.OK));
    this.transport.end();
    this.shutdown();
  }

  // --- StreamOwner -------------------------------------------------------------------------

  sendData(streamId: number, data: Buffer, fin: boolean, done: (err?: Error) => void): void {
    if (this.closed || !this.transport.writable) {
      done(new Error('SPDY session is closed'));
      return;
    }
    let ok = true;
    if (data.length === 0) {
      ok = this.transport.write(encodeData(streamId, fin ? FLAG_FIN : 0, data));
    }
    for (let at = 0; at < data.length; at += MAX_DATA_FRAME) {
      const last = at + MAX_DATA_FRAME >= data.length;
      ok = this.transport.write(encodeData(streamId, fin && last ? FLAG_FIN : 0, data.subarray(at, at + MAX_DATA_FRAME)));
    }
    if (ok) {
      done();
      return;
    }
    const settle = (): void => {
      this.transport.off('drain', settle);
      this.transport.off('close', settle);
      done(this.closed ? new Error('SPDY session is closed') : undefined);
    };
    this.transport.on('drain', settle);
    this.transport.on('close', settle);
  }

  sendReply(streamId: number, headers: Iterable<[string, string | string[]]>, fin: boolean): void {
    this.write(encodeSynReply(streamId, fin ? FLAG_FIN : 0, this.compressor.compress(encodeHeaderBlock(headers))));
  }

  sendReset(streamId: number, status: number): void {
    this.write(encodeRstStream(streamId, status));
  }

  resumeReading(): void {
    if (this.paused && !this.closed) {
      this.paused = false;
      this.transport.resume();
    }
  }

  streamClosed(streamId: number): void {
    this.streams.delete(streamId);
    if (this.goingAway && this.streams.size === 0) this.close();
  }

  // --- reading -----------------------------------------------------------------------------

  private write(frame: Buffer): void {
    if (!this.closed && this.transport.writable) this.transport.write(frame);
  }

  private onBytes(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Frame[];
    try {
      frames = this.parser.push(chunk);
    } catch (err) {
      this.protocolError(err as Error);
      return;
    }
    for (const frame of frames) {
      this.queue = this.queue.then(() => this.handle(frame)).catch((err: Error) => this.protocolError(err));
    }
  }

  private async handle(frame: Frame): Promise<void> {
    if (this.closed) return;
    switch (frame.type) {
      case 'syn_stream':
        return this.onSynStream(frame.streamId, frame.flags, await this.decompressor.decompress(frame.headerBlock));
      case 'syn_reply':
        return this.onSynReply(frame.streamId, frame.flags, await this.decompressor.decompress(frame.headerBlock));
      case 'headers':
        await this.decompressor.decompress(frame.headerBlock); // keeps the zlib stream in step; extra headers are unused
        if (frame.flags & FLAG_FIN) this.streams.get(frame.streamId)?.receiveFin();
        return;
      case 'data':
        return this.onData(frame.streamId, frame.flags, frame.data);
      case 'rst_stream': {
        this.streams.get(frame.streamId)?.receiveReset();
        const pending = this.pendingOpens.get(frame.streamId);
        this.pendingOpens.delete(frame.streamId);
        pending?.reject(new Error(`stream ${frame.streamId} reset by peer (status ${frame.status})`));
        return;
      }
      case 'ping':
        // Peer pings have the other parity than ours; echo them. Replies to ours need nothing.
        if ((frame.id & 1) !== (this.options.role === 'server' ? 0 : 1)) this.write(encodePing(frame.id));
        return;
      case 'goaway':
        this.goingAway = true;
        if (this.streams.size === 0) this.close();
        return;
      case 'settings':
      case 'window_update':
      case 'unknown':
        return; // see the class comment on flow control; unknown control frames are ignored per spec
    }
  }

  private onSynStream(streamId: number, flags: number, headers: SpdyHeaders): void {
    const peerParity = this.options.role === 'server' ? 1 : 0;
    if (streamId === 0 || (streamId & 1) !== peerParity || streamId <= this.lastPeerStreamId) {
      this.sendReset(streamId, RstStatus.PROTOCOL_ERROR);
      return;
    }
    this.lastPeerStreamId = streamId;
    if (this.goingAway) {
      this.sendReset(streamId, RstStatus.REFUSED_STREAM);
      return;
    }
    const stream = new SpdyStream(this, streamId, headers, false);
    this.streams.set(streamId, stream);
    if (flags & FLAG_FIN) stream.receiveFin();
    if (this.options.onStream) this.options.onStream(stream);
    else stream.reset(RstStatus.REFUSED_STREAM);
  }

  private onSynReply(streamId: number, flags: number, headers: SpdyHeaders): void {
    const pending = this.pendingOpens.get(streamId);
    if (!pending) return;
    this.pendingOpens.delete(streamId);
    const stream = new SpdyStream(this, streamId, headers, true);
    this.streams.set(streamId, stream);
    if (flags & FLAG_FIN) stream.receiveFin();
    pending.resolve(stream);
  }

  private onData(streamId: number, flags: number, data: Buffer): void {
    const stream = this.streams.get(streamId);
    if (!stream) return; // after a reset the peer may still have DATA in flight
    if (data.length > 0) {
      this.write(encodeWindowUpdate(streamId, data.length));
      this.write(encodeWindowUpdate(0, data.length));
      if (!stream.receiveData(data) && !this.paused) {
        this.paused = true;
        this.transport.pause();
      }
    }
    if (flags & FLAG_FIN) stream.receiveFin();
  }

  private protocolError(err: Error): void {
    if (this.closed) return;
    this.options.onProtocolError?.(err instanceof FrameError ? err : new FrameError(err.message));
    this.write(encodeGoaway(this.lastPeerStreamId, GoawayStatus.PROTOCOL_ERROR));
    this.transport.end();
    this.shutdown();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.decompressor.close();
    for (const stream of [...this.streams.values()]) stream.receiveReset();
    this.streams.clear();
    for (const pending of this.pendingOpens.values()) pending.reject(new Error('SPDY session is closed'));
    this.pendingOpens.clear();
    if (this.paused) this.transport.resume();
    this.emit('close');
  }
}
