/**
 * The kubelet's node presence (src/kubelet/node) against a real `kts server`, seen through the
 * real kubectl: registration, Ready with the control-plane role and v1.32, the heartbeat Lease
 * (owned by the Node, recreated when deleted), status reports only on change or when the report
 * period passed, and re-registration over an existing Node keeping the user's labels and taints.
 * A FakeClock drives the loops, so nothing depends on wall-clock timing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeClock } from '../../src/client/flowcontrol/clock.js';
import { loadKubeconfig, RestClient } from '../../src/client/rest/index.js';
import { HEALTHY, LEASES, NODE_LEASE_NAMESPACE, NODES, NodePresence, readHostFacts, type NodeConfig, type NodeHealth, type Node, type NodeLease } from '../../src/kubelet/node/index.js';
import { createLogger } from '../../src/util/logging.js';
import type { StatusError } from '../../src/util/errors.js';
import { useCluster } from '../support/cluster.js';

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('kubelet node presence against kts server', () => {
  const { server, kubectl } = useCluster();
  let client: RestClient;
  const logger = createLogger('kubelet-node-test');
  const config: NodeConfig = { nodeName: 'node-a', nodeIP: '127.0.0.1', controlPlane: true, runtimeName: 'process', runtimeVersion: '0.1.0', kubeletPort: 10250 };
  before(() => {
    client = new RestClient({ ...loadKubeconfig(server.kubeconfig).config, qps: Infinity });
  });
  after(() => client.close());

  test('registers, heartbeats and reports status; kubectl shows a Ready control-plane node', async () => {
    const clock = new FakeClock(Date.now());
    let health: NodeHealth = HEALTHY;
    const transitions: string[] = [];
    const presence = await NodePresence.start({
      client, config, facts: await readHostFacts(server.dataDir), health: () => health, logger, clock,
      onTransitions: (reasons) => transitions.push(...reasons),
    });
    try {
      const nodes = client.resource<Node>(NODES);
      const leases = client.resource<NodeLease>(LEASES).namespace(NODE_LEASE_NAMESPACE);
      const lease = await eventually('the lease', () => leases.get('node-a'));
      assert.equal(lease.spec?.holderIdentity, 'node-a');
      assert.equal(lease.spec?.leaseDurationSeconds, 40);
      assert.deepEqual(lease.metadata['ownerReferences'], [{ apiVersion: 'v1', kind: 'Node', name: 'node-a', uid: presence.node.metadata.uid }]);
      assert.deepEqual(transitions, ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']);

      const table = await kubectl().ok(['get', 'nodes']);
      assert.match(table, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
      assert.match(table, /\nnode-a\s+Ready\s+control-plane,master\s+\S+\s+v1\.32\.\d+\n/);
      const leaseTable = await kubectl().ok(['get', 'lease', '-n', 'kube-node-lease']);
      assert.match(leaseTable, /\nnode-a\s+node-a\s+/);
      const describe = await kubectl().ok(['describe', 'node', 'node-a']);
      for (const line of [/Ready\s+True\s+.*KubeletReady\s+kubelet is posting ready status/, /MemoryPressure\s+False .*KubeletHasSufficientMemory/, /Capacity:\n\s+cpu:\s+\d+\n\s+ephemeral-storage:\s+\d+Ki/, /pods:\s+110/, /InternalIP:\s+127\.0\.0\.1/, /Kubelet Version:\s+v1\.32\.\d+/, /Container Runtime Version:\s+process:\/\/0\.1\.0/, /Roles:\s+control-plane,master/]) {
        assert.match(describe, line);
      }

      // The lease renews every 10 s of (fake) time with a later renewTime.
      const first = lease.spec!.renewTime!;
      clock.step(10_500);
      const renewed = await eventually('a renewal', async () => {
        const l = await leases.get('node-a');
        return l.spec!.renewTime! > first ? l : undefined;
      });
      assert.ok(renewed.spec!.renewTime! > first);

      // A deleted lease is recreated at the next renewal.
      await leases.delete('node-a');
      clock.step(10_500);
      const recreated = await eventually('the recreated lease', () => leases.get('node-a'));
      assert.notEqual(recreated.metadata.uid, lease.metadata.uid);

      // No change: status is not re-reported before 5 min; a runtime failure is reported at once.
      const rv = (await nodes.get('node-a')).metadata.resourceVersion;
      assert.equal(await presence.status.sync(), false);
      assert.equal((await nodes.get('node-a')).metadata.resourceVersion, rv);
      health = { ...HEALTHY, readyErrors: ['container runtime is down'] };
      assert.equal(await presence.status.sync(), true);
      const down = await kubectl().ok(['get', 'node', 'node-a', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].reason} {.status.conditions[?(@.type=="Ready")].message}']);
      assert.equal(down, 'KubeletNotReady container runtime is down');
      assert.match(await kubectl().ok(['get', 'nodes']), /\nnode-a\s+NotReady\s+/);
      health = HEALTHY;
      assert.equal(await presence.status.sync(), true);
      // After the report period, an unchanged status is reported again (a fresh heartbeat).
      clock.step(5 * 60_000);
      assert.equal(await presence.status.sync(), true);
    } finally {
      await presence.dispose();
    }
  });

  test('re-registration keeps the user labels and taints and restores owned labels', async () => {
    await kubectl().ok(['label', 'node', 'node-a', 'team=blue', 'kubernetes.io/os=windows', '--overwrite']);
    await kubectl().ok(['taint', 'node', 'node-a', 'dedicated=x:NoSchedule']);
    const presence = await NodePresence.start({ client, config, facts: await readHostFacts(server.dataDir), health: () => HEALTHY, logger, clock: new FakeClock(Date.now()) });
    await presence.dispose();
    const node = await client.resource<Node>(NODES).get('node-a');
    assert.equal(node.metadata.labels?.['team'], 'blue');
    assert.equal(node.metadata.labels?.['kubernetes.io/os'], 'linux');
    assert.deepEqual(node.spec?.taints?.map((t) => `${t.key}=${t.value}:${t.effect}`), ['dedicated=x:NoSchedule']);
  });

  test('registration retries while the API is unreachable and stops on abort', async () => {
    const dead = new RestClient({ server: 'http://127.0.0.1:1', qps: Infinity, maxAttempts: 1 });
    const abort = new AbortController();
    const clock = new FakeClock(Date.now());
    const started = NodePresence.start({ client: dead, config, facts: await readHostFacts(server.dataDir), health: () => HEALTHY, logger, clock, signal: abort.signal });
    // Let a few attempts fail (each waits on the fake clock's backoff), then abort.
    for (let i = 0; i < 3; i++) {
      await eventually('a backoff timer', async () => (clock.pendingTimers() > 0 ? true : undefined));
      clock.step(10_000);
    }
    abort.abort();
    await assert.rejects(started, (err: Error) => err.name === 'AbortError');
    dead.close();
    await assert.rejects(client.resource(NODES).get('missing'), (err: StatusError) => err.reason === 'NotFound');
  });
});
