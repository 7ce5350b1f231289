import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { GnosticDocument } from './gnostic.js';
import { OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_DEPRECATED, OpenAPIV2Handler } from './v2-handler.js';

const document = { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {}, definitions: { big: { description: 'x'.repeat(5000), type: 'object' } } };
let builds = 0;
const handler = new OpenAPIV2Handler(() => {
  builds++;
  return document;
});
const server = createServer((req, res) => handler.serve(req, res));
let port = 0;

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A raw GET (fetch would decompress and hide Content-Encoding). */
function get(headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/openapi/v2', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('JSON by default and for application/json, with a quoted SHA-512 ETag', async () => {
  const res = await get({});
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(res.body.toString()), document);
  assert.match(res.headers['etag']!, /^"[0-9A-F]{128}"$/);
  assert.ok(res.headers['last-modified']);
  assert.equal((await get({ Accept: 'application/json' })).headers['content-type'], 'application/json');
});

test('protobuf for the gnostic media types, answered with the current type name', async () => {
  for (const accept of [OPENAPI_V2_PROTOBUF_DEPRECATED, OPENAPI_V2_PROTOBUF, `${OPENAPI_V2_PROTOBUF_DEPRECATED}, application/json`]) {
    const res = await get({ Accept: accept });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], OPENAPI_V2_PROTOBUF);
    const decoded = GnosticDocument.toObject(GnosticDocument.decode(res.body)) as { swagger: string; info: { title: string } };
    assert.equal(decoded.swagger, '2.0');
    assert.equal(decoded.info.title, 'Kubernetes');
  }
  // One ETag for both encodings (it is the JSON document's), as upstream.
  assert.equal((await get({ Accept: OPENAPI_V2_PROTOBUF })).headers['etag'], (await get({})).headers['etag']);
});

test('If-None-Match with the current ETag answers 304 without a body', async () => {
  const { headers } = await get({});
  const res = await get({ 'If-None-Match': headers['etag']! });
  assert.equal(res.status, 304);
  assert.equal(res.body.length, 0);
  assert.equal(res.headers['etag'], headers['etag']);
  assert.equal((await get({ 'If-None-Match': '"other"' })).status, 200);
  assert.equal((await get({ 'If-None-Match': `"other", W/${headers['etag']!}` })).status, 304);
});

test('gzip when the client accepts it', async () => {
  const res = await get({ 'Accept-Encoding': 'gzip, deflate' });
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.deepEqual(JSON.parse(gunzipSync(res.body).toString()), document);
  assert.equal((await get({ 'Accept-Encoding': 'gzip;q=0' })).headers['content-encoding'], undefined);
});

test('an unacceptable media type is 406, and the document is built once', async () => {
  assert.equal((await get({ Accept: 'text/html' })).status, 406);
  assert.equal(builds, 1);
});
