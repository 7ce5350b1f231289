import type { IncomingMessage } from 'node:http';
import { LineCounter, isScalar, parseDocument, visit, type Document } from 'yaml';
import type { StatusError } from '../../util/errors.js';
import { BadRequestError, RequestEntityTooLargeError } from '../../util/errors.js';
import { jsonDuplicateFields, valueShape, yamlDuplicateMessage, type DuplicateField, type ValueShape } from './duplicate-fields.js';

/**
 * How deeply a body's objects and arrays may nest. Go's encoding/json allows 10,000 levels; ours
 * is lower because JavaScript recursion (JSON.stringify, structuredClone, the patch functions)
 * overflows the stack at about 2,000, and no Kubernetes object nests beyond a few dozen.
 */
export const MAX_NESTING_DEPTH = 1000;

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

export interface DecodedBody {
  readonly value: unknown;
  /** Keys that appear more than once in one object (the last value is kept), in document order. */
  readonly duplicates: readonly DuplicateField[];
}

/**
 * Decodes a JSON or YAML body into a plain value. Malformed input is a 400 whose message says
 * where it broke, in the shape kubectl prints (`Error from server (BadRequest): …`).
 */
export function decodeBody(mediaType: string, body: Buffer): unknown {
  return decodeBodyFields(mediaType, body).value;
}

/** `decodeBody`, also reporting duplicate keys (for `?fieldValidation`). */
export function decodeBodyFields(mediaType: string, body: Buffer): DecodedBody {
  const text = body.toString('utf8');
  if (text.trim() === '') throw new BadRequestError('the request body is empty; send a JSON or YAML object');
  if (mediaType === 'application/yaml' || mediaType === 'application/apply-patch+yaml') return decodeYaml(text);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new BadRequestError(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null) return { value, duplicates: [] };
  const shape = checkShape(value);
  return { value, duplicates: jsonDuplicateFields(text, shape.keys) };
}

/**
 * Refuses a decoded value nested deeper than MAX_NESTING_DEPTH (Go's message) or holding a number
 * JSON cannot represent (Go cannot decode it either); returns its shape.
 */
export function checkShape(value: unknown): ValueShape {
  const shape = valueShape(value);
  if (shape.depth > MAX_NESTING_DEPTH) throw new BadRequestError(`couldn't get version/kind; json parse error: exceeded max depth`);
  if (shape.nonFinite) throw new BadRequestError(`couldn't get version/kind; json parse error: a number is out of the range of float64`);
  return shape;
}

/**
 * YAML as sigs.k8s.io/yaml reads it: YAML 1.2 core schema without the YAML 1.1 tags (`!!binary`,
 * `!!set`, `!!timestamp`… stay plain values, never Uint8Array/Set/Date), aliases limited, mapping
 * keys scalars only (go-yaml cannot turn others into JSON keys), repeated keys reported by line.
 */
function decodeYaml(text: string): DecodedBody {
  const lines = new LineCounter();
  let document;
  try {
    document = parseDocument(text, { uniqueKeys: true, lineCounter: lines, resolveKnownTags: false, logLevel: 'error' });
  } catch (err) {
    throw yamlError(err);
  }
  const fatal = document.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  if (fatal) throw yamlError(fatal);
  let decoded: DecodedBody;
  try {
    const duplicates = yamlKeys(document, lines);
    decoded = { value: document.toJS({ maxAliasCount: 100 }) as unknown, duplicates };
  } catch (err) {
    throw err instanceof BadRequestError ? err : yamlError(err);
  }
  checkShape(decoded.value);
  return decoded;
}

/**
 * Checks every mapping's keys: a key that is not a scalar is refused (as go-yaml's JSON conversion
 * does); repeated keys are returned with the line of each repetition (1-based), in document order.
 */
function yamlKeys(document: Document, lines: LineCounter): DuplicateField[] {
  const found: { offset: number; message: string }[] = [];
  visit(document, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) {
          if (pair.key === null) continue; // `: value` is the null key
          throw new BadRequestError(`error converting YAML to JSON: yaml: invalid map key: ${String(pair.key)}`);
        }
        const key = pair.key.value;
        if (seen.has(key)) {
          const offset = pair.key.range?.[0] ?? 0;
          found.push({ offset, message: yamlDuplicateMessage(lines.linePos(offset).line, key) });
        }
        seen.add(key);
      }
    },
  });
  return found.sort((a, b) => a.offset - b.offset).map(({ message }) => ({ message }));
}

function yamlError(err: unknown): BadRequestError {
  return new BadRequestError(`error converting YAML to JSON: ${(err as Error).message.split('\n')[0]}`);
}
