/**
 * Self-healing across nodes, through the real kubectl: a Deployment's pods run on a `kts sim`
 * node; that node's kubelet dies (SIGKILL: its Lease stops), so the node lifecycle controller
 * marks it NotReady and taints it unreachable, the taint eviction controller evicts the pods
 * after their 2 s toleration, the ReplicaSet replaces them and the scheduler puts the
 * replacements on the node that is still alive, where they run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';
import { KtsProcess } from '../support/kts-process.js';

interface PodView {
  metadata: { name: string; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status: { phase?: string };
}

const DEPLOYMENT = JSON.stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }],
        // Short tolerations, so the test does not wait upstream's default 300 s.
        tolerations: [
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 },
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 2 },
        ],
      },
    },
  },
});

describe('a node dies: its pods are evicted and rescheduled on another node', () => {
  const { server, kubectl } = useCluster({ args: ['--node-monitor-grace-period', '3s', '--node-monitor-period', '1s'] });
  const sim = (prefix: string) => new KtsProcess(['sim', '--nodes', '1', '--name-prefix', prefix, '--kubeconfig', server.kubeconfig, '--node-lease-duration-seconds', '2']);
  let doomed: KtsProcess;
  let survivor: KtsProcess | undefined;
  before(async () => {
    doomed = sim('doomed-');
    await doomed.waitForLog(/kts sim ready/);
  });
  after(async () => {
    await doomed.stop('SIGKILL');
    const result = await survivor?.stop('SIGTERM');
    if (result) assert.equal(result.code, 0, result.stderr);
  });

  const pods = async (): Promise<PodView[]> => (JSON.parse(await kubectl().ok(['get', 'pods', '-l', 'app=web', '-o', 'json'])) as { items: PodView[] }).items;
  const summary = (list: PodView[]): string[] =>
    list.map((p) => `${p.spec.nodeName ?? '-'} ${p.status.phase ?? '-'}${p.metadata.deletionTimestamp ? ' terminating' : ''}`).sort();

  test('the deployment runs on the only node', async () => {
    await kubectl().ok(['apply', '-f', '-'], { stdin: DEPLOYMENT });
    await kubectl().ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    assert.deepEqual(summary(await pods()), ['doomed-0 Running', 'doomed-0 Running']);
  });

  test('after the node dies, replacements run on the surviving node', async () => {
    survivor = sim('survivor-');
    await survivor.waitForLog(/kts sim ready/);
    await doomed.stop('SIGKILL');
    await eventually(() => kubectl().ok(['get', 'nodes', 'doomed-0', '--no-headers']), (out) => /^doomed-0\s+NotReady\s/.test(out), 30_000, 250);
    // The evicted pods stay Terminating (no kubelet on their node finishes them), as upstream.
    const after = await eventually(pods, (list) => summary(list).filter((s) => s === 'survivor-0 Running').length === 2, 60_000, 250);
    assert.deepEqual(
      summary(after).filter((s) => s.startsWith('doomed-0')),
      ['doomed-0 Running terminating', 'doomed-0 Running terminating'],
    );
    const events = await kubectl().ok(['get', 'events', '--field-selector', 'reason=TaintManagerEviction', '-o', 'custom-columns=MSG:.message', '--no-headers']);
    assert.equal(events.trim().split('\n').filter((l) => l.startsWith('Marking for deletion Pod default/web-')).length, 2);
    assert.match(await kubectl().ok(['get', 'deployment', 'web']), /\nweb\s+2\/2\s+2\s+2\s+/);
  });
});
