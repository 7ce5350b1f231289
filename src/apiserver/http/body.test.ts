import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { StatusError } from '../../util/errors.js';
import { decodeBody, mediaTypeOf, readBody } from './body.js';

let server: Server;
let port = 0;
before(async () => {
  server = createServer((req, res) => {
    readBody(req, 1024).then(
      (body) => res.end(`read ${body.length}`),
      (err: StatusError) => {
        res.statusCode = err.code;
        res.end(err.message);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function post(body: Buffer, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, method: 'POST', headers: chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': body.length } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('bodies up to the limit are read; larger ones get 413, declared or streamed', async () => {
  assert.deepEqual(await post(Buffer.alloc(1024), false), { status: 200, text: 'read 1024' });
  assert.deepEqual(await post(Buffer.alloc(1025), false), { status: 413, text: 'Request entity too large: limit is 1024' });
  assert.deepEqual(await post(Buffer.alloc(5000), true), { status: 413, text: 'Request entity too large: limit is 1024' });
});

test('JSON and YAML decode; malformed input is a 400 that says why', () => {
  assert.deepEqual(decodeBody('application/json', Buffer.from('{"kind":"Pod"}')), { kind: 'Pod' });
  assert.deepEqual(decodeBody('application/yaml', Buffer.from('kind: Pod\nmetadata:\n  name: x\n')), { kind: 'Pod', metadata: { name: 'x' } });
  for (const [type, text] of [
    ['application/json', '{"kind": '],
    ['application/yaml', 'kind: [unclosed'],
    ['application/json', '   '],
  ] as const) {
    assert.throws(() => decodeBody(type, Buffer.from(text)), (err: unknown) => err instanceof StatusError && err.code === 400);
  }
  assert.equal(mediaTypeOf('application/JSON; charset=utf-8'), 'application/json');
});
