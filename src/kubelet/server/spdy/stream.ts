import { Duplex } from 'node:stream';
import type { SpdyHeaders } from './header-block.js';

/** What a stream needs from its session. */
export interface StreamOwner {
  /** Sends DATA (split into frames); `done` runs once the transport accepted it (backpressure). */
  sendData(streamId: number, data: Buffer, fin: boolean, done: (err?: Error) => void): void;
  sendReply(streamId: number, headers: Iterable<[string, string | string[]]>, fin: boolean): void;
  sendReset(streamId: number, status: number): void;
  /** The stream's reader wants more: let the session read from the transport again. */
  resumeReading(): void;
  /** The stream is over in both directions (or reset): forget it. */
  streamClosed(streamId: number): void;
}

/**
 * One SPDY stream as a Duplex: readable = the peer's DATA, writable = ours. `end()` half-closes
 * (DATA with FIN); `destroy()` before both sides finished resets it (RST_STREAM CANCEL). For a
 * stream the peer opened, the first write or `end()` sends the SYN_REPLY if `reply()` was not
 * called, so data never precedes the reply.
 */
export class SpdyStream extends Duplex {
  private replied: boolean;
  private localFin = false;
  private remoteFin = false;
  private wasReset = false;
  private closedInSession = false;

  constructor(
    private readonly owner: StreamOwner,
    readonly id: number,
    /** The headers the stream was opened with (SYN_STREAM), or those of the reply for our own streams. */
    public headers: SpdyHeaders,
    /** True for streams we opened (no reply to send). */
    locallyOpened: boolean,
  ) {
    super({ allowHalfOpen: true });
    this.replied = locallyOpened;
  }

  /** Accepts a stream the peer opened (SYN_REPLY). */
  reply(headers: Iterable<[string, string | string[]]> = []): void {
    if (this.replied || this.wasReset) return;
    this.replied = true;
    this.owner.sendReply(this.id, headers, false);
  }

  /** Refuses or aborts the stream with an RST_STREAM status. */
  reset(status: number): void {
    if (this.wasReset) return;
    this.wasReset = true;
    this.replied = true;
    this.owner.sendReset(this.id, status);
    this.destroy();
  }

  /** @internal Session: DATA arrived. Returns false when the reader is full. */
  receiveData(data: Buffer): boolean {
    if (this.remoteFin || this.destroyed) return true;
    return this.push(data);
  }

  /** @internal Session: the peer finished sending. */
  receiveFin(): void {
    if (this.remoteFin) return;
    this.remoteFin = true;
    this.push(null);
    this.closeIfDone();
  }

  /** @internal Session: the peer reset the stream, or the connection is gone. */
  receiveReset(): void {
    this.wasReset = true;
    this.destroy();
  }

  override _read(): void {
    this.owner.resumeReading();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    if (this.wasReset) {
      callback(new Error('stream reset'));
      return;
    }
    this.reply();
    this.owner.sendData(this.id, chunk, false, callback);
  }

  override _final(callback: (err?: Error | null) => void): void {
    if (this.wasReset) {
      callback();
      return;
    }
    this.reply();
    this.localFin = true;
    this.owner.sendData(this.id, Buffer.alloc(0), true, (err) => {
      callback(err);
      this.closeIfDone();
    });
  }

  override _destroy(err: Error | null, callback: (err: Error | null) => void): void {
    if (!this.wasReset && !(this.localFin && this.remoteFin)) {
      this.wasReset = true;
      this.owner.sendReset(this.id, 5 /* CANCEL */);
    }
    this.markClosed();
    callback(err);
  }

  private closeIfDone(): void {
    if (this.localFin && this.remoteFin) this.markClosed();
  }

  private markClosed(): void {
    if (this.closedInSession) return;
    this.closedInSession = true;
    this.owner.streamClosed(this.id);
  }
}
