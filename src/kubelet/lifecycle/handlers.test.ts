import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';
import type { ObjectReference } from '../../client/events/types.js';
import { FakeClock } from '../../client/flowcontrol/clock.js';
import { HostExecRunner } from '../prober/host-exec.testing.js';
import { closedPort, httpServer } from '../prober/servers.testing.js';
import type { ProbePod } from '../prober/types.js';
import { LifecycleHandlerRunner } from './handlers.js';

const pod: ProbePod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', uid: 'uid1' }, spec: { containers: [{ name: 'c' }] } };
const container = { name: 'c' };

function setup(podIP: string | null = '127.0.0.1', clock = new FakeClock()) {
  const runner = new HostExecRunner(new Set(['c1']));
  const events: { ref: ObjectReference; type: string; reason: string; message: string }[] = [];
  const hooks = new LifecycleHandlerRunner({
    runner,
    podIP: () => podIP ?? undefined,
    recorder: { event: (ref, type, reason, message) => void events.push({ ref: ref as ObjectReference, type, reason, message }) },
    clock,
  });
  return { runner, events, hooks, clock };
}

test('exec hook: success, and a failure with upstream message', async () => {
  const { hooks, runner } = setup();
  assert.equal(await hooks.run('process://c1', pod, container, { exec: { command: ['true'] } }), undefined);
  assert.deepEqual(runner.calls[0], { containerId: 'c1', cmd: ['true'], timeoutMs: 0 });
  const failed = await hooks.run('process://c1', pod, container, { exec: { command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] } });
  assert.equal(
    failed?.message,
    'Exec lifecycle hook ([sh -c echo out; echo err >&2; exit 3]) for Container "c" in Pod "p_ns(uid1)" failed - ' +
      'error: command \'sh -c echo out; echo err >&2; exit 3\' exited with 3: err\n, message: "out\\nerr\\n"',
  );
  const gone = await hooks.run('process://zz', pod, container, { exec: { command: ['true'] } });
  assert.equal(gone?.message, 'Exec lifecycle hook ([true]) for Container "c" in Pod "p_ns(uid1)" failed - error: container "zz" not found, message: ""');
});

test('httpGet hook: any HTTP answer succeeds; kube-lifecycle user agent; pod IP as host', async () => {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = await httpServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(500).end('no');
  });
  try {
    const { hooks } = setup();
    assert.equal(await hooks.run('process://c1', pod, container, { httpGet: { port: server.port, path: '/stop' } }), undefined);
    assert.equal(seen[0]?.url, '/stop');
    assert.equal(seen[0]?.headers['user-agent'], 'kube-lifecycle/1.32');
  } finally {
    await server.close();
  }
  const port = await closedPort();
  const failed = await setup().hooks.run('process://c1', pod, container, { httpGet: { port, path: '/stop' } });
  assert.equal(
    failed?.message,
    `HTTP lifecycle hook (/stop) for Container "c" in Pod "p_ns(uid1)" failed - error: Get "http://127.0.0.1:${port}/stop": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  );
  const noIP = await setup(null).hooks.run('process://c1', pod, container, { httpGet: { port, path: '/stop' } });
  assert.match(noIP?.message ?? '', /^HTTP lifecycle hook \(\/stop\) for Container "c" in Pod "p_ns\(uid1\)" failed - error: failed to find networking container/);
});

test('httpGet hook over HTTPS answered by plain HTTP falls back to HTTP without Authorization', async () => {
  const seen: IncomingHttpHeaders[] = [];
  const server = await httpServer((req, res) => {
    seen.push(req.headers);
    res.end('ok');
  });
  try {
    const { hooks, events } = setup();
    const handler = { httpGet: { port: server.port, path: '/', scheme: 'HTTPS', httpHeaders: [{ name: 'Authorization', value: 'Bearer x' }, { name: 'X-A', value: '1' }] } };
    assert.equal(await hooks.run('process://c1', pod, container, handler), undefined);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.authorization, undefined);
    assert.equal(seen[0]?.['x-a'], '1');
    assert.deepEqual(events, [{
      ref: { kind: 'Pod', apiVersion: 'v1', namespace: 'ns', name: 'p', uid: 'uid1' },
      type: 'Warning',
      reason: 'LifecycleHTTPFallback',
      message: `request to HTTPS lifecycle hook 127.0.0.1:${server.port} got HTTP response, retry with HTTP succeeded`,
    }]);
  } finally {
    await server.close();
  }
});

test('sleep hook waits its seconds on the clock and fails when cancelled', async () => {
  const { hooks, clock } = setup();
  let done = false;
  const sleeping = hooks.run('process://c1', pod, container, { sleep: { seconds: 5 } }).then((r) => ((done = true), r));
  clock.step(4_999);
  await Promise.resolve();
  assert.equal(done, false);
  clock.step(1);
  assert.equal(await sleeping, undefined);

  const abort = new AbortController();
  const cancelled = hooks.run('process://c1', pod, container, { sleep: { seconds: 30 } }, abort.signal);
  abort.abort();
  assert.equal(
    (await cancelled)?.message,
    'Sleep lifecycle hook (30) for Container "c" in Pod "p_ns(uid1)" failed - error: container terminated before sleep hook finished',
  );
  assert.equal(clock.pendingTimers(), 0);
});

test('a handler without an action cannot run', async () => {
  const failed = await setup().hooks.run('process://c1', pod, container, {});
  assert.equal(failed?.message, 'Cannot run handler: invalid handler: {}');
});
