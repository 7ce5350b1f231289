/**
 * Node-facing controllers through the real kubectl against `kts server` with two `kts sim`
 * processes (one node each, leases renewed every 0.5 s):
 * - killing one sim (SIGKILL: its lease stops) makes its node NotReady with Unknown conditions,
 *   tainted unreachable (NoExecute and NoSchedule); its pod tolerating the taint for 2 s is
 *   evicted (Terminating, DisruptionTarget, TaintManagerEviction event) while the one tolerating
 *   it forever stays; restarting the sim makes the node Ready and untainted;
 * - pod GC (run in-process with short periods) deletes a pod bound to a node that does not exist;
 * - a Job finished with ttlSecondsAfterFinished 1 is deleted (foreground).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startControllerManager } from '../../src/controllers/controller-manager.js';
import { loadKubeconfig, RestClient } from '../../src/client/rest/index.js';
import type { Disposable } from '../../src/util/lifecycle.js';
import { createLogger } from '../../src/util/logging.js';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';
import { KtsProcess } from '../support/kts-process.js';

const POD_GC = 'pod-garbage-collector-controller';

interface PodView {
  metadata: { name: string; deletionTimestamp?: string };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

interface NodeView {
  spec?: { taints?: { key: string; effect: string; timeAdded?: string }[] };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

function pod(name: string, tolerationSeconds?: number): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      nodeName: 'sim-0',
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }],
      tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(tolerationSeconds === undefined ? {} : { tolerationSeconds }) }],
    },
  });
}

describe('node lifecycle, taint eviction, pod GC and TTL after finished', () => {
  // Pod GC runs in this process with short periods (upstream has no flags for them).
  const { server, kubectl } = useCluster({ args: ['--node-monitor-grace-period', '3s', '--node-monitor-period', '1s', '--controllers', `*,-${POD_GC}`] });
  const simArgs = (prefix: string) => ['sim', '--nodes', '1', '--name-prefix', prefix, '--kubeconfig', server.kubeconfig, '--node-lease-duration-seconds', '2'];
  let doomed: KtsProcess | undefined;
  let healthy: KtsProcess;
  before(async () => {
    healthy = new KtsProcess(simArgs('keep-'));
    doomed = new KtsProcess(simArgs('sim-'));
    await Promise.all([healthy.waitForLog(/kts sim ready/), doomed.waitForLog(/kts sim ready/)]);
  });
  after(async () => {
    for (const sim of [doomed, healthy]) {
      const result = await sim?.stop('SIGTERM');
      if (result?.signal !== 'SIGKILL') assert.equal(result?.code, 0, result?.stderr);
    }
  });

  const getPod = async (name: string): Promise<PodView> => JSON.parse(await kubectl().ok(['get', 'pod', name, '-o', 'json'])) as PodView;
  const getNode = async (name: string): Promise<NodeView> => JSON.parse(await kubectl().ok(['get', 'node', name, '-o', 'json'])) as NodeView;
  const taintsOf = (node: NodeView): string[] => (node.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();

  test('a node that stops heart-beating goes NotReady and tainted; pods go after their tolerationSeconds', async () => {
    await kubectl().ok(['apply', '-f', '-'], { stdin: pod('short', 2) });
    await kubectl().ok(['apply', '-f', '-'], { stdin: pod('forever') });
    await kubectl().ok(['wait', '--for=condition=Ready', 'pod/short', 'pod/forever', '--timeout=30s']);
    assert.match(await kubectl().ok(['get', 'nodes', 'sim-0', '--no-headers']), /^sim-0\s+Ready\s/);

    const result = await doomed!.stop('SIGKILL');
    assert.equal(result.signal, 'SIGKILL');
    doomed = undefined;

    await eventually(() => kubectl().ok(['get', 'nodes', '--no-headers']), (out) => /^sim-0\s+NotReady\s/m.test(out) && /^keep-0\s+Ready\s/m.test(out), 30_000, 250);
    const node = await eventually(() => getNode('sim-0'), (n) => taintsOf(n).includes('node.kubernetes.io/unreachable:NoExecute'), 30_000, 250);
    assert.deepEqual(taintsOf(node), ['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    assert.match(await kubectl().ok(['describe', 'node', 'sim-0']), /^Taints:\s+node\.kubernetes\.io\/unreachable:NoExecute\n\s+node\.kubernetes\.io\/unreachable:NoSchedule\n/m);
    assert.deepEqual(
      (node.status?.conditions ?? []).filter((c) => c.type !== 'NetworkUnavailable').map((c) => [c.type, c.status, c.reason, c.message]).sort(),
      ['DiskPressure', 'MemoryPressure', 'PIDPressure', 'Ready'].map((type) => [type, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']),
    );

    const evicted = await eventually(() => getPod('short'), (p) => p.metadata.deletionTimestamp !== undefined, 30_000, 250);
    const disruption = evicted.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    assert.deepEqual([disruption?.status, disruption?.reason, disruption?.message], ['True', 'DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint']);
    assert.match(await kubectl().ok(['get', 'pod', 'short', '--no-headers']), /^short\s+1\/1\s+Terminating\s/);
    // Evicted no sooner than its 2 s toleration after the taint (times are whole seconds).
    const taintAdded = Date.parse(node.spec!.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded!);
    const marked = await eventually(
      () => kubectl().ok(['get', 'events', '--field-selector', 'reason=TaintManagerEviction', '-o', 'jsonpath={range .items[*]}{.lastTimestamp} {.message}{"\\n"}{end}']),
      (out) => out.includes('Marking for deletion Pod default/short'),
    );
    const markedAt = Date.parse(marked.split('\n').find((l) => l.includes('default/short'))!.split(' ')[0]!);
    assert.ok(markedAt - taintAdded >= 1000, `marked at ${markedAt}, tainted at ${taintAdded}`);

    const stays = await getPod('forever');
    assert.equal(stays.metadata.deletionTimestamp, undefined);
    assert.equal(stays.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'False', 'marked NotReady');
    assert.doesNotMatch(marked, /forever/);

    await eventually(
      () => kubectl().ok(['get', 'events', '-A', '-o', 'jsonpath={range .items[*]}{.involvedObject.name} {.reason} {.message}{"\\n"}{end}']),
      (events) => /^sim-0 NodeNotReady Node sim-0 status is now: NodeNotReady$/m.test(events) && /^forever NodeNotReady Node is not ready$/m.test(events),
    );
  });

  test('the node is Ready and untainted again once its kubelet is back; the evicted pod goes', async () => {
    doomed = new KtsProcess(simArgs('sim-'));
    await doomed.waitForLog(/kts sim ready/);
    await eventually(() => kubectl().ok(['get', 'nodes', 'sim-0', '--no-headers']), (out) => /^sim-0\s+Ready\s/.test(out), 30_000, 250);
    await eventually(() => getNode('sim-0'), (n) => taintsOf(n).length === 0, 30_000, 250);
    await eventually(() => kubectl().ok(['get', 'pods', '-o', 'name']), (out) => out.trim() === 'pod/forever', 30_000, 250);
    await kubectl().ok(['delete', 'pod', 'forever', '--timeout=30s']);
  });

  test('pod GC deletes a pod bound to a node that does not exist', async () => {
    const client = new RestClient({ ...loadKubeconfig(server.kubeconfig).config, qps: 100, burst: 100 });
    const stop = new AbortController();
    let manager: Disposable | undefined;
    try {
      manager = startControllerManager({ controllers: [POD_GC], leaderElect: false, options: { podGCPeriodMs: 200, podGCQuarantineMs: 500 } }, { client, logger: createLogger('test-pod-gc') }, stop.signal);
      await kubectl().ok(['apply', '-f', '-'], { stdin: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'orphan' }, spec: { nodeName: 'ghost', containers: [{ name: 'app', image: 'busybox:1.36' }] } }) });
      await eventually(() => kubectl().run(['get', 'pod', 'orphan']), (r) => r.code === 1 && r.stderr.includes('pods "orphan" not found'), 15_000, 200);
      // Pods on nodes that exist are left alone.
      assert.match(await kubectl().ok(['get', 'nodes', '-o', 'name']), /node\/keep-0/);
    } finally {
      stop.abort();
      await manager?.dispose();
      client.close();
    }
  });

  test('a finished Job with ttlSecondsAfterFinished is deleted', async () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'done' },
      spec: { ttlSecondsAfterFinished: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', command: ['true'] }] } } },
    };
    await kubectl().ok(['apply', '-f', '-'], { stdin: JSON.stringify(job) });
    const now = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    // What the job controller would write when its pod succeeded.
    const status = {
      status: {
        startTime: now,
        completionTime: now,
        succeeded: 1,
        conditions: [
          { type: 'SuccessCriteriaMet', status: 'True', lastProbeTime: now, lastTransitionTime: now },
          { type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now },
        ],
      },
    };
    await kubectl().ok(['patch', 'job', 'done', '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
    // Foreground deletion: gone, or (until the garbage collector removes the finalizer) being deleted.
    await eventually(
      () => kubectl().run(['get', 'job', 'done', '-o', 'jsonpath={.metadata.deletionTimestamp} {.metadata.finalizers}']),
      (r) => (r.code === 1 && r.stderr.includes('jobs.batch "done" not found')) || (r.code === 0 && /^\S+ \["foregroundDeletion"\]$/.test(r.stdout)),
      15_000,
      200,
    );
  });
});
