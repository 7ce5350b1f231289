import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { newRequestForHTTPGetAction } from './http-get.js';
import { runHttpProbe } from './http-probe.js';
import { closedPort, httpServer, httpsServer, selfSignedCert, type TestServer } from './servers.testing.js';

const container = { name: 'web', ports: [{ name: 'http', containerPort: 0 }] };

function request(port: number | string, path = '/healthz', extra: Record<string, unknown> = {}) {
  return newRequestForHTTPGetAction({ port, path, ...extra }, container, '127.0.0.1', 'probe');
}

describe('httpGet probe against a real HTTP server', () => {
  let server: TestServer;
  let seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  before(async () => {
    server = await httpServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/healthz') res.end('ok');
      else if (url.pathname === '/fail') res.writeHead(500).end('secret detail');
      else if (url.pathname === '/big') res.end('x'.repeat(20 * 1024));
      else if (url.pathname === '/hop') res.writeHead(302, { location: '/healthz' }).end();
      else if (url.pathname === '/away') res.writeHead(301, { location: `http://localhost:${server.port}/healthz` }).end('moved');
      else if (url.pathname === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else if (url.pathname === '/hang') req.socket.setTimeout(0); // never answers
      else if (url.pathname === '/close') req.socket.destroy();
      else res.writeHead(404).end();
    });
  });
  after(() => server.close());

  test('a 200 succeeds with the body; upstream headers are sent', async () => {
    seen = [];
    container.ports[0]!.containerPort = server.port;
    const result = await runHttpProbe(
      request('http', '/healthz?x=1', { httpHeaders: [{ name: 'x-custom', value: 'a' }, { name: 'X-Custom', value: 'b' }] }),
      1000,
    );
    assert.deepEqual(result, { outcome: 'success', output: 'ok' });
    assert.equal(seen[0]!.url, '/healthz?x=1');
    assert.equal(seen[0]!.headers['user-agent'], 'kube-probe/1.32');
    assert.equal(seen[0]!.headers.accept, '*/*');
    assert.equal(seen[0]!.headers['x-custom'], 'a, b');
    assert.equal(seen[0]!.headers.connection, 'close');
  });

  test('given User-Agent and Host headers win; an empty Accept removes it', async () => {
    seen = [];
    await runHttpProbe(request(server.port, '/healthz', { httpHeaders: [
      { name: 'user-agent', value: 'mine' }, { name: 'Host', value: 'example.test' }, { name: 'Accept', value: '' },
    ] }), 1000);
    assert.equal(seen[0]!.headers['user-agent'], 'mine');
    assert.equal(seen[0]!.headers.host, 'example.test');
    assert.equal(seen[0]!.headers.accept, undefined);
  });

  test('a 500 fails with the status code only', async () => {
    assert.deepEqual(await runHttpProbe(request(server.port, '/fail'), 1000), {
      outcome: 'failure',
      output: 'HTTP probe failed with statuscode: 500',
    });
  });

  test('the body is read up to 10 KiB', async () => {
    const result = await runHttpProbe(request(server.port, '/big'), 1000);
    assert.equal(result.outcome, 'success');
    assert.equal(result.output.length, 10 * 1024);
  });

  test('same-host redirects are followed; another host ends with a warning', async () => {
    assert.deepEqual(await runHttpProbe(request(server.port, '/hop'), 1000), { outcome: 'success', output: 'ok' });
    assert.deepEqual(await runHttpProbe(request(server.port, '/away'), 1000), {
      outcome: 'warning',
      output: 'Probe terminated redirects, Response body: moved',
    });
  });

  test('a redirect loop stops after 10 requests', async () => {
    seen = [];
    const result = await runHttpProbe(request(server.port, '/loop'), 1000);
    assert.deepEqual(result, { outcome: 'failure', output: 'Get "/loop": stopped after 10 redirects' });
    assert.equal(seen.length, 10);
  });

  test('a server that does not answer in time fails with the client timeout', async () => {
    const result = await runHttpProbe(request(server.port, '/hang'), 300);
    assert.deepEqual(result, {
      outcome: 'failure',
      output: `Get "http://127.0.0.1:${server.port}/hang": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    });
  });

  test('a connection closed before the response fails with EOF', async () => {
    const result = await runHttpProbe(request(server.port, '/close'), 1000);
    assert.deepEqual(result, { outcome: 'failure', output: `Get "http://127.0.0.1:${server.port}/close": EOF` });
  });

  test('HTTPS to a plain HTTP server fails as Go says', async () => {
    const result = await runHttpProbe(request(server.port, '/healthz', { scheme: 'HTTPS' }), 1000);
    assert.deepEqual(result, {
      outcome: 'failure',
      output: `Get "https://127.0.0.1:${server.port}/healthz": http: server gave HTTP response to HTTPS client`,
    });
  });
});

test('a refused connection fails with the dial error', async () => {
  const port = await closedPort();
  assert.deepEqual(await runHttpProbe(request(port), 1000), {
    outcome: 'failure',
    output: `Get "http://127.0.0.1:${port}/healthz": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  });
});

test('HTTPS with a self-signed certificate succeeds (no verification)', async () => {
  const server = await httpsServer((_req, res) => res.end('secure'), selfSignedCert());
  try {
    assert.deepEqual(await runHttpProbe(request(server.port, '/', { scheme: 'HTTPS' }), 2000), { outcome: 'success', output: 'secure' });
  } finally {
    await server.close();
  }
});

describe('request building', () => {
  test('host defaults to the pod IP; named ports resolve; URL as Go prints it', () => {
    const r = newRequestForHTTPGetAction({ port: 'metrics', path: 'a b' }, { ports: [{ name: 'metrics', containerPort: 9090 }] }, '10.42.0.7', 'probe');
    assert.equal(r.host, '10.42.0.7');
    assert.equal(r.port, 9090);
    assert.equal(r.target, '/a%20b');
    assert.equal(r.url, 'http://10.42.0.7:9090/a%20b');
    assert.equal(newRequestForHTTPGetAction({ port: 80, host: '::1', path: '' }, {}, 'x', 'probe').url, 'http://[::1]:80');
  });

  test('bad ports throw upstream errors', () => {
    assert.throws(() => newRequestForHTTPGetAction({ port: 'nope' }, {}, 'x', 'probe'), { message: 'strconv.Atoi: parsing "nope": invalid syntax' });
    assert.throws(() => newRequestForHTTPGetAction({ port: 70000 }, {}, 'x', 'probe'), { message: 'invalid port number: 70000' });
    assert.equal(newRequestForHTTPGetAction({ port: '8080' }, {}, 'x', 'probe').port, 8080);
  });

  test('lifecycle requests carry kube-lifecycle/1.32', () => {
    assert.deepEqual(newRequestForHTTPGetAction({ port: 1 }, {}, 'x', 'lifecycle').headers.get('User-Agent'), ['kube-lifecycle/1.32']);
  });
});
