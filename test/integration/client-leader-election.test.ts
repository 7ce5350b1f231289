/**
 * Leader election (src/client/leaderelection) against a real `kts server`: two candidates on one
 * coordination.k8s.io/v1 Lease; exactly one leads and renews; stopping it with releaseOnCancel
 * hands leadership to the other at once; the Lease's fields are as upstream writes them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaderElector, LeaseLock, LEASES, type Lease } from '../../src/client/leaderelection/index.js';
import { loadKubeconfig, RestClient } from '../../src/client/rest/index.js';
import { useCluster } from '../support/cluster.js';

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces', namespaced: false };
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

async function waitFor(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('leader election against kts server', () => {
  const { server, kubectl } = useCluster();
  let client: RestClient;
  before(async () => {
    client = new RestClient({ ...loadKubeconfig(server.kubeconfig).config, qps: 100, burst: 100 });
    await client.resource(NAMESPACES).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'election' } });
  });
  after(() => client.close());

  test('exactly one of two candidates leads; release hands over quickly', async () => {
    const events: string[] = [];
    const make = (identity: string): LeaderElector =>
      new LeaderElector({
        lock: new LeaseLock(client, 'election', 'demo'),
        identity,
        leaseDurationMs: 2_000,
        renewDeadlineMs: 1_500,
        retryPeriodMs: 200,
        releaseOnCancel: true,
        onError: (err) => events.push(`${identity} error ${String(err)}`),
        callbacks: {
          onStartedLeading: () => events.push(`${identity} started`),
          onStoppedLeading: () => events.push(`${identity} stopped`),
        },
      });
    const a = make('alpha');
    const b = make('beta');
    const stopA = new AbortController();
    const stopB = new AbortController();
    const runA = a.run(stopA.signal);
    const runB = b.run(stopB.signal);
    try {
      await waitFor('a leader', () => a.isLeader() || b.isLeader());
      // Over several lease durations, leadership stays with one candidate and is renewed.
      const [leader, other, stopLeader, runLeader] = a.isLeader() ? [a, b, stopA, runA] : [b, a, stopB, runB];
      const leases = client.resource<Lease>(LEASES).namespace('election');
      const first = await leases.get('demo');
      for (let i = 0; i < 15; i++) {
        assert.ok(leader.isLeader() && !other.isLeader(), 'exactly one leader');
        await sleep(200);
      }
      const renewed = await leases.get('demo');
      assert.equal(renewed.spec?.holderIdentity, leader.identity);
      assert.equal(renewed.spec?.leaseDurationSeconds, 2);
      assert.equal(renewed.spec?.leaseTransitions, 0);
      assert.match(renewed.spec?.acquireTime ?? '', MICRO_TIME);
      assert.match(renewed.spec?.renewTime ?? '', MICRO_TIME);
      assert.equal(renewed.spec?.acquireTime, first.spec?.acquireTime);
      assert.ok(Date.parse(renewed.spec?.renewTime ?? '') > Date.parse(first.spec?.renewTime ?? ''), 'renewTime advances');
      assert.equal(other.getLeader(), leader.identity);

      // kubectl sees the same holder.
      const holder = await kubectl().ok(['get', 'lease', 'demo', '-n', 'election', '-o', 'jsonpath={.spec.holderIdentity}']);
      assert.equal(holder.trim(), leader.identity);

      // Stop the leader with release: the other takes over well before the 2 s lease would expire.
      const stoppedAt = Date.now();
      stopLeader.abort();
      await runLeader;
      assert.equal(leader.isLeader(), false);
      await waitFor('the other to lead', () => other.isLeader(), 5_000);
      assert.ok(Date.now() - stoppedAt < 1_500, `took over after ${Date.now() - stoppedAt} ms`);
      const taken = await leases.get('demo');
      assert.equal(taken.spec?.holderIdentity, other.identity);
      assert.equal(taken.spec?.leaseTransitions, 1);
      assert.equal(taken.spec?.leaseDurationSeconds, 2);
      assert.deepEqual(events.filter((e) => !e.includes('error')), [`${leader.identity} started`, `${leader.identity} stopped`, `${other.identity} started`]);
    } finally {
      stopA.abort();
      stopB.abort();
      await Promise.all([runA, runB]);
    }
    const released = await client.resource<Lease>(LEASES).namespace('election').get('demo');
    assert.equal(released.spec?.holderIdentity ?? '', '', 'the last leader released too');
    assert.deepEqual(events.filter((e) => e.includes('error')), []);
  });
});
