import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { MAX_EXEC_OUTPUT_BYTES, runExecProbe } from './exec-probe.js';
import { HostExecRunner } from './host-exec.testing.js';
import { closedPort, listen } from './servers.testing.js';
import { runTcpProbe } from './tcp-probe.js';

test('tcpSocket: a listening port succeeds, a closed one fails with the dial error', async () => {
  let accepted = 0;
  const server = await listen(createServer((s) => {
    accepted++;
    s.destroy();
  }));
  try {
    assert.deepEqual(await runTcpProbe('127.0.0.1', server.port, 1000), { outcome: 'success', output: '' });
  } finally {
    await server.close();
  }
  assert.ok(accepted <= 1);
  const port = await closedPort();
  assert.deepEqual(await runTcpProbe('127.0.0.1', port, 1000), {
    outcome: 'failure',
    output: `dial tcp 127.0.0.1:${port}: connect: connection refused`,
  });
});

const runner = new HostExecRunner(new Set(['c1']));

test('exec: exit 0 succeeds and non-zero fails, with stdout then stderr as output', async () => {
  assert.deepEqual(await runExecProbe(runner, 'c1', ['sh', '-c', 'echo out; echo err >&2'], 5000), { outcome: 'success', output: 'out\nerr\n' });
  assert.deepEqual(await runExecProbe(runner, 'c1', ['sh', '-c', 'echo err >&2; echo out; exit 3'], 5000), { outcome: 'failure', output: 'out\nerr\n' });
  assert.deepEqual(runner.calls.at(-1), { containerId: 'c1', cmd: ['sh', '-c', 'echo err >&2; echo out; exit 3'], timeoutMs: 5000 });
});

test('exec: a command past its timeout fails with upstream message', async () => {
  assert.deepEqual(await runExecProbe(runner, 'c1', ['sleep', '30'], 200), { outcome: 'failure', output: 'command "sleep 30" timed out' });
  assert.equal(runner.runningCount(), 0);
});

test('exec: output is limited to 10 KiB', async () => {
  const result = await runExecProbe(runner, 'c1', ['sh', '-c', 'head -c 30000 /dev/zero | tr "\\0" x'], 5000);
  assert.equal(result.output.length, MAX_EXEC_OUTPUT_BYTES);
});

test('exec: an unknown container rejects (a probe error, not a failure)', async () => {
  await assert.rejects(runExecProbe(runner, 'gone', ['true'], 1000), { message: 'container "gone" not found' });
});
