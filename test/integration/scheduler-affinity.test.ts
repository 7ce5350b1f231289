/**
 * InterPodAffinity, PodTopologySpread and DefaultPreemption in the scheduler of `kts server`,
 * with three `kts sim` nodes, through the real kubectl: required anti-affinity spreads one pod
 * per node and leaves the fourth Pending with upstream's FailedScheduling message; a maxSkew 1
 * hostname constraint spreads evenly; a high-priority pod preempts a low-priority one (Preempted
 * event, nominatedNodeName) and is scheduled on the freed node.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KtsProcess } from '../support/kts-process.js';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';

interface PodInput {
  labels?: Record<string, string>;
  cpu?: string;
  priorityClassName?: string;
  affinity?: unknown;
  topologySpreadConstraints?: unknown[];
}

function pod(name: string, input: PodInput = {}): Record<string, unknown> {
  const { labels, cpu, ...spec } = input;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { ...spec, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], ...(cpu ? { resources: { requests: { cpu } } } : {}) }] },
  };
}

const list = (items: unknown[]): string => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

describe('scheduler: pod affinity, topology spread and preemption', () => {
  const { server, kubectl } = useCluster();
  let sim: KtsProcess | undefined;
  before(async () => {
    sim = new KtsProcess(['sim', '--nodes', '3', '--kubeconfig', server.kubeconfig, '--cpu', '2', '--memory', '4Gi']);
    await sim.waitForLog(/kts sim ready: 3 nodes registered/);
  });
  after(async () => {
    await sim?.stop('SIGTERM');
  });

  const apply = (items: unknown[]): Promise<string> => kubectl().ok(['apply', '-f', '-'], { stdin: list(items) });
  const nodesOf = async (selector: string): Promise<string[]> =>
    (await kubectl().ok(['get', 'pods', '-l', selector, '-o', 'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}'])).split('\n').filter((n) => n !== '');
  const eventsOf = (name: string, reason: string): Promise<string> =>
    kubectl().ok(['get', 'events', '--field-selector', `involvedObject.name=${name},reason=${reason}`, '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}']);
  const cleanup = (selector: string): Promise<string> => kubectl().ok(['delete', 'pods', '-l', selector, '--ignore-not-found', '--wait=true', '--timeout=60s']);

  test('required anti-affinity on hostname: one pod per node, the fourth Pending with FailedScheduling', async () => {
    const antiAffinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } };
    try {
      await apply([1, 2, 3].map((i) => pod(`web-${i}`, { labels: { app: 'web' }, affinity: antiAffinity })));
      const nodes = await eventually(() => nodesOf('app=web'), (n) => n.length === 3);
      assert.deepEqual([...nodes].sort(), ['sim-0', 'sim-1', 'sim-2']);
      await apply([pod('web-4', { labels: { app: 'web' }, affinity: antiAffinity })]);
      const events = await eventually(() => eventsOf('web-4', 'FailedScheduling'), (e) => e !== '');
      assert.equal(
        events.trim().split('\n')[0],
        "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
      );
      assert.equal(await kubectl().ok(['get', 'pod', 'web-4', '-o', 'jsonpath={.spec.nodeName}']), '');
      // Freeing a node lets the fourth pod in (a pod deletion moves it back to the active queue).
      const victimNode = await kubectl().ok(['get', 'pod', 'web-1', '-o', 'jsonpath={.spec.nodeName}']);
      await kubectl().ok(['delete', 'pod', 'web-1', '--wait=true', '--timeout=60s']);
      assert.equal(await eventually(() => kubectl().ok(['get', 'pod', 'web-4', '-o', 'jsonpath={.spec.nodeName}']), (n) => n !== ''), victimNode);
    } finally {
      await cleanup('app=web');
    }
  });

  test('topology spread with maxSkew 1 on hostname spreads six pods two per node', async () => {
    const constraint = { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'even' } } };
    try {
      await apply([1, 2, 3, 4, 5, 6].map((i) => pod(`even-${i}`, { labels: { app: 'even' }, topologySpreadConstraints: [constraint] })));
      const nodes = await eventually(() => nodesOf('app=even'), (n) => n.length === 6);
      const perNode = new Map<string, number>();
      for (const n of nodes) perNode.set(n, (perNode.get(n) ?? 0) + 1);
      assert.deepEqual(Object.fromEntries([...perNode].sort()), { 'sim-0': 2, 'sim-1': 2, 'sim-2': 2 });
    } finally {
      await cleanup('app=even');
    }
  });

  test('a high-priority pod preempts a low-priority one and is scheduled on the freed node', async () => {
    const priorityClass = (name: string, value: number) => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value });
    try {
      await apply([priorityClass('low', 100), priorityClass('high', 1000)]);
      // Two 1-cpu low-priority pods fill each 2-cpu node.
      await apply([1, 2, 3, 4, 5, 6].map((i) => pod(`low-${i}`, { labels: { tier: 'low' }, cpu: '1', priorityClassName: 'low' })));
      await eventually(() => nodesOf('tier=low'), (n) => n.length === 6);
      await apply([pod('vip', { labels: { tier: 'high' }, cpu: '1', priorityClassName: 'high' })]);

      const node = await eventually(() => kubectl().ok(['get', 'pod', 'vip', '-o', 'jsonpath={.spec.nodeName}']), (n) => n !== '');
      const uid = await kubectl().ok(['get', 'pod', 'vip', '-o', 'jsonpath={.metadata.uid}']);
      assert.equal(await kubectl().ok(['get', 'pod', 'vip', '-o', 'jsonpath={.status.nominatedNodeName}']), node);
      // Exactly one victim, on that node, with the Preempted event.
      const preempted = await eventually(
        () => kubectl().ok(['get', 'events', '--field-selector', 'reason=Preempted', '-o', 'jsonpath={range .items[*]}{.involvedObject.name}|{.message}{"\\n"}{end}']),
        (e) => e !== '',
      );
      const lines = preempted.trim().split('\n');
      assert.equal(lines.length, 1, preempted);
      const [victim, message] = lines[0]!.split('|');
      assert.match(victim!, /^low-\d$/);
      assert.equal(message, `Preempted by pod ${uid} on node ${node}`);
      const survivors = await eventually(() => nodesOf('tier=low'), (n) => n.length === 5);
      assert.equal(survivors.filter((n) => n === node).length, 1);
      const failed = await eventsOf('vip', 'FailedScheduling');
      assert.match(failed, /^0\/3 nodes are available: 3 Insufficient cpu\./);
    } finally {
      await cleanup('tier');
      await kubectl().ok(['delete', 'priorityclass', 'low', 'high', '--ignore-not-found']);
    }
  });
});
