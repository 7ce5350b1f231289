import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { StatusError } from '../../util/errors.js';
import { BadRequestError, RequestEntityTooLargeError } from '../../util/errors.js';

/** Upstream's request body limit (apiserver MaxRequestBodyBytes, 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * Reads a request body, refusing one larger than `limit` as soon as it is known to be (from
 * Content-Length, or while streaming) with 413, as upstream does. Resolves with the bytes.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const tooLarge = (): StatusError => new RequestEntityTooLargeError(`Request entity too large: limit is ${limit}`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // drain, so the connection can carry the error response
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

/** The media type of a Content-Type header, without parameters, lower-cased. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Decodes a JSON or YAML body into a plain value. Malformed input is a 400 whose message says
 * where it broke, in the shape kubectl prints (`Error from server (BadRequest): …`).
 */
export function decodeBody(mediaType: string, body: Buffer): unknown {
  const text = body.toString('utf8');
  if (text.trim() === '') throw new BadRequestError('the request body is empty; send a JSON or YAML object');
  if (mediaType === 'application/yaml' || mediaType === 'application/apply-patch+yaml') {
    try {
      return parseYaml(text, { uniqueKeys: false, maxAliasCount: 100 }) as unknown;
    } catch (err) {
      throw new BadRequestError(`error converting YAML to JSON: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BadRequestError(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}
