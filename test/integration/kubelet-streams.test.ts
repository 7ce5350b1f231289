/**
 * Streams through the API server to the kubelet, with the real kubectl: logs (options, follow),
 * exec (exit codes, stdin, tty), attach, port-forward (concurrent connections), cp both ways and
 * the nodes/proxy subresource.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';
import { KUBECTL, kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { freePorts } from '../support/ports.js';

const NODE = 'stream-node';

describe('kubelet: streams through the API server', { skip: kubectlSkipReason() }, () => {
  const { server, kubectl: cluster } = useCluster({ agent: true, args: ['--node-name', NODE] });
  let kubectl: Kubectl;
  const scratch = mkdtempSync(join(tmpdir(), 'kts-streams-'));
  let echoPort = 0;

  const running = (name: string): Promise<string> => eventually(() => kubectl.ok(['get', 'pod', name, '-o', 'jsonpath={.status.phase}']), (phase) => phase === 'Running');

  before(async () => {
    kubectl = cluster();
    [echoPort] = (await freePorts(1)) as [number];
    const manifest = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'shell' },
          spec: {
            nodeName: NODE,
            terminationGracePeriodSeconds: 1,
            containers: [
              { name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line $i; done; while true; do sleep 1; done'] },
              { name: 'side', image: 'busybox:1.36', command: ['sh', '-c', 'echo side says hi; exec sleep 3600'] },
            ],
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'echo-server' },
          spec: { nodeName: NODE, terminationGracePeriodSeconds: 1, containers: [{ name: 'nc', image: 'busybox:1.36', command: ['nc', '-ll', '-p', String(echoPort), '-e', 'cat'] }] },
        },
      ],
    };
    await kubectl.ok(['apply', '-f', '-'], { stdin: JSON.stringify(manifest) });
    await running('shell');
    await running('echo-server');
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('logs: a named container, tail, timestamps, all containers', async () => {
    await eventually(() => kubectl.ok(['logs', 'shell', '-c', 'main']), (text) => text === 'line 1\nline 2\nline 3\nline 4\nline 5\n');
    assert.equal(await kubectl.ok(['logs', 'shell', '-c', 'main', '--tail=2']), 'line 4\nline 5\n');
    assert.match(await kubectl.ok(['logs', 'shell', '-c', 'main', '--tail=1', '--timestamps']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z line 5\n$/);
    // kubectl requests the containers' logs in Go map order: compare the lines as a set.
    const all = (await kubectl.ok(['logs', 'shell', '--all-containers'])).split('\n').filter((l) => l !== '');
    assert.deepEqual(all.sort(), ['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'side says hi']);
    // kubectl picks the first container itself and says so.
    const defaulted = await kubectl.run(['logs', 'shell', '--tail=1']);
    assert.deepEqual([defaulted.code, defaulted.stdout, defaulted.stderr], [0, 'line 5\n', 'Defaulted container "main" out of: main, side\n']);
  });

  test('logs -f streams new lines as they are written', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'ticker' }, spec: { nodeName: NODE, restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'for i in 1 2 3; do echo tick $i; sleep 0.5; done'] }] } }),
    });
    await running('ticker');
    // follow ends when the container exits
    const result = await kubectl.run(['logs', '-f', 'ticker'], { timeoutMs: 20_000 });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'tick 1\ntick 2\ntick 3\n');
  });

  test('exec: output, exit codes propagated, stdin', async () => {
    assert.equal(await kubectl.ok(['exec', 'shell', '-c', 'main', '--', 'sh', '-c', 'echo $((6*7)); hostname']), '42\nshell\n');
    const failed = await kubectl.run(['exec', 'shell', '-c', 'main', '--', 'sh', '-c', 'echo oops >&2; exit 3']);
    assert.equal(failed.code, 3);
    assert.equal(failed.stderr, 'oops\ncommand terminated with exit code 3\n');
    const missing = await kubectl.run(['exec', 'shell', '-c', 'main', '--', 'no-such-command']);
    assert.notEqual(missing.code, 0);
    assert.equal(await kubectl.ok(['exec', '-i', 'shell', '-c', 'main', '--', 'sh', '-c', 'tr a-z A-Z'], { stdin: 'shout\n' }), 'SHOUT\n');
  });

  test('exec -it gives the command a terminal', async () => {
    // kubectl only asks for a TTY when its own stdin is a terminal: run it under `script`.
    const command = `${KUBECTL} --kubeconfig ${server.kubeconfig} exec -it shell -c main -- sh -c 'test -t 0 && echo is-a-tty; exit 4'`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.match(out, /is-a-tty/);
    assert.equal(code, 4);
  });

  test('kubectl run -it --rm: an interactive shell in a tty container, its exit code, then the pod is gone', async () => {
    const overrides = JSON.stringify({ spec: { nodeName: NODE } });
    const command = `${KUBECTL} --kubeconfig ${server.kubeconfig} run -it --rm interactive --image=busybox:1.36 --restart=Never --overrides='${overrides}' -- sh`;
    // kubectl asks for a TTY only when its own stdin is a terminal: run it under `script`.
    const child = spawn('script', ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const seen = (pattern: RegExp): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (pattern.test(out)) resolve();
          else child.stdout.once('data', check);
        };
        check();
      });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await seen(/If you don't see a command prompt/);
    child.stdin.write('tty\r');
    await seen(/\/dev\/pts\/\d+/);
    child.stdin.write('exit 5\r');
    assert.equal(await exited, 5, out);
    await eventually(() => kubectl.run(['get', 'pod', 'interactive']), (r) => r.code === 1 && /NotFound/.test(r.stderr));
  });

  test('attach: the main process output until it exits', async () => {
    await kubectl.ok(['apply', '-f', '-'], {
      stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'attached' }, spec: { nodeName: NODE, restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', stdin: true, command: ['sh', '-c', 'read line; echo got $line; sleep 0.2'] }] } }),
    });
    await running('attached');
    const result = await kubectl.run(['attach', '-i', 'attached'], { stdin: 'hello\n', timeoutMs: 20_000 });
    assert.match(result.stdout, /got hello/);
  });

  test('port-forward: several concurrent connections to an nc server in the pod', async () => {
    const child = spawn(KUBECTL, ['--kubeconfig', server.kubeconfig, 'port-forward', 'pod/echo-server', `:${echoPort}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const local = await new Promise<number>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(text);
          if (match) resolve(Number(match[1]));
        });
        child.once('exit', () => reject(new Error(`kubectl port-forward exited: ${text}`)));
      });
      const roundTrip = (message: string): Promise<string> =>
        new Promise((resolve, reject) => {
          const socket = connect(local, '127.0.0.1');
          let answer = '';
          socket.on('data', (d: Buffer) => {
            answer += d.toString();
            if (answer.length >= message.length) socket.end();
          });
          socket.on('close', () => resolve(answer));
          socket.on('error', reject);
          socket.write(message);
        });
      const messages = ['first connection\n', 'second connection\n', 'x'.repeat(200_000) + '\n'];
      assert.deepEqual(await Promise.all(messages.map(roundTrip)), messages);
    } finally {
      child.kill();
    }
  });

  test('cp both ways', async () => {
    const local = join(scratch, 'upload.txt');
    writeFileSync(local, 'copied into the pod\n');
    await kubectl.ok(['cp', local, 'shell:/tmp/upload.txt', '-c', 'main']);
    assert.equal(await kubectl.ok(['exec', 'shell', '-c', 'main', '--', 'cat', '/tmp/upload.txt']), 'copied into the pod\n');
    await kubectl.ok(['exec', 'shell', '-c', 'main', '--', 'sh', '-c', 'mkdir -p /tmp/out && echo from the pod > /tmp/out/a.txt']);
    const back = join(scratch, 'out');
    await kubectl.ok(['cp', 'shell:/tmp/out', back, '-c', 'main']);
    assert.equal(readFileSync(join(back, 'a.txt'), 'utf8'), 'from the pod\n');
  });

  test('nodes/proxy reaches the kubelet API', async () => {
    assert.equal(await kubectl.ok(['get', '--raw', `/api/v1/nodes/${NODE}/proxy/healthz`]), 'ok');
    const pods = JSON.parse(await kubectl.ok(['get', '--raw', `/api/v1/nodes/${NODE}/proxy/pods`])) as { kind: string; items: { metadata: { name: string } }[] };
    assert.equal(pods.kind, 'PodList');
    assert.ok(pods.items.some((p) => p.metadata.name === 'shell'));
    const summary = JSON.parse(await kubectl.ok(['get', '--raw', `/api/v1/nodes/${NODE}/proxy/stats/summary`])) as { node: { nodeName: string }; pods: { podRef: { name: string } }[] };
    assert.equal(summary.node.nodeName, NODE);
    assert.ok(summary.pods.some((p) => p.podRef.name === 'shell'));
  });
});
