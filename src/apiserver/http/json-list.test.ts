import assert from 'node:assert/strict';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { encodeFresh, encodeOnce, LIST_CHUNK_BYTES, writeJSONList } from './json-list.js';

const pod = (i: number): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `pod-${i}`, namespace: 'x', resourceVersion: String(100 + i), labels: { app: 'ü😀"\\' } },
  spec: { containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', `echo ${'x'.repeat(i % 50)}\n`] }] },
});

/** Serves one response written by `handler`; returns what a client received and what the handler returned. */
async function serve(handler: (res: ServerResponse) => Promise<void>, client: (port: number) => Promise<unknown> = fetchBody): Promise<{ client: unknown; handled: Promise<void> }> {
  let handled!: Promise<void>;
  const server = createServer((_req, res) => {
    handled = handler(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const received = await client((server.address() as AddressInfo).port);
    return { client: received, handled };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function fetchBody(port: number): Promise<{ headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    get({ port, host: '127.0.0.1', path: '/' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

test('encodeOnce encodes an object once and returns the same bytes as JSON.stringify', () => {
  const object = pod(1);
  const first = encodeOnce(object);
  assert.equal(first.toString('utf8'), JSON.stringify(object));
  assert.equal(encodeOnce(object), first, 'the memoized buffer is returned again');
  assert.notEqual(encodeOnce(pod(1)), first, 'memoized by identity, not by value');
  assert.equal(encodeFresh(object).toString('utf8'), JSON.stringify(object));
});

const many = Math.ceil((3 * LIST_CHUNK_BYTES) / JSON.stringify(pod(0)).length);
const huge = (i: number): Record<string, unknown> => ({ ...pod(i), data: 'h'.repeat(LIST_CHUNK_BYTES + i) });
for (const [name, build] of [
  ['an empty list', () => []],
  ['a small list', () => [pod(0), pod(1), pod(2)]],
  ['a list larger than one chunk', () => Array.from({ length: many }, (_, i) => pod(i))],
  ['a list with items larger than a chunk', () => [huge(0), ...Array.from({ length: many }, (_, i) => (i === 900 || i === 901 ? huge(i) : pod(i))), huge(1)]],
] as const) {
  test(`writeJSONList sends ${name} as exactly JSON.stringify of the list object`, async () => {
    const items: Record<string, unknown>[] = build();
    const head = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7', continue: 'abc' } };
    for (const encode of [encodeOnce, encodeFresh]) {
      const { client, handled } = await serve((res) => writeJSONList(res, 200, head, items, encode));
      await handled;
      const { headers, body } = client as Awaited<ReturnType<typeof fetchBody>>;
      assert.equal(body, JSON.stringify({ ...head, items }));
      assert.deepEqual(JSON.parse(body), { ...head, items });
      assert.equal(headers['content-type'], 'application/json');
      if (Buffer.byteLength(body) <= LIST_CHUNK_BYTES) assert.equal(headers['content-length'], String(Buffer.byteLength(body)));
      else assert.equal(headers['transfer-encoding'], 'chunked');
    }
  });
}

test('writeJSONList encodes ahead of a slow client by a bounded amount, and finishes when it reads on', async () => {
  // ~40 MB: well beyond what the kernel's socket buffers (a few MB each way) take from a paused client.
  const padding = 'p'.repeat(2000);
  const items = Array.from({ length: 20_000 }, (_, i) => ({ ...pod(i), padding }));
  let encoded = 0;
  const counting = (item: object): Buffer => {
    encoded++;
    return encodeFresh(item);
  };
  const { client, handled } = await serve(
    (res) => writeJSONList(res, 200, { kind: 'PodList' }, items, counting),
    (port) =>
      new Promise((resolve, reject) => {
        get({ port, host: '127.0.0.1', path: '/' }, (res) => {
          res.pause();
          setTimeout(() => {
            const whilePaused = encoded;
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ whilePaused, body: Buffer.concat(chunks).toString('utf8') }));
            res.resume();
          }, 300);
        }).on('error', reject);
      }),
  );
  await handled;
  const { whilePaused, body } = client as { whilePaused: number; body: string };
  assert.ok(whilePaused < items.length / 2, `encoded ${whilePaused} of ${items.length} items while the client read nothing`);
  assert.equal(encoded, items.length);
  assert.equal((JSON.parse(body) as { items: unknown[] }).items.length, items.length);
});

test('writeJSONList stops and resolves when the client goes away mid-list', async () => {
  const items = Array.from({ length: 20_000 }, (_, i) => pod(i));
  let encoded = 0;
  const { handled } = await serve(
    (res) =>
      writeJSONList(res, 200, { kind: 'PodList' }, items, (item) => {
        encoded++;
        return encodeFresh(item);
      }),
    (port) =>
      new Promise<void>((resolve, reject) => {
        const req = get({ port, host: '127.0.0.1', path: '/' }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      }),
  );
  await handled;
  assert.ok(encoded < items.length, `encoded ${encoded} of ${items.length} items for a client that left`);
});
