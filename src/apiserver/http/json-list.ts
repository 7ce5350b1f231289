import type { ServerResponse } from 'node:http';

/**
 * The UTF-8 JSON encoding of each object encoded so far, like upstream's CachingObject: the watch
 * cache's objects are immutable and shared by every reader, so one encoding serves every list and
 * watch event that sends the object. Keyed by identity and held weakly, so an entry lives exactly
 * as long as its object (a replaced or deleted cache entry takes its encoding with it). Kept as
 * bytes: a response is then a concatenation of buffers, with no string flattening or re-encoding.
 */
const encodings = new WeakMap<object, Buffer>();

/**
 * `Buffer.from(JSON.stringify(object))`, computed once per object. Contract: `object` is never
 * mutated after this call (pass only cached objects; the resourceVersion stamped on them is part
 * of the encoding). The returned buffer is shared: never write into it.
 */
export function encodeOnce(object: object): Buffer {
  let bytes = encodings.get(object);
  if (bytes === undefined) {
    // Its own allocation, not a slice of Buffer.from's shared 8 KB pool: an encoding lives as long
    // as its cache entry, and a pooled slice would keep the whole pool chunk alive with it.
    const text = JSON.stringify(object);
    bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
    bytes.write(text);
    encodings.set(object, bytes);
  }
  return bytes;
}

/** `Buffer.from(JSON.stringify(object))`, not memoized (for objects that are not the cache's). */
export function encodeFresh(object: object): Buffer {
  return Buffer.from(JSON.stringify(object));
}

/** About how many bytes go into one write of a streamed list (a chunk of the response body). */
export const LIST_CHUNK_BYTES = 256 * 1024;

const COMMA = Buffer.from(',');

/**
 * Writes the JSON object `{...head, "items": [...]}` with status `code`: the same bytes as
 * `JSON.stringify({ ...head, items })` (for `encodeFresh` and `encodeOnce`), built by concatenating
 * each item's encoding. A body that fits in one chunk is sent whole with a Content-Length; a larger
 * one is streamed chunk by chunk (chunked transfer encoding), filling the next chunk only when the
 * socket has taken the last, so a huge list neither blocks the event loop for long nor piles up in
 * memory for a slow client. The chunks after the first are copied into one reused buffer: a list
 * allocates about one chunk, not its whole size (which would press the GC on every large list).
 * Resolves when the body is written or the client went away. `head` must not have an `items` key.
 */
export async function writeJSONList(res: ServerResponse, code: number, head: Record<string, unknown>, items: readonly object[], encode: (item: object) => Buffer = encodeOnce): Promise<void> {
  const open = JSON.stringify(head);
  const first: Buffer[] = [Buffer.from(`${open.slice(0, -1)}${open.length > 2 ? ',' : ''}"items":[`)];
  let size = first[0]!.length;
  let next = 0;
  for (; next < items.length && size < LIST_CHUNK_BYTES; next++) {
    if (next > 0) first.push(COMMA);
    const bytes = encode(items[next]!);
    first.push(bytes);
    size += bytes.length + 1;
  }
  if (next === items.length) {
    const body = Buffer.concat([...first, END]);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
    return;
  }
  res.writeHead(code, { 'Content-Type': 'application/json' }); // no length: chunked transfer encoding
  await written(res, Buffer.concat(first));
  const chunk = Buffer.allocUnsafe(LIST_CHUNK_BYTES);
  let carry: Buffer | undefined; // an encoding that did not fit in the last chunk
  while ((carry !== undefined || next < items.length) && !res.destroyed) {
    let used = 0;
    for (;;) {
      const bytes = carry ?? (next < items.length ? encode(items[next++]!) : undefined);
      carry = undefined;
      if (bytes === undefined) break;
      if (used + 1 + bytes.length > chunk.length) {
        if (used > 0) {
          carry = bytes;
          break;
        }
        // Larger than a chunk on its own: sent as it is (encodings are never written to).
        await written(res, COMMA);
        await written(res, bytes);
        break;
      }
      chunk[used++] = 0x2c; // ','
      used += bytes.copy(chunk, used);
    }
    // The chunk is refilled only once the socket has taken these bytes.
    if (used > 0 && !res.destroyed) await written(res, chunk.subarray(0, used));
  }
  if (!res.destroyed) res.end(END);
}

/** Writes `data` and resolves once the socket has taken it (its buffer may then be reused), or `res` closed. */
function written(res: ServerResponse, data: Buffer): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('close', done);
      resolve();
    };
    res.on('close', done);
    res.write(data, done);
  });
}

const END = Buffer.from(']}');
/** Resolves when `res` can take more data, or when it closed (then nothing more is written). */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
