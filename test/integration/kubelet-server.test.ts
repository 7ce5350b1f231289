import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { KubeletServer, matchRoute } from '../../src/kubelet/server/kubelet-server.js';
import { TestHost } from '../support/kubelet-server-fixture.js';

let host: TestHost;
let server: KubeletServer;
let base: string;
let echo: Server;
let echoPort: number;
const echoSockets = new Set<Socket>();

before(async () => {
  host = new TestHost();
  server = new KubeletServer(host, { port: 0 });
  await server.start();
  base = `127.0.0.1:${server.port}`;
  echo = createServer((s) => {
    echoSockets.add(s);
    s.on('close', () => echoSockets.delete(s));
    s.on('data', (d) => s.write(d.toString().toUpperCase()));
    s.on('end', () => s.end());
  });
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  echoPort = (echo.address() as AddressInfo).port;
});

after(async () => {
  for (const s of echoSockets) s.destroy();
  await new Promise((r) => echo.close(r));
  await server.stop();
  host.dispose();
});

async function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`http://${base}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

interface Session {
  ws: WebSocket;
  channels: Map<number, Buffer>;
  closed: Promise<number>;
}

async function open(path: string, protocols: string[]): Promise<Session> {
  const ws = new WebSocket(`ws://${base}${path}`, protocols);
  const channels = new Map<number, Buffer>();
  ws.on('message', (data: Buffer) => {
    const ch = data[0]!;
    channels.set(ch, Buffer.concat([channels.get(ch) ?? Buffer.alloc(0), data.subarray(1)]));
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await once(ws, 'open');
  return { ws, channels, closed };
}

test('routes: known paths match, others do not', () => {
  assert.deepEqual(matchRoute('/exec/ns/p/c'), { name: 'exec', namespace: 'ns', pod: 'p', container: 'c' });
  assert.deepEqual(matchRoute('/portForward/ns/p'), { name: 'portForward', namespace: 'ns', pod: 'p' });
  assert.equal(matchRoute('/exec/ns/p'), undefined);
  assert.equal(matchRoute('/containerLogs/ns/p/c/extra'), undefined);
  assert.equal(matchRoute('/nope'), undefined);
});

test('healthz, pods, spec, unknown paths', async () => {
  assert.deepEqual(await get('/healthz'), { status: 200, type: 'text/plain; charset=utf-8', body: 'ok' });
  const pods = JSON.parse((await get('/pods')).body);
  assert.equal(pods.kind, 'PodList');
  assert.equal(pods.items[0].metadata.name, 'web');
  assert.equal(JSON.parse((await get('/spec')).body).num_cores, 2);
  assert.deepEqual(await get('/nope'), { status: 404, type: 'text/plain; charset=utf-8', body: '404 page not found\n' });
});

test('stats/summary and metrics/resource report node and container usage', async () => {
  const summary = JSON.parse((await get('/stats/summary')).body);
  assert.equal(summary.node.nodeName, 'node-1');
  assert.equal(summary.node.memory.workingSetBytes, 100);
  assert.equal(summary.pods[0].podRef.uid, 'uid-web');
  assert.equal(summary.pods[0].containers[0].name, 'app');
  assert.equal(summary.pods[0].containers[0].cpu.usageCoreNanoSeconds, 2_500_000_000);
  assert.equal(summary.pods[0].memory.workingSetBytes, 1_048_576);
  // The second scrape has a previous node sample, so a rate.
  const again = JSON.parse((await get('/stats/summary')).body);
  assert.equal(typeof again.node.cpu.usageNanoCores, 'number');
  const metrics = (await get('/metrics/resource')).body;
  assert.match(metrics, /^container_cpu_usage_seconds_total\{container="app",namespace="default",pod="web"\} 2\.5 \d+$/m);
  assert.match(metrics, /^container_memory_working_set_bytes\{container="app",namespace="default",pod="web"\} 1048576 \d+$/m);
  assert.match(metrics, /^node_memory_working_set_bytes 100 \d+$/m);
  assert.match(metrics, /^pod_memory_working_set_bytes\{namespace="default",pod="web"\} 1048576 \d+$/m);
  assert.match(metrics, /^resource_scrape_error 0$/m);
  assert.equal((await get('/metrics')).status, 200);
});

test('containerLogs: options, previous, and upstream errors', async () => {
  assert.equal((await get('/containerLogs/default/web/app')).body, 'line one\nline two\n');
  assert.equal((await get('/containerLogs/default/web/app?tailLines=1&timestamps=true')).body, '2024-05-01T10:00:02Z line two\n');
  assert.equal((await get('/containerLogs/default/web/app?limitBytes=4')).body, 'line');
  assert.equal((await get('/containerLogs/default/web/app?previous=true')).body, 'previous attempt\n');
  assert.deepEqual(await get('/containerLogs/default/nope/app'), { status: 404, type: 'text/plain; charset=utf-8', body: 'pod "nope" does not exist\n' });
  assert.equal((await get('/containerLogs/default/web/ghost')).body, 'container "ghost" not found in pod "web"\n');
  const waiting = await get('/containerLogs/default/web/waiting?previous=true');
  assert.deepEqual([waiting.status, waiting.body], [400, 'previous terminated container "waiting" in pod "web" not found\n']);
  assert.equal((await get('/containerLogs/default/web/waiting')).body, 'container "waiting" in pod "web" is waiting to start: ContainerCreating\n');
  const bad = await get('/containerLogs/default/web/app?tailLines=x');
  assert.deepEqual([bad.status, bad.body], [400, 'invalid value for tailLines: "x" is not an integer\n']);
  assert.equal((await get('/containerLogs/default/web/app?tailLines=-1')).status, 422);
  assert.equal((await get('/containerLogs/default/web/app?sinceSeconds=5&sinceTime=2024-05-01T10:00:00Z')).status, 422);
});

test('containerLogs follow streams until the container stops', async () => {
  const { appendFileSync } = await import('node:fs');
  const res = await fetch(`http://${base}/containerLogs/default/web/app?follow=true&tailLines=0`);
  const reader = res.body!.getReader();
  let text = '';
  const readUntil = async (want: string): Promise<void> => {
    while (!text.includes(want)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before ${JSON.stringify(want)}; got ${JSON.stringify(text)}`);
      text += Buffer.from(value).toString();
    }
  };
  // Keep appending until the follower (which starts at the end) has picked one up.
  const writer = setInterval(() => appendFileSync(host.currentLogPath, '2024-05-01T10:00:03Z stdout F tick\n'), 20);
  try {
    await readUntil('tick\n');
  } finally {
    clearInterval(writer);
  }
  host.runtime.containers.get('c-app')!.status.state = 'exited';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
  } finally {
    host.runtime.containers.get('c-app')!.status.state = 'running';
  }
  assert.match(text, /^(tick\n)+$/);
});

test('exec over v5: stdout/stderr, Success status, normal close', async () => {
  const s = await open('/exec/default/web/app?command=sh&command=-c&command=echo out%3B echo err >%262&output=1&error=1', ['v5.channel.k8s.io']);
  assert.equal(s.ws.protocol, 'v5.channel.k8s.io');
  assert.equal(await s.closed, 1000);
  assert.equal(s.channels.get(1)?.toString(), 'out\n');
  assert.equal(s.channels.get(2)?.toString(), 'err\n');
  assert.equal(s.channels.get(3)?.toString(), '{"metadata":{},"status":"Success"}');
});

test('exec: a non-zero exit is a NonZeroExitCode status with the exit code', async () => {
  const s = await open('/exec/default/web/app?command=sh&command=-c&command=exit 3&output=1', ['v4.channel.k8s.io']);
  await s.closed;
  assert.deepEqual(JSON.parse(s.channels.get(3)!.toString()), {
    metadata: {},
    status: 'Failure',
    message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: '3' }] },
  });
});

test('exec: stdin with the v5 close signal; unknown commands are internal errors', async () => {
  const s = await open('/exec/default/web/app?command=tr&command=a-z&command=A-Z&input=1&output=1', ['v5.channel.k8s.io']);
  s.ws.send(Buffer.concat([Buffer.of(0), Buffer.from('hello\n')]));
  s.ws.send(Buffer.of(255, 0));
  await s.closed;
  assert.equal(s.channels.get(1)?.toString(), 'HELLO\n');
  const bad = await open('/exec/default/web/app?command=/no/such/binary&output=1', ['v5.channel.k8s.io']);
  await bad.closed;
  const status = JSON.parse(bad.channels.get(3)!.toString());
  assert.equal(status.reason, 'InternalError');
  assert.match(status.message, /^Internal error occurred: error executing command in container: exec: "\/no\/such\/binary": spawn \/no\/such\/binary ENOENT$/);
});

test('exec: closing the WebSocket kills the command', async () => {
  const s = await open('/exec/default/web/app?command=sleep&command=1000&output=1', ['v5.channel.k8s.io']);
  while (host.runtime.running.size === 0) await new Promise((r) => setImmediate(r));
  const [child] = [...host.runtime.running];
  s.ws.close();
  await once(child!, 'close');
  assert.equal(child!.signalCode, 'SIGKILL');
});

test('exec with a tty merges stderr and accepts resize events; base64 protocol', async () => {
  const s = await open('/exec/default/web/app?command=sh&command=-c&command=echo err >%262&output=1&error=1&tty=1', ['v4.channel.k8s.io']);
  s.ws.send(Buffer.concat([Buffer.of(4), Buffer.from('{"Width":80,"Height":24}')]));
  await s.closed;
  assert.equal(s.channels.get(1)?.toString(), 'err\n');
  assert.equal(s.channels.has(2), false);
  const ws = new WebSocket(`ws://${base}/exec/default/web/app?command=echo&command=hi&output=1`, ['v4.base64.channel.k8s.io']);
  const texts: string[] = [];
  ws.on('message', (d: Buffer) => texts.push(d.toString()));
  await once(ws, 'close');
  assert.ok(texts.includes('1' + Buffer.from('hi\n').toString('base64')));
  assert.ok(texts.includes('3' + Buffer.from('{"metadata":{},"status":"Success"}').toString('base64')));
});

test('exec/attach request errors are answered before the upgrade', async () => {
  const status = async (path: string, protocols = ['v5.channel.k8s.io']): Promise<number> => {
    const ws = new WebSocket(`ws://${base}${path}`, protocols);
    ws.on('error', () => undefined);
    const [, res] = (await once(ws, 'unexpected-response')) as [unknown, { statusCode: number }];
    return res.statusCode;
  };
  assert.equal(await status('/exec/default/web/app?command=ls'), 400); // no streams
  assert.equal(await status('/exec/default/web/app?output=1'), 400); // no command
  assert.equal(await status('/exec/default/nope/app?command=ls&output=1'), 404);
  assert.equal(await status('/exec/default/web/ghost?command=ls&output=1'), 500);
  assert.equal(await status('/exec/default/web/app?command=ls&output=1', ['nope.k8s.io']), 403);
  assert.equal(await status('/exec/a/b'), 404);
});

test('attach connects to the main process', async () => {
  const s = await open('/attach/default/web/app?input=1&output=1', ['v5.channel.k8s.io']);
  s.ws.send(Buffer.concat([Buffer.of(0), Buffer.from('ping\n')]));
  while (!s.channels.get(1)?.toString().includes('main: ping\n')) await once(s.ws, 'message');
  s.ws.close();
  await s.closed;
});

test('port-forward over the v4 channel protocol (client libraries)', async () => {
  const s = await open(`/portForward/default/web?port=${echoPort}`, ['v4.channel.k8s.io']);
  while ((s.channels.get(0)?.length ?? 0) < 2 || (s.channels.get(1)?.length ?? 0) < 2) await once(s.ws, 'message');
  assert.equal(s.channels.get(0)!.readUInt16LE(0), echoPort);
  s.ws.send(Buffer.concat([Buffer.of(0), Buffer.from('abc')]));
  while (s.channels.get(0)!.length < 5) await once(s.ws, 'message');
  assert.equal(s.channels.get(0)!.subarray(2).toString(), 'ABC');
  s.ws.close();
  await s.closed;
  // A refused connection is reported on the error channel.
  const closedPort = await new Promise<number>((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const bad = await open(`/portForward/default/web?port=${closedPort}`, ['v4.channel.k8s.io']);
  await bad.closed;
  assert.match(bad.channels.get(1)!.subarray(2).toString(), new RegExp(`^error forwarding port ${closedPort} to pod sb-web, uid : failed to connect to localhost:${closedPort} inside namespace: connect ECONNREFUSED`));
});

test('port-forward over a plain SPDY/3.1 upgrade (older kubectl): data + error stream pairs', async () => {
  const { connect } = await import('node:net');
  const { SpdySession } = await import('../../src/kubelet/server/spdy/session.js');
  const socket = connect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(
    'POST /portForward/default/web HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      'X-Stream-Protocol-Version: portforward.k8s.io\r\nContent-Length: 0\r\n\r\n',
  );
  let head = Buffer.alloc(0);
  while (!head.includes('\r\n\r\n')) head = Buffer.concat([head, (await once(socket, 'data'))[0] as Buffer]);
  assert.match(head.toString(), /^HTTP\/1\.1 101 Switching Protocols\r\n/);
  assert.match(head.toString(), /X-Stream-Protocol-Version: portforward\.k8s\.io/);
  socket.pause();
  const rest = head.subarray(head.indexOf('\r\n\r\n') + 4);
  if (rest.length > 0) socket.unshift(rest);
  const session = new SpdySession(socket, { role: 'client' });
  socket.resume();
  try {
    const headers = (type: string): [string, string][] => [['streamtype', type], ['port', String(echoPort)], ['requestid', '0']];
    const error = await session.openStream(headers('error'));
    error.end();
    let errorText = '';
    error.on('data', (d: Buffer) => (errorText += d.toString()));
    const errorEnded = once(error, 'end');
    const data = await session.openStream(headers('data'));
    let got = '';
    data.on('data', (d: Buffer) => (got += d.toString()));
    data.end('spdy');
    await once(data, 'end');
    await errorEnded;
    assert.equal(got, 'SPDY');
    assert.equal(errorText, '');
  } finally {
    session.close();
    socket.destroy();
  }
});
