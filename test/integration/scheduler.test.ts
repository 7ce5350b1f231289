/**
 * The scheduler in `kts server` with `kts sim` nodes, through the real kubectl: nodeSelector,
 * taints and tolerations, resource fit with upstream's FailedScheduling message and the
 * PodScheduled condition, a pod for another schedulerName left alone until `kts scheduler
 * --name other` runs, and a pending pod scheduled once a node that fits it joins.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KtsProcess } from '../support/kts-process.js';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';

interface PodSpecInput {
  nodeSelector?: Record<string, string>;
  tolerations?: Record<string, string>[];
  schedulerName?: string;
  cpu?: string;
}

function podManifest(name: string, spec: PodSpecInput = {}): string {
  const { cpu, ...rest } = spec;
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { ...rest, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], ...(cpu ? { resources: { requests: { cpu } } } : {}) }] },
  });
}

describe('scheduler', () => {
  const { server, kubectl } = useCluster();
  const sims: KtsProcess[] = [];
  before(async () => {
    const sim = new KtsProcess(['sim', '--nodes', '3', '--kubeconfig', server.kubeconfig, '--cpu', '2', '--memory', '8Gi']);
    sims.push(sim);
    await sim.waitForLog(/kts sim ready: 3 nodes registered/);
  });
  after(async () => {
    for (const sim of sims) await sim.stop('SIGTERM');
  });

  const create = (name: string, spec?: PodSpecInput): Promise<string> => kubectl().ok(['apply', '-f', '-'], { stdin: podManifest(name, spec) });
  const nodeOf = (name: string): Promise<string> => kubectl().ok(['get', 'pod', name, '-o', 'jsonpath={.spec.nodeName}']);
  const scheduledTo = (name: string): Promise<string> => eventually(() => nodeOf(name), (n) => n !== '');
  const eventsOf = (name: string, reason: string): Promise<string> =>
    kubectl().ok(['get', 'events', '--field-selector', `involvedObject.name=${name},reason=${reason}`, '-o', 'jsonpath={range .items[*]}{.source.component}|{.message}{"\\n"}{end}']);

  test('a pod with a nodeSelector lands on the labelled node, with a Scheduled event', async () => {
    await kubectl().ok(['label', 'node', 'sim-1', 'disk=ssd']);
    await create('selected', { nodeSelector: { disk: 'ssd' } });
    assert.equal(await scheduledTo('selected'), 'sim-1');
    const events = await eventually(() => eventsOf('selected', 'Scheduled'), (e) => e !== '');
    assert.equal(events.trim(), 'default-scheduler|Successfully assigned default/selected to sim-1');
    await kubectl().ok(['wait', '--for=condition=Ready', 'pod/selected', '--timeout=30s']);
    await kubectl().ok(['delete', 'pod', 'selected', '--timeout=30s']);
    await kubectl().ok(['label', 'node', 'sim-1', 'disk-']);
  });

  test('taints keep pods without a toleration away; a toleration lets one in', async () => {
    await kubectl().ok(['taint', 'node', 'sim-0', 'sim-1', 'dedicated=infra:NoSchedule']);
    try {
      await create('plain');
      assert.equal(await scheduledTo('plain'), 'sim-2');
      await create('tolerant', { nodeSelector: { 'kubernetes.io/hostname': 'sim-0' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }] });
      assert.equal(await scheduledTo('tolerant'), 'sim-0');
    } finally {
      await kubectl().ok(['taint', 'node', 'sim-0', 'sim-1', 'dedicated-']);
      await kubectl().ok(['delete', 'pod', 'plain', 'tolerant', '--ignore-not-found', '--timeout=30s']);
    }
  });

  test('a pod that fits nowhere stays Pending with upstream\'s FailedScheduling message', async () => {
    await kubectl().ok(['taint', 'node', 'sim-0', 'sim-1', 'key=value:NoSchedule']);
    try {
      await create('huge', { cpu: '3' });
      const message = await eventually(() => eventsOf('huge', 'FailedScheduling'), (e) => e.includes('0/3 nodes'));
      const expected = '0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {key: value}.';
      const line = message.trim().split('\n').find((l) => l.includes('0/3 nodes'))!;
      assert.ok(line === `default-scheduler|${expected}` || line.startsWith(`default-scheduler|${expected} preemption: `), line);
      const condition = await eventually(
        () => kubectl().ok(['get', 'pod', 'huge', '-o', 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].status}/{.status.conditions[?(@.type=="PodScheduled")].reason}']),
        (c) => c !== '/',
      );
      assert.equal(condition, 'False/Unschedulable');
      assert.equal(await nodeOf('huge'), '');
      const described = await kubectl().ok(['describe', 'pod', 'huge']);
      assert.match(described, /Warning\s+FailedScheduling\s+\S+\s+default-scheduler\s+0\/3 nodes are available: 1 Insufficient cpu, 2 node\(s\) had untolerated taint \{key: value\}\./);
      assert.match(described, /PodScheduled\s+False/);
    } finally {
      await kubectl().ok(['taint', 'node', 'sim-0', 'sim-1', 'key-']);
      await kubectl().ok(['delete', 'pod', 'huge', '--ignore-not-found', '--timeout=30s']);
    }
  });

  test('a pod for schedulerName other waits for kts scheduler --name other', async () => {
    await create('other-pod', { schedulerName: 'other' });
    // The default scheduler handles a pod created after it, and leaves the other one alone.
    await create('after-other');
    await scheduledTo('after-other');
    assert.equal(await nodeOf('other-pod'), '');
    assert.equal(await eventsOf('other-pod', 'FailedScheduling'), '');
    assert.equal(await eventsOf('other-pod', 'Scheduled'), '');
    const other = new KtsProcess(['scheduler', '--name', 'other', '--kubeconfig', server.kubeconfig]);
    try {
      await other.waitForLog(/kts scheduler ready/);
      await scheduledTo('other-pod');
      const events = await eventually(() => eventsOf('other-pod', 'Scheduled'), (e) => e !== '');
      assert.match(events.trim(), /^other\|Successfully assigned default\/other-pod to sim-\d$/);
      // Its own Lease, so it does not compete with the default scheduler's.
      await kubectl().ok(['get', 'lease', '-n', 'kube-system', 'other']);
    } finally {
      const result = await other.stop('SIGTERM');
      assert.equal(result.code, 0, result.stderr);
      await kubectl().ok(['delete', 'pod', 'other-pod', 'after-other', '--ignore-not-found', '--timeout=30s']);
    }
  });

  test('an unschedulable pod is scheduled once a node that fits it joins', async () => {
    await create('waits', { cpu: '3' });
    await eventually(() => eventsOf('waits', 'FailedScheduling'), (e) => e.includes('3 Insufficient cpu'));
    const big = new KtsProcess(['sim', '--nodes', '1', '--name-prefix', 'big-', '--kubeconfig', server.kubeconfig, '--cpu', '4', '--memory', '8Gi']);
    sims.push(big);
    await big.waitForLog(/kts sim ready: 1 nodes registered/);
    assert.equal(await eventually(() => nodeOf('waits'), (n) => n !== '', 30_000), 'big-0');
    await kubectl().ok(['delete', 'pod', 'waits', '--timeout=30s']);
  });
});
