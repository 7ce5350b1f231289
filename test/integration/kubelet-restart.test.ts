/**
 * A kubelet restart keeps running pods: `kts server` (sqlite store, local agent) stops while a
 * pod runs; its process survives; the next start recovers it without a restart, still reports
 * its exit, and the pod deletes cleanly.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { eventually } from '../support/eventually.js';
import { KtsServer } from '../support/kts-server.js';
import { Kubectl, kubectlSkipReason } from '../support/kubectl.js';

const NODE = 'restart-node';

interface PodView {
  status: { phase?: string; containerStatuses?: { containerID?: string; restartCount: number; state: { running?: { startedAt: string }; terminated?: { exitCode: number } } }[] };
}

describe('kubelet restart', { skip: kubectlSkipReason() }, () => {
  const server = new KtsServer();
  let kubectl: Kubectl | undefined;
  after(async () => {
    kubectl?.dispose();
    await server.stop();
  });

  test('running pods survive a restart of kts server and are recovered', async () => {
    const args = ['--node-name', NODE];
    await server.start(args, { agent: true });
    kubectl = new Kubectl(server.kubeconfig);
    const k = kubectl;
    const get = async (name: string): Promise<PodView> => JSON.parse(await k.ok(['get', 'pod', name, '-o', 'json'])) as PodView;
    const pod = (name: string, command: string[]): string =>
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName: NODE, restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:1.36', command }] } });
    await k.ok(['apply', '-f', '-'], { stdin: pod('survivor', ['sh', '-c', 'echo before; while [ ! -e /tmp/stop ]; do sleep 0.1; done; echo after; exit 7']) });
    const before = await eventually(() => get('survivor'), (p) => p.status.phase === 'Running');
    const id = before.status.containerStatuses?.[0]?.containerID;

    assert.equal(await server.halt(), 0);
    await server.start(args, { agent: true });

    const recovered = await get('survivor');
    assert.equal(recovered.status.phase, 'Running');
    assert.equal(recovered.status.containerStatuses?.[0]?.containerID, id, 'the same container runs on');
    assert.equal(recovered.status.containerStatuses?.[0]?.restartCount, 0);
    // The process is still the one started before the restart and its exit is still seen.
    await k.ok(['exec', 'survivor', '--', 'touch', '/tmp/stop']);
    const done = await eventually(() => get('survivor'), (p) => p.status.phase === 'Failed');
    assert.equal(done.status.containerStatuses?.[0]?.state.terminated?.exitCode, 7);
    assert.equal(await k.ok(['logs', 'survivor']), 'before\nafter\n');
    await k.ok(['delete', 'pod', 'survivor']);
  });
});
