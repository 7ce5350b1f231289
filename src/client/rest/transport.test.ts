import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { StatusError } from '../../util/errors.js';
import { KTS_VERSION } from '../../util/version.js';
import { RestClient } from './rest-client.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, attempt: number) => void;

/** A node:http server answering with `handler`; counts the requests it saw. */
async function fakeServer(handler: Handler, port = 0): Promise<{ url: string; port: number; seen: () => number; close: () => Promise<void> }> {
  let seen = 0;
  const server = http.createServer((req, res) => {
    seen++;
    req.resume();
    req.on('end', () => handler(req, res, seen));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    seen: () => seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };
const FAST = { qps: Infinity, backoff: { initialMs: 5, maxMs: 20 } };

function status(res: http.ServerResponse, code: number, reason: string, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code, message: `${reason} here` }));
}

const clients: RestClient[] = [];
function client(url: string, extra: Partial<ConstructorParameters<typeof RestClient>[0]> = {}): RestClient {
  const c = new RestClient({ server: url, ...FAST, ...extra });
  clients.push(c);
  return c;
}
after(() => clients.forEach((c) => c.close()));

describe('RestClient transport', () => {
  it('sends the kts user agent and bearer token, and builds resource paths', async () => {
    let seenReq: http.IncomingMessage | undefined;
    const server = await fakeServer((req, res) => {
      seenReq = req;
      res.end(JSON.stringify({ metadata: { name: 'x' } }));
    });
    try {
      const got = await client(server.url, { bearerToken: 't0k' }).resource(CONFIGMAPS).namespace('ns 1').get('x');
      assert.deepEqual(got, { metadata: { name: 'x' } });
      assert.equal(seenReq?.headers['user-agent'], `kts/${KTS_VERSION}`);
      assert.equal(seenReq?.headers.authorization, 'Bearer t0k');
      assert.equal(seenReq?.url, '/api/v1/namespaces/ns%201/configmaps/x');
    } finally {
      await server.close();
    }
  });

  it('turns a Status answer into a StatusError without retrying', async () => {
    const server = await fakeServer((_req, res) => status(res, 404, 'NotFound'));
    try {
      await assert.rejects(client(server.url).resource(CONFIGMAPS).namespace('d').get('x'), (err: unknown) => {
        assert.ok(err instanceof StatusError);
        assert.equal(err.code, 404);
        assert.equal(err.reason, 'NotFound');
        assert.equal(err.message, 'NotFound here');
        return true;
      });
      assert.equal(server.seen(), 1);
    } finally {
      await server.close();
    }
  });

  it('retries a GET after 503 honouring Retry-After', async () => {
    const server = await fakeServer((_req, res, n) => {
      if (n === 1) status(res, 503, 'ServiceUnavailable', { 'retry-after': '1' });
      else res.end('{"metadata":{"name":"x"}}');
    });
    try {
      const start = performance.now();
      await client(server.url).resource(CONFIGMAPS).namespace('d').get('x');
      assert.ok(performance.now() - start >= 950, 'waited for Retry-After');
      assert.equal(server.seen(), 2);
    } finally {
      await server.close();
    }
  });

  it('does not retry a write after 503, but does after 429', async () => {
    const server = await fakeServer((req, res, n) => {
      if (req.method === 'PUT') status(res, 503, 'ServiceUnavailable');
      else if (n === 1) status(res, 429, 'TooManyRequests', { 'retry-after': '0' });
      else res.end('{"metadata":{"name":"x"}}');
    });
    try {
      const cms = client(server.url).resource(CONFIGMAPS).namespace('d');
      await cms.create({ metadata: { name: 'x' } });
      assert.equal(server.seen(), 2);
      await assert.rejects(cms.update({ metadata: { name: 'x' } }), { code: 503 });
      assert.equal(server.seen(), 3);
    } finally {
      await server.close();
    }
  });

  it('gives up after maxAttempts', async () => {
    const server = await fakeServer((_req, res) => status(res, 429, 'TooManyRequests'));
    try {
      await assert.rejects(client(server.url, { maxAttempts: 3 }).resource(CONFIGMAPS).list(), { code: 429, reason: 'TooManyRequests' });
      assert.equal(server.seen(), 3);
    } finally {
      await server.close();
    }
  });

  it('retries even a POST while the connection is refused, until the server is up', async () => {
    const probe = await fakeServer(() => undefined);
    const port = probe.port;
    await probe.close();
    const c = client(`http://127.0.0.1:${port}`, { backoff: { initialMs: 50, maxMs: 100 }, maxAttempts: 20 });
    const creating = c.resource(CONFIGMAPS).namespace('d').create({ metadata: { name: 'late' } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const server = await fakeServer((_req, res) => res.end('{"metadata":{"name":"late"}}'), port);
    try {
      assert.deepEqual(await creating, { metadata: { name: 'late' } });
      assert.equal(server.seen(), 1);
    } finally {
      await server.close();
    }
  });

  it('does not retry a POST whose connection broke after it was sent', async () => {
    const server = await fakeServer((req) => req.socket.destroy());
    try {
      await assert.rejects(client(server.url).resource(CONFIGMAPS).namespace('d').create({ metadata: { name: 'x' } }), /socket hang up|ECONNRESET/);
      assert.equal(server.seen(), 1);
      await assert.rejects(client(server.url, { maxAttempts: 2 }).resource(CONFIGMAPS).namespace('d').get('x'), /socket hang up|ECONNRESET/);
      assert.equal(server.seen(), 3, 'a GET is retried');
    } finally {
      await server.close();
    }
  });

  it('aborts a call, including its backoff wait, on the AbortSignal', async () => {
    const server = await fakeServer((_req, res) => status(res, 503, 'ServiceUnavailable', { 'retry-after': '30' }));
    try {
      const controller = new AbortController();
      const getting = client(server.url).resource(CONFIGMAPS).namespace('d').get('x', { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(getting, { name: 'AbortError' });
      assert.equal(server.seen(), 1);
    } finally {
      await server.close();
    }
  });

  it('follows continue pages and fills in apiVersion/kind of items', async () => {
    const server = await fakeServer((req, res) => {
      const query = new URL(req.url!, 'http://x').searchParams;
      assert.equal(query.get('limit'), '1');
      const page = query.get('continue') ?? '0';
      const next = page === '0' ? '1' : page === '1' ? '2' : '';
      res.end(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMapList',
          metadata: { resourceVersion: '7', ...(next ? { continue: next } : {}) },
          items: [{ metadata: { name: `cm${page}` } }],
        }),
      );
    });
    try {
      const list = await client(server.url).resource(CONFIGMAPS).list({ limit: 1 });
      assert.equal(list.resourceVersion, '7');
      assert.deepEqual(
        list.items.map((i) => [i.apiVersion, i.kind, i.metadata.name]),
        [['v1', 'ConfigMap', 'cm0'], ['v1', 'ConfigMap', 'cm1'], ['v1', 'ConfigMap', 'cm2']],
      );
      assert.equal(server.seen(), 3);
    } finally {
      await server.close();
    }
  });
});

describe('RestClient watch', () => {
  it('yields events written in odd chunks, passes ERROR through, and ends when the server closes', async () => {
    const lines =
      '{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"2"}}}\n' +
      '{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","metadata":{}}}\n';
    const server = await fakeServer((req, res) => {
      assert.match(req.url!, /watch=true&resourceVersion=1/);
      res.writeHead(200, { 'content-type': 'application/json' });
      let i = 0;
      const timer = setInterval(() => {
        res.write(lines.slice(i, i + 17));
        i += 17;
        if (i >= lines.length) {
          clearInterval(timer);
          res.end();
        }
      }, 2);
    });
    try {
      const watch = await client(server.url).resource(CONFIGMAPS).watch({ resourceVersion: '1' });
      const types = [];
      for await (const event of watch) types.push(event.type);
      assert.deepEqual(types, ['ADDED', 'ERROR']);
    } finally {
      await server.close();
    }
  });

  it('stop() ends an open watch', async () => {
    const server = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n');
    });
    try {
      const watch = await client(server.url).resource(CONFIGMAPS).watch({ resourceVersion: '0' });
      const names = [];
      for await (const event of watch) {
        names.push(event.object.metadata.name);
        watch.stop();
        watch.stop();
      }
      assert.deepEqual(names, ['a']);
    } finally {
      await server.close();
    }
  });

  it('aborting the signal ends an open watch quietly', async () => {
    const server = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n');
    });
    try {
      const controller = new AbortController();
      const watch = await client(server.url).resource(CONFIGMAPS).watch({ resourceVersion: '0', signal: controller.signal });
      const names = [];
      for await (const event of watch) {
        names.push(event.object.metadata.name);
        setTimeout(() => controller.abort(), 20);
      }
      assert.deepEqual(names, ['a']);
    } finally {
      await server.close();
    }
  });

  it('throws when the server breaks the stream off mid-frame', async () => {
    const server = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n{"type":"MODI');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    try {
      const watch = await client(server.url).resource(CONFIGMAPS).watch({ resourceVersion: '0' });
      const names: (string | undefined)[] = [];
      await assert.rejects(async () => {
        for await (const event of watch) names.push(event.object.metadata.name);
      });
      assert.deepEqual(names, ['a']);
    } finally {
      await server.close();
    }
  });
});
