import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { acceptsType, parseAccept } from '../http/negotiate.js';
import { encodeGnosticDocument } from './gnostic.js';

/** The protobuf media type upstream answers with, and the deprecated one clients (kubectl) ask for. */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
export const OPENAPI_V2_PROTOBUF_DEPRECATED = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/** gziphandler's default: smaller bodies are not worth compressing. */
const GZIP_MIN_BYTES = 1400;

/**
 * Serves `/openapi/v2` as kube-openapi's handler does: JSON or gnostic protobuf by `Accept` (406
 * when neither is acceptable), `Vary: Accept`, an `ETag` (upper-case hex SHA-512 of the JSON
 * document, quoted, the same for both encodings) with `If-None-Match` answered 304, a
 * `Last-Modified` of when the document was built, and gzip when the client accepts it.
 *
 * The document is built on the first request (from the resources served at that time) and each
 * encoding once; it never changes while the server runs.
 */
export class OpenAPIV2Handler {
  private json: Buffer | undefined;
  private protobuf: Buffer | undefined;
  private readonly gzipped = new Map<'json' | 'protobuf', Buffer>();
  private etag = '';
  private lastModified = '';

  constructor(private readonly build: () => Record<string, unknown>) {}

  serve(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Vary', ['Accept', 'Accept-Encoding']);
    const format = chooseFormat(req.headers.accept);
    if (!format) {
      res.writeHead(406, { 'Content-Length': 0 });
      res.end();
      return;
    }
    const json = this.jsonBytes();
    const data = format === 'json' ? json : (this.protobuf ??= Buffer.from(encodeGnosticDocument(JSON.parse(json.toString('utf8')) as Record<string, unknown>)));
    res.setHeader('Content-Type', format === 'json' ? 'application/json' : OPENAPI_V2_PROTOBUF);
    res.setHeader('Etag', this.etag);
    if (notModified(req.headers['if-none-match'], this.etag)) {
      res.removeHeader('Content-Type');
      res.writeHead(304);
      res.end();
      return;
    }
    res.setHeader('Last-Modified', this.lastModified);
    const gzip = data.length >= GZIP_MIN_BYTES && acceptsGzip(req.headers['accept-encoding']);
    let body = data;
    if (gzip) {
      body = this.gzipped.get(format) ?? gzipSync(data);
      this.gzipped.set(format, body);
    }
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', body.length);
    res.writeHead(200);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private jsonBytes(): Buffer {
    if (!this.json) {
      this.json = Buffer.from(JSON.stringify(this.build()));
      this.etag = JSON.stringify(createHash('sha512').update(this.json).digest('hex').toUpperCase());
      this.lastModified = new Date().toUTCString();
    }
    return this.json;
  }
}

/** The first acceptable format in the client's preference order (goautoneg's, as upstream). */
function chooseFormat(accept: string | undefined): 'json' | 'protobuf' | undefined {
  for (const range of parseAccept(accept)) {
    if (acceptsType(range, 'application/json')) return 'json';
    if (acceptsType(range, OPENAPI_V2_PROTOBUF_DEPRECATED) || acceptsType(range, OPENAPI_V2_PROTOBUF)) return 'protobuf';
  }
  return undefined;
}

/** Go's http.ServeContent If-None-Match check: `*` or any listed tag, weak or strong, matches. */
function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return coding === 'gzip' && (q === undefined || Number(q.slice(2)) > 0);
  });
}
