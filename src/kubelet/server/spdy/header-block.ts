/**
 * SPDY/3 name/value header blocks (uncompressed form): a 32-bit pair count, then per pair a
 * 32-bit length and the name, a 32-bit length and the value; several values of one name are
 * joined with NUL. Names are lowercase on the wire.
 */

/** Header values by lowercase name. */
export type SpdyHeaders = Map<string, string[]>;

/** Upper bound on one decoded block, so a hostile peer cannot make us buffer without limit. */
export const MAX_HEADER_BLOCK_BYTES = 1 << 20;

export function encodeHeaderBlock(headers: Iterable<[string, string | string[]]>): Buffer {
  const pairs: [Buffer, Buffer][] = [];
  for (const [name, value] of headers) {
    const values = Array.isArray(value) ? value : [value];
    pairs.push([Buffer.from(name.toLowerCase(), 'utf8'), Buffer.from(values.join('\0'), 'utf8')]);
  }
  const size = 4 + pairs.reduce((n, [k, v]) => n + 8 + k.length + v.length, 0);
  const out = Buffer.alloc(size);
  let at = out.writeUInt32BE(pairs.length, 0);
  for (const [k, v] of pairs) {
    at = out.writeUInt32BE(k.length, at);
    at += k.copy(out, at);
    at = out.writeUInt32BE(v.length, at);
    at += v.copy(out, at);
  }
  return out;
}

export class HeaderBlockError extends Error {}

/**
 * Parses one block from the start of `data`. Returns undefined while `data` holds only part of
 * it; throws HeaderBlockError for an impossible block.
 */
export function parseHeaderBlock(data: Buffer): { headers: SpdyHeaders; consumed: number } | undefined {
  if (data.length < 4) return undefined;
  const count = data.readUInt32BE(0);
  if (count > MAX_HEADER_BLOCK_BYTES / 8) throw new HeaderBlockError(`header block claims ${count} pairs`);
  const headers: SpdyHeaders = new Map();
  let at = 4;
  for (let i = 0; i < count; i++) {
    const name = readString(data, at);
    if (!name) return undefined;
    const value = readString(data, name.next);
    if (!value) return undefined;
    at = value.next;
    if (name.text.length === 0) throw new HeaderBlockError('empty header name');
    const key = name.text.toLowerCase();
    const list = headers.get(key) ?? [];
    list.push(...value.text.split('\0'));
    headers.set(key, list);
  }
  return { headers, consumed: at };
}

function readString(data: Buffer, at: number): { text: string; next: number } | undefined {
  if (data.length < at + 4) return undefined;
  const len = data.readUInt32BE(at);
  if (len > MAX_HEADER_BLOCK_BYTES) throw new HeaderBlockError(`header string of ${len} bytes`);
  if (data.length < at + 4 + len) return undefined;
  return { text: data.toString('utf8', at + 4, at + 4 + len), next: at + 4 + len };
}

/** The first value of a header, by lowercase name. */
export function headerValue(headers: SpdyHeaders, name: string): string | undefined {
  return headers.get(name)?.[0];
}
