/**
 * SPDY/3.1 frame codec (draft-mbelshe-httpbis-spdy-00 as amended for 3.1). Control frames:
 * `1 | version(15) | type(16) | flags(8) | length(24) | payload`; data frames:
 * `0 | stream id(31) | flags(8) | length(24) | payload`. Header blocks stay compressed here; the
 * session (de)compresses them in wire order.
 */

export const SPDY_VERSION = 3;

export const FrameType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

/** RST_STREAM status codes. */
export const RstStatus = {
  PROTOCOL_ERROR: 1,
  INVALID_STREAM: 2,
  REFUSED_STREAM: 3,
  UNSUPPORTED_VERSION: 4,
  CANCEL: 5,
  INTERNAL_ERROR: 6,
  FLOW_CONTROL_ERROR: 7,
  STREAM_IN_USE: 8,
  STREAM_ALREADY_CLOSED: 9,
  FRAME_TOO_LARGE: 11,
} as const;

/** GOAWAY status codes. */
export const GoawayStatus = { OK: 0, PROTOCOL_ERROR: 1, INTERNAL_ERROR: 2 } as const;

export type Frame =
  | { type: 'data'; streamId: number; flags: number; data: Buffer }
  | { type: 'syn_stream'; streamId: number; associatedId: number; priority: number; flags: number; headerBlock: Buffer }
  | { type: 'syn_reply'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'rst_stream'; streamId: number; status: number }
  | { type: 'settings'; flags: number; entries: { flags: number; id: number; value: number }[] }
  | { type: 'ping'; id: number }
  | { type: 'goaway'; lastGoodStreamId: number; status: number }
  | { type: 'headers'; streamId: number; flags: number; headerBlock: Buffer }
  | { type: 'window_update'; streamId: number; delta: number }
  /** A control frame type this codec does not know; SPDY says to ignore it. */
  | { type: 'unknown'; frameType: number };

export class FrameError extends Error {}

const HEADER = 8;
/** The largest frame we accept (the protocol's 24-bit length allows 16 MiB). */
export const MAX_FRAME_PAYLOAD = 0xffffff;

/**
 * Splits a byte stream into frames. `push` returns every frame completed by the new bytes, in
 * order; bytes of an unfinished frame stay buffered. Throws FrameError for a malformed frame (the
 * session then ends with GOAWAY PROTOCOL_ERROR).
 */
export class FrameParser {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    while (this.buffered.length >= HEADER) {
      const length = this.buffered.readUIntBE(5, 3);
      if (this.buffered.length < HEADER + length) break;
      const frame = this.buffered.subarray(0, HEADER + length);
      this.buffered = this.buffered.subarray(HEADER + length);
      frames.push(decodeFrame(frame));
    }
    return frames;
  }
}

function decodeFrame(frame: Buffer): Frame {
  const flags = frame[4]!;
  const payload = frame.subarray(HEADER);
  if ((frame[0]! & 0x80) === 0) {
    return { type: 'data', streamId: frame.readUInt32BE(0) & 0x7fffffff, flags, data: payload };
  }
  const version = frame.readUInt16BE(0) & 0x7fff;
  if (version !== SPDY_VERSION) throw new FrameError(`unsupported SPDY version ${version}`);
  const type = frame.readUInt16BE(2);
  const need = (n: number): void => {
    if (payload.length < n) throw new FrameError(`control frame type ${type} too short (${payload.length} bytes)`);
  };
  switch (type) {
    case FrameType.SYN_STREAM:
      need(10);
      return {
        type: 'syn_stream',
        streamId: payload.readUInt32BE(0) & 0x7fffffff,
        associatedId: payload.readUInt32BE(4) & 0x7fffffff,
        priority: payload[8]! >> 5,
        flags,
        headerBlock: payload.subarray(10),
      };
    case FrameType.SYN_REPLY:
      need(4);
      return { type: 'syn_reply', streamId: payload.readUInt32BE(0) & 0x7fffffff, flags, headerBlock: payload.subarray(4) };
    case FrameType.RST_STREAM:
      need(8);
      return { type: 'rst_stream', streamId: payload.readUInt32BE(0) & 0x7fffffff, status: payload.readUInt32BE(4) };
    case FrameType.SETTINGS: {
      need(4);
      const count = payload.readUInt32BE(0);
      if (payload.length !== 4 + count * 8) throw new FrameError(`SETTINGS frame of ${payload.length} bytes claims ${count} entries`);
      const entries = [];
      for (let i = 0; i < count; i++) {
        const at = 4 + i * 8;
        entries.push({ flags: payload[at]!, id: payload.readUIntBE(at + 1, 3), value: payload.readUInt32BE(at + 4) });
      }
      return { type: 'settings', flags, entries };
    }
    case FrameType.PING:
      need(4);
      return { type: 'ping', id: payload.readUInt32BE(0) };
    case FrameType.GOAWAY:
      need(8);
      return { type: 'goaway', lastGoodStreamId: payload.readUInt32BE(0) & 0x7fffffff, status: payload.readUInt32BE(4) };
    case FrameType.HEADERS:
      need(4);
      return { type: 'headers', streamId: payload.readUInt32BE(0) & 0x7fffffff, flags, headerBlock: payload.subarray(4) };
    case FrameType.WINDOW_UPDATE:
      need(8);
      return { type: 'window_update', streamId: payload.readUInt32BE(0) & 0x7fffffff, delta: payload.readUInt32BE(4) & 0x7fffffff };
    default:
      return { type: 'unknown', frameType: type };
  }
}

