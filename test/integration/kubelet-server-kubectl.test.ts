import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { KubeletServer } from '../../src/kubelet/server/kubelet-server.js';
import { TestHost } from '../support/kubelet-server-fixture.js';
import { FakeApiServer } from '../support/fake-apiserver-proxy.js';
import { Kubectl, kubectlSkipReason } from '../support/kubectl.js';

// The real kubectl 1.32 against the kubelet server, through a pass-through fake API server.
const skip = kubectlSkipReason();
let host: TestHost;
let kubelet: KubeletServer;
let api: FakeApiServer;
let kubectl: Kubectl;
let echo: Server;
let echoPort: number;
const echoSockets = new Set<Socket>();

before(async () => {
  if (skip) return;
  host = new TestHost();
  kubelet = new KubeletServer(host, { port: 0 });
  await kubelet.start();
  api = new FakeApiServer(kubelet.port, () => host.listPods());
  kubectl = new Kubectl(await api.start());
  // An upper-casing echo server stands in for the pod's port.
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
  if (skip) return;
  for (const s of echoSockets) s.destroy();
  await new Promise((r) => echo.close(r));
  await api.stop();
  await kubelet.stop();
  kubectl.dispose();
  host.dispose();
});

test('kubectl exec: output, stdin, and exit codes', { skip }, async () => {
  assert.equal(await kubectl.ok(['exec', 'web', '-c', 'app', '--', 'echo', 'hello']), 'hello\n');
  const piped = await kubectl.ok(['exec', '-i', 'web', '-c', 'app', '--', 'tr', 'a-z', 'A-Z'], { stdin: 'shout\n' });
  assert.equal(piped, 'SHOUT\n');
  const failed = await kubectl.run(['exec', 'web', '-c', 'app', '--', 'sh', '-c', 'echo oops >&2; exit 3']);
  assert.equal(failed.code, 3);
  assert.equal(failed.stderr, 'oops\ncommand terminated with exit code 3\n');
});

test('kubectl logs: current, previous, tail', { skip }, async () => {
  assert.equal(await kubectl.ok(['logs', 'web', '-c', 'app']), 'line one\nline two\n');
  assert.equal(await kubectl.ok(['logs', 'web', '-c', 'app', '--previous']), 'previous attempt\n');
  assert.equal(await kubectl.ok(['logs', 'web', '-c', 'app', '--tail=1', '--timestamps']), '2024-05-01T10:00:02Z line two\n');
});

async function roundTrip(port: number, text: string): Promise<string> {
  const s = connect(port, '127.0.0.1');
  await once(s, 'connect');
  let got = '';
  s.on('data', (d) => (got += d.toString()));
  s.end(text);
  await once(s, 'close');
  return got;
}

test('kubectl port-forward (SPDY tunnelled in a WebSocket): several connections, large transfers', { skip }, async () => {
  const pf = kubectl.start(['port-forward', 'pod/web', `:${echoPort}`]);
  let stdout = '';
  let stderr = '';
  pf.stderr.on('data', (d) => (stderr += d.toString()));
  const localPort = await new Promise<number>((resolve, reject) => {
    pf.stdout.on('data', (d) => {
      stdout += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    pf.once('exit', () => reject(new Error(`kubectl port-forward exited: ${stderr}`)));
  });
  try {
    const results = await Promise.all([roundTrip(localPort, 'one'), roundTrip(localPort, 'two'), roundTrip(localPort, 'three')]);
    assert.deepEqual(results, ['ONE', 'TWO', 'THREE']);
    const big = 'x'.repeat(3 * 1024 * 1024);
    assert.equal(await roundTrip(localPort, big), big.toUpperCase());
    assert.equal(stderr, '');
  } finally {
    pf.kill('SIGTERM');
    await once(pf, 'exit');
  }
});
