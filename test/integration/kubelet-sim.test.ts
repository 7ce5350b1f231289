/**
 * `kts sim` against a real `kts server`, through the real kubectl: three hollow nodes register
 * Ready with their Leases; a pod bound to one becomes Running and Ready (kubectl wait); deleting
 * it completes at once; the simulator stops cleanly on SIGTERM and says what was wrong with bad
 * flags.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { KtsProcess, runKts } from '../support/kts-process.js';
import { useCluster } from '../support/cluster.js';

describe('kts sim against kts server', () => {
  const { server, kubectl } = useCluster();
  let sim: KtsProcess;
  before(async () => {
    sim = new KtsProcess(['sim', '--nodes', '3', '--kubeconfig', server.kubeconfig, '--cpu', '8', '--memory', '32Gi']);
    await sim.waitForLog(/kts sim ready: 3 nodes registered/);
  });
  after(async () => {
    const result = await sim.stop('SIGTERM');
    assert.equal(result.code, 0, result.stderr);
  });

  test('three Ready nodes with leases, capacity as asked', async () => {
    const nodes = await kubectl().ok(['get', 'nodes', '-l', 'kts.io/simulated=true', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,READY:.status.conditions[?(@.type=="Ready")].status,CPU:.status.capacity.cpu,MEM:.status.capacity.memory']);
    assert.deepEqual(nodes.trim().split('\n').map((l) => l.split(/\s+/).join(' ')), ['sim-0 True 8 32Gi', 'sim-1 True 8 32Gi', 'sim-2 True 8 32Gi']);
    const table = await kubectl().ok(['get', 'nodes']);
    assert.match(table, /\nsim-0\s+Ready\s+<none>\s+\S+\s+v1\.32\.\d+\n/);
    const leases = await kubectl().ok(['get', 'lease', '-n', 'kube-node-lease', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name,HOLDER:.spec.holderIdentity,OWNER:.metadata.ownerReferences[0].name']);
    assert.deepEqual(leases.trim().split('\n').map((l) => l.split(/\s+/).join(' ')), ['sim-0 sim-0 sim-0', 'sim-1 sim-1 sim-1', 'sim-2 sim-2 sim-2']);
    await kubectl().ok(['describe', 'node', 'sim-2']);
  });

  test('a bound pod runs and its deletion completes', async () => {
    const manifest = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'hollow' },
      spec: { nodeName: 'sim-1', containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
    });
    await kubectl().ok(['apply', '-f', '-'], { stdin: manifest });
    await kubectl().ok(['wait', '--for=condition=Ready', 'pod/hollow', '--timeout=30s']);
    const row = await kubectl().ok(['get', 'pod', 'hollow', '-o', 'wide', '--no-headers']);
    assert.match(row, /^hollow\s+1\/1\s+Running\s+0\s+\S+\s+10\.128\.1\.\d+\s+sim-1\s/);
    const hostIP = await kubectl().ok(['get', 'pod', 'hollow', '-o', 'jsonpath={.status.hostIP}']);
    assert.equal(hostIP, '172.16.0.2');
    // kubectl delete waits until the object is gone: the simulator finishes the graceful deletion.
    await kubectl().ok(['delete', 'pod', 'hollow', '--timeout=30s']);
    assert.equal(await kubectl().ok(['get', 'pods', '-o', 'name']), '');
  });

  test('the leases keep being renewed', async () => {
    const renewTime = (): Promise<string> => kubectl().ok(['get', 'lease', '-n', 'kube-node-lease', 'sim-0', '-o', 'jsonpath={.spec.renewTime}']);
    const first = await renewTime();
    const deadline = Date.now() + 25_000;
    let now = first;
    while (now === first && Date.now() < deadline) {
      await sleep(500);
      now = await renewTime();
    }
    assert.ok(now > first, `renewTime stayed ${first}`);
  });

  test('bad flags are reported, not crashed on', async () => {
    const noServer = await runKts(['sim', '--nodes', '2']);
    assert.equal(noServer.code, 1);
    assert.match(noServer.stderr, /error: give --server URL or --kubeconfig path/);
    const badMemory = await runKts(['sim', '--nodes', '2', '--server', server.url, '--memory', 'lots']);
    assert.equal(badMemory.code, 1);
    assert.match(badMemory.stderr, /--memory must be a quantity/);
    const badNodes = await runKts(['sim', '--nodes', '0', '--server', server.url]);
    assert.equal(badNodes.code, 1);
    assert.match(badNodes.stderr, /--nodes.*must be a whole number >= 1/);
  });
});
