/**
 * The same kubelet on the simulated runtime (hollow pods, no processes), through the real
 * kubectl: pods run and are reported as upstream does, restart policy and crash-loop back-off
 * apply to containers that exit, logs say the container is simulated, and deletion completes.
 * Streams (exec, attach, port-forward) are meaningless without processes and are refused.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';

const NODE = 'hollow-node';

interface PodView {
  status: { phase?: string; containerStatuses?: { restartCount: number; state: { running?: unknown; waiting?: { reason?: string }; terminated?: { exitCode: number } } }[] };
}

describe('kubelet on the simulated runtime', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster({ agent: true, args: ['--node-name', NODE, '--runtime', 'simulated'] });
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });
  const get = async (name: string): Promise<PodView> => JSON.parse(await kubectl.ok(['get', 'pod', name, '-o', 'json'])) as PodView;
  const apply = (name: string, spec: object, annotations: Record<string, string> = {}): Promise<string> =>
    kubectl.ok(['apply', '-f', '-'], { stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations }, spec: { nodeName: NODE, ...spec } }) });

  test('the node reports the simulated runtime', async () => {
    assert.match(await kubectl.ok(['get', 'nodes', '-o', 'wide']), new RegExp(`^${NODE} +Ready .* simulated://`, 'm'));
  });

  test('a hollow pod runs, logs that it is simulated, refuses exec and deletes cleanly', async () => {
    await apply('hollow', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] });
    await eventually(() => get('hollow'), (p) => p.status.phase === 'Running' && p.status.containerStatuses?.[0]?.state.running !== undefined);
    assert.match(await kubectl.ok(['logs', 'hollow']), /simulated container c started/);
    const exec = await kubectl.run(['exec', 'hollow', '--', 'true']);
    assert.notEqual(exec.code, 0);
    assert.match(exec.stderr, /not supported by the simulated runtime/);
    await kubectl.ok(['delete', 'pod', 'hollow']);
  });

  test('a hollow container that exits climbs restartCount in CrashLoopBackOff', async () => {
    await apply('exits', { containers: [{ name: 'c', image: 'busybox:1.36' }] }, { 'kts.io/simulated-exit': '2:100' });
    const looping = await eventually(() => get('exits'), (p) => p.status.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff', 20_000);
    assert.ok((looping.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
  });
});
