/**
 * The README's story end to end on one `kts server` with its local node (process runtime), all
 * through the real kubectl: `kubectl create deployment` gives Running pods (scheduler, deployment
 * and ReplicaSet controllers, kubelet), a killed container process restarts, a deleted pod is
 * replaced, scaling and a rollout with undo work, and deleting the deployment removes its
 * ReplicaSets and pods (garbage collector).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';

interface PodSummary {
  name: string;
  phase: string;
  node: string;
  restarts: number;
  ready: boolean;
  deleting: boolean;
}

describe('a deployment on a single-node kts cluster', () => {
  const { kubectl } = useCluster({ agent: true });

  const pods = async (): Promise<PodSummary[]> => {
    const list = JSON.parse(await kubectl().ok(['get', 'pods', '-l', 'app=web', '-o', 'json'])) as {
      items: {
        metadata: { name: string; deletionTimestamp?: string };
        spec: { nodeName?: string };
        status: { phase: string; containerStatuses?: { restartCount: number; ready: boolean }[] };
      }[];
    };
    return list.items.map((p) => ({
      name: p.metadata.name,
      phase: p.status.phase,
      node: p.spec.nodeName ?? '',
      restarts: p.status.containerStatuses?.[0]?.restartCount ?? 0,
      ready: p.status.containerStatuses?.[0]?.ready ?? false,
      deleting: p.metadata.deletionTimestamp !== undefined,
    }));
  };
  const runningCount = (list: PodSummary[]): number => list.filter((p) => p.phase === 'Running' && p.ready && !p.deleting).length;

  test('kubectl create deployment → three Running pods on the node', async () => {
    await kubectl().ok(['create', 'deployment', 'web', '--image=busybox:1.36', '--replicas=3', '--', 'sleep', '3600']);
    const status = await kubectl().ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    assert.match(status, /deployment "web" successfully rolled out/);
    const list = await pods();
    assert.equal(runningCount(list), 3, JSON.stringify(list));
    const node = (await kubectl().ok(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    assert.ok(list.every((p) => p.node === node));
    const table = await kubectl().ok(['get', 'deployment', 'web']);
    assert.match(table, /\nweb\s+3\/3\s+3\s+3\s+\S+\n/);
    const events = await kubectl().ok(['get', 'events', '--field-selector', `involvedObject.name=${list[0]!.name}`]);
    assert.match(events, /Scheduled\s+pod\/\S+\s+Successfully assigned default\/\S+ to /);
  });

  test("killing a pod's process restarts its container", async () => {
    const [victim] = await pods();
    await kubectl().ok(['exec', victim!.name, '--', 'sh', '-c', 'kill -9 $(pidof sleep)']);
    const after = await eventually(pods, (list) => list.some((p) => p.name === victim!.name && p.restarts === 1 && p.ready), 30_000);
    assert.equal(runningCount(after), 3);
  });

  test('a deleted pod is replaced by the ReplicaSet', async () => {
    const [victim] = await pods();
    await kubectl().ok(['delete', 'pod', victim!.name, '--wait=false']);
    const after = await eventually(pods, (list) => runningCount(list) === 3 && !list.some((p) => p.name === victim!.name), 30_000);
    assert.equal(after.filter((p) => !p.deleting).length, 3);
  });

  test('scale up and down', async () => {
    await kubectl().ok(['scale', 'deployment/web', '--replicas=5']);
    await eventually(pods, (list) => runningCount(list) === 5, 30_000);
    await kubectl().ok(['scale', 'deployment/web', '--replicas=2']);
    await eventually(pods, (list) => list.length === 2 && runningCount(list) === 2, 30_000);
  });

  test('a rollout and its undo finish', async () => {
    await kubectl().ok(['set', 'env', 'deployment/web', 'COLOR=blue']);
    assert.match(await kubectl().ok(['rollout', 'status', 'deployment/web', '--timeout=60s']), /successfully rolled out/);
    const history = await kubectl().ok(['rollout', 'history', 'deployment/web']);
    assert.match(history, /\n1\s+<none>\n2\s+<none>\n/);
    await kubectl().ok(['rollout', 'undo', 'deployment/web']);
    assert.match(await kubectl().ok(['rollout', 'status', 'deployment/web', '--timeout=60s']), /successfully rolled out/);
    const env = await kubectl().ok(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].env}']);
    assert.equal(env.trim(), '');
    assert.equal(runningCount(await pods()), 2);
  });

  test('deleting the deployment removes its ReplicaSets and pods', async () => {
    await kubectl().ok(['delete', 'deployment', 'web']);
    await eventually(async () => (await kubectl().ok(['get', 'rs,pods', '-l', 'app=web', '-o', 'name'])).trim(), (names) => names === '', 60_000);
  });
});
