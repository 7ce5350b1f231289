import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { HeaderBlockError, MAX_HEADER_BLOCK_BYTES, parseHeaderBlock, type SpdyHeaders } from './header-block.js';

/**
 * Compresses outgoing header blocks into one zlib stream per direction, as SPDY/3 requires
 * (each block ends on a sync-flush boundary). We emit deflate *stored* blocks: a valid zlib
 * stream every inflater accepts, synchronous (so frames leave in the order they were made),
 * and header blocks here are a few bytes, so compression would gain nothing. The stream header
 * names the SPDY dictionary (FDICT + its Adler-32), as a compressing peer's would.
 */
export class HeaderCompressor {
  private started = false;

  compress(block: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (!this.started) {
      this.started = true;
      const header = Buffer.alloc(6);
      header[0] = 0x78; // deflate, 32 KiB window
      header[1] = 0x20; // FDICT; (0x78 * 256 + 0x20) % 31 === 0, so FCHECK is 0
      header.writeUInt32BE(adler32(SPDY3_DICTIONARY), 2);
      parts.push(header);
    }
    for (let at = 0; at < block.length; at += 0xffff) parts.push(storedBlock(block.subarray(at, at + 0xffff)));
    // The sync-flush marker (an empty stored block) ends every header block, as zlib's
    // Z_SYNC_FLUSH does. Inflaters rely on it: Go's flate hands out buffered output only at such
    // a marker, and would otherwise read past the frame looking for the next block.
    parts.push(storedBlock(Buffer.alloc(0)));
    return Buffer.concat(parts);
  }
}

/** A non-final stored deflate block (byte-aligned, as after a sync flush). */
function storedBlock(data: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = 0x00; // BFINAL 0, BTYPE 00 (stored); the rest of the byte is padding
  head.writeUInt16LE(data.length, 1);
  head.writeUInt16LE(~data.length & 0xffff, 3);
  return Buffer.concat([head, data]);
}

export function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]!) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Inflates incoming header blocks from the peer's single zlib stream (with the SPDY dictionary).
 * `decompress` calls must be made one at a time, in frame order (the session serializes them).
 * A block is self-delimiting once inflated, so each call resolves when its block is complete;
 * it rejects when the zlib data is corrupt or the block ends incomplete.
 */
export class HeaderDecompressor {
  private readonly inflate = zlib.createInflate({ dictionary: SPDY3_DICTIONARY });
  private output: Buffer = Buffer.alloc(0);
  private failure: Error | undefined;
  private notify: (() => void) | undefined;

  constructor() {
    this.inflate.on('data', (chunk: Buffer) => {
      this.output = this.output.length === 0 ? chunk : Buffer.concat([this.output, chunk]);
      if (this.output.length > MAX_HEADER_BLOCK_BYTES) this.failure ??= new HeaderBlockError('header block too large');
      this.wake();
    });
    this.inflate.on('error', (err: Error) => {
      this.failure ??= new HeaderBlockError(`header decompression failed: ${err.message}`);
      this.wake();
    });
  }

  async decompress(compressed: Buffer): Promise<SpdyHeaders> {
    let flushed = false;
    this.inflate.write(compressed);
    this.inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      // Output of a flush is pushed before its callback runs; one more turn lets it be emitted.
      setImmediate(() => {
        flushed = true;
        this.wake();
      });
    });
    for (;;) {
      if (this.failure) throw this.failure;
      const parsed = parseHeaderBlock(this.output);
      if (parsed) {
        this.output = this.output.subarray(parsed.consumed);
        return parsed.headers;
      }
      if (flushed) throw new HeaderBlockError('incomplete header block');
      await new Promise<void>((resolve) => (this.notify = resolve));
    }
  }

  close(): void {
    this.inflate.close();
  }

  private wake(): void {
    const notify = this.notify;
    this.notify = undefined;
    notify?.();
  }
}