function control(type: number, flags: number, payload: Buffer): Buffer {
  if (payload.length > MAX_FRAME_PAYLOAD) throw new FrameError(`control frame payload of ${payload.length} bytes`);
  const out = Buffer.alloc(HEADER + payload.length);
  out.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  out.writeUInt16BE(type, 2);
  out[4] = flags;
  out.writeUIntBE(payload.length, 5, 3);
  payload.copy(out, HEADER);
  return out;
}

function u32s(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4));
  return out;
}

export function encodeData(streamId: number, flags: number, data: Buffer): Buffer {
  if (data.length > MAX_FRAME_PAYLOAD) throw new FrameError(`data frame payload of ${data.length} bytes`);
  const out = Buffer.alloc(HEADER + data.length);
  out.writeUInt32BE(streamId & 0x7fffffff, 0);
  out[4] = flags;
  out.writeUIntBE(data.length, 5, 3);
  data.copy(out, HEADER);
  return out;
}

export function encodeSynStream(streamId: number, flags: number, compressedHeaders: Buffer, priority = 0, associatedId = 0): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt32BE(streamId & 0x7fffffff, 0);
  fixed.writeUInt32BE(associatedId & 0x7fffffff, 4);
  fixed[8] = (priority & 0x7) << 5;
  return control(FrameType.SYN_STREAM, flags, Buffer.concat([fixed, compressedHeaders]));
}

export function encodeSynReply(streamId: number, flags: number, compressedHeaders: Buffer): Buffer {
  return control(FrameType.SYN_REPLY, flags, Buffer.concat([u32s(streamId & 0x7fffffff), compressedHeaders]));
}

export function encodeRstStream(streamId: number, status: number): Buffer {
  return control(FrameType.RST_STREAM, 0, u32s(streamId & 0x7fffffff, status));
}

export function encodeSettings(entries: { flags?: number; id: number; value: number }[], flags = 0): Buffer {
  const payload = Buffer.alloc(4 + entries.length * 8);
  payload.writeUInt32BE(entries.length, 0);
  entries.forEach((e, i) => {
    payload[4 + i * 8] = e.flags ?? 0;
    payload.writeUIntBE(e.id, 5 + i * 8, 3);
    payload.writeUInt32BE(e.value >>> 0, 8 + i * 8);
  });
  return control(FrameType.SETTINGS, flags, payload);
}

export function encodePing(id: number): Buffer {
  return control(FrameType.PING, 0, u32s(id));
}

export function encodeGoaway(lastGoodStreamId: number, status: number): Buffer {
  return control(FrameType.GOAWAY, 0, u32s(lastGoodStreamId & 0x7fffffff, status));
}

export function encodeHeaders(streamId: number, flags: number, compressedHeaders: Buffer): Buffer {
  return control(FrameType.HEADERS, flags, Buffer.concat([u32s(streamId & 0x7fffffff), compressedHeaders]));
}

export function encodeWindowUpdate(streamId: number, delta: number): Buffer {
  return control(FrameType.WINDOW_UPDATE, 0, u32s(streamId & 0x7fffffff, delta & 0x7fffffff));
}
