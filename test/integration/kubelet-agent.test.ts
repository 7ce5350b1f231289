/**
 * `kts agent` joins the cluster of a `kts server` (which runs no agent of its own): its node
 * registers without the control-plane role, its pods run and stream through the API server, and
 * its informers survive a restart of the API server (they relist and go on).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { eventually } from '../support/eventually.js';
import { KtsProcess } from '../support/kts-process.js';
import { KtsServer } from '../support/kts-server.js';
import { Kubectl, kubectlSkipReason } from '../support/kubectl.js';

const NODE = 'agent-node';

describe('kts agent', { skip: kubectlSkipReason() }, () => {
  const server = new KtsServer();
  const agentDir = mkdtempSync(join(tmpdir(), 'kts-agent-'));
  let agent: KtsProcess | undefined;
  let kubectl: Kubectl | undefined;
  after(async () => {
    await kubectl?.run(['delete', 'pods', '--all', '--grace-period=1', '--wait=true'], { timeoutMs: 60_000 });
    kubectl?.dispose();
    const stopped = await agent?.stop('SIGTERM');
    await server.stop();
    rmSync(agentDir, { recursive: true, force: true });
    assert.equal(stopped?.code, 0, stopped?.stderr);
  });

  test('joins, runs pods, and keeps working across an API server restart', async () => {
    await server.start();
    kubectl = new Kubectl(server.kubeconfig);
    const k = kubectl;
    agent = new KtsProcess(['agent', '--server', server.url, '--data-dir', agentDir, '--node-name', NODE, '--kubelet-port', '0']);
    await agent.waitForLog(/"msg":"kts agent ready"/);
    assert.match(await k.ok(['get', 'nodes']), new RegExp(`^${NODE} +Ready +<none> `, 'm'));

    const run = (name: string): Promise<string> =>
      k.ok(['apply', '-f', '-'], { stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: NODE, terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', `echo ${name} is up; sleep 3600`] }] } }) });
    const phase = (name: string): Promise<string> => k.ok(['get', 'pod', name, '-o', 'jsonpath={.status.phase}']);
    await run('before');
    await eventually(() => phase('before'), (p) => p === 'Running');
    await eventually(() => k.ok(['logs', 'before']), (text) => text === 'before is up\n');

    assert.equal(await server.halt(), 0);
    await server.start();
    await run('after');
    await eventually(() => phase('after'), (p) => p === 'Running', 60_000);
    assert.equal(await phase('before'), 'Running');
    await eventually(() => k.ok(['logs', 'after']), (text) => text === 'after is up\n');
  });
});
