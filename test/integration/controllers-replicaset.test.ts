/**
 * The ReplicaSet and ReplicationController controllers through the real kubectl, on a server whose
 * local node runs hollow pods (simulated runtime). There is no scheduler here: templates bind
 * their pods with `spec.nodeName`, and pods meant to stay unassigned name a scheduler that does
 * not exist, so they stay Pending whatever schedulers run.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';

const NODE = 'hollow-rs';
const NO_SCHEDULER = 'kts-test-no-such-scheduler';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

interface Pod {
  metadata: { name: string; uid: string; labels?: Record<string, string>; ownerReferences?: OwnerRef[]; deletionTimestamp?: string; annotations?: Record<string, string> };
  spec: { nodeName?: string };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}

interface Owner {
  metadata: { name: string; uid: string; generation: number };
  status: {
    replicas?: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

const container = { name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] };

function replicaSet(name: string, replicas: number, options: { podSpec?: object; minReadySeconds?: number } = {}): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      minReadySeconds: options.minReadySeconds ?? 0,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { nodeName: NODE, containers: [container], ...options.podSpec } },
    },
  });
}

const isReady = (pod: Pod) => pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const active = (pods: Pod[]) => pods.filter((p) => p.metadata.deletionTimestamp === undefined && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
const names = (pods: Pod[]) => pods.map((p) => p.metadata.name).sort();

describe('ReplicaSet and ReplicationController controllers', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster({ agent: true, args: ['--node-name', NODE, '--runtime', 'simulated'] });
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  const pods = async (selector: string): Promise<Pod[]> => (JSON.parse(await kubectl.ok(['get', 'pods', '-l', selector, '-o', 'json'])) as { items: Pod[] }).items;
  const owner = async (kind: 'rs' | 'rc', name: string): Promise<Owner> => JSON.parse(await kubectl.ok(['get', kind, name, '-o', 'json'])) as Owner;
  const create = (manifest: string) => kubectl.ok(['create', '-f', '-'], { stdin: manifest });
  /** Waits until `selector` has exactly `n` active pods, all Ready; returns them. */
  const readyPods = (selector: string, n: number) => eventually(() => pods(selector).then(active), (ps) => ps.length === n && ps.every(isReady));
  /** Waits until the owner's status counts `replicas` pods, all ready, for the current generation. */
  const settled = (kind: 'rs' | 'rc', name: string, replicas: number) =>
    eventually(
      () => owner(kind, name),
      (o) => (o.status.replicas ?? 0) === replicas && (o.status.readyReplicas ?? 0) === replicas && o.status.observedGeneration === o.metadata.generation,
    );

  test('a ReplicaSet creates its pods with a controller reference, SuccessfulCreate events and status', async () => {
    await create(replicaSet('web', 3));
    const rs = await owner('rs', 'web');
    const created = await readyPods('app=web', 3);
    for (const pod of created) {
      assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
      assert.match(pod.metadata.name, /^web-[a-z0-9]{5}$/);
    }
    const status = (await settled('rs', 'web', 3)).status;
    assert.deepEqual(
      { ...status, conditions: status.conditions ?? [] },
      { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1, conditions: [] },
    );
    assert.match(await kubectl.ok(['get', 'rs', 'web']), /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nweb\s+3\s+3\s+3\s+\d+s\n$/);
    const describe = await eventually(
      () => kubectl.ok(['describe', 'rs', 'web']),
      (out) => created.every((p) => out.includes(`Created pod: ${p.metadata.name}`)),
    );
    assert.match(describe, /^Replicas:\s+3 current \/ 3 desired$/m);
    assert.match(describe, /^Pods Status:\s+3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    for (const pod of created) assert.match(describe, new RegExp(`Normal\\s+SuccessfulCreate\\s+.*replicaset-controller\\s+Created pod: ${pod.metadata.name}$`, 'm'));
    assert.equal((describe.match(/SuccessfulCreate/g) ?? []).length, 3, 'never more creates than replicas (expectations)');
  });

  test('scaling up creates pods; scaling down deletes the lowest pod-deletion-cost first', async () => {
    assert.equal(await kubectl.ok(['scale', 'rs', 'web', '--replicas=5']), 'replicaset.apps/web scaled\n');
    const five = await readyPods('app=web', 5);
    await settled('rs', 'web', 5);
    const creates = (out: string) => (out.match(/SuccessfulCreate/g) ?? []).length;
    assert.equal(creates(await eventually(() => kubectl.ok(['describe', 'rs', 'web']), (out) => creates(out) >= 5)), 5);
    // Distinct costs in an order unrelated to age: the three cheapest must go, whatever their age.
    const costs = [30, -10, 50, 0, 20];
    await Promise.all(five.map((p, i) => kubectl.ok(['annotate', 'pod', p.metadata.name, `${DELETION_COST}=${costs[i]}`])));
    const survivors = five.filter((_, i) => costs[i]! >= 30).map((p) => p.metadata.name).sort();

    assert.equal(await kubectl.ok(['scale', 'rs', 'web', '--replicas=2']), 'replicaset.apps/web scaled\n');
    const left = await eventually(() => pods('app=web'), (ps) => ps.length === 2);
    assert.deepEqual(names(left), survivors);
    assert.match(await kubectl.ok(['get', 'rs', 'web', '--no-headers']), /^web\s+2\s+2\s+2\s+\d+s\n$/);
    const events = await eventually(() => kubectl.ok(['describe', 'rs', 'web']), (out) => (out.match(/SuccessfulDelete/g) ?? []).length === 3);
    for (const gone of five.filter((p) => !survivors.includes(p.metadata.name))) assert.match(events, new RegExp(`Deleted pod: ${gone.metadata.name}$`, 'm'));
  });

  test('a deleted pod is replaced', async () => {
    const [victim, kept] = await readyPods('app=web', 2);
    await kubectl.ok(['delete', 'pod', victim!.metadata.name]);
    const now = await readyPods('app=web', 2);
    assert.ok(names(now).includes(kept!.metadata.name));
    assert.ok(!names(now).includes(victim!.metadata.name));
    await settled('rs', 'web', 2);
  });

  test('an orphan pod created before its ReplicaSet is adopted and counts as a replica', async () => {
    const orphan = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'early', labels: { app: 'adopt' } }, spec: { nodeName: NODE, containers: [container] } };
    await create(JSON.stringify(orphan));
    await readyPods('app=adopt', 1);
    await create(replicaSet('adopt', 2));
    const rs = await owner('rs', 'adopt');
    const two = await readyPods('app=adopt', 2);
    assert.ok(names(two).includes('early'));
    for (const pod of two) assert.equal(pod.metadata.ownerReferences?.[0]?.uid, rs.metadata.uid, pod.metadata.name);
    await settled('rs', 'adopt', 2);
    // One create only: the orphan counted from the first sync on.
    const describe = await kubectl.ok(['describe', 'rs', 'adopt']);
    assert.equal((describe.match(/SuccessfulCreate/g) ?? []).length, 1, describe);
    assert.equal((await pods('app=adopt')).length, 2);
  });

  test('an unassigned pending pod is adopted and is the first to go when there are too many', async () => {
    const pending = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'unassigned', labels: { app: 'adopt' } },
      spec: { schedulerName: NO_SCHEDULER, containers: [container] },
    };
    const before = names(await readyPods('app=adopt', 2));
    await create(JSON.stringify(pending));
    // Adopted (now 3 for 2 replicas), then deleted first: unassigned before assigned.
    await eventually(() => pods('app=adopt'), (ps) => !names(ps).includes('unassigned') && ps.length === 2);
    assert.deepEqual(names(await pods('app=adopt')), before);
    assert.match(await kubectl.ok(['describe', 'rs', 'adopt']), /SuccessfulDelete\s+.*Deleted pod: unassigned$/m);
  });

  test('a pod relabeled with kubectl label --overwrite is released and replaced', async () => {
    const rs = await owner('rs', 'adopt');
    const [released] = await readyPods('app=adopt', 2);
    const name = released!.metadata.name;
    await kubectl.ok(['label', 'pod', name, 'app=elsewhere', '--overwrite']);
    const orphaned = await eventually(
      () => kubectl.ok(['get', 'pod', name, '-o', 'json']).then((out) => JSON.parse(out) as Pod),
      (p) => (p.metadata.ownerReferences ?? []).length === 0,
    );
    assert.equal(orphaned.metadata.deletionTimestamp, undefined, 'released, not deleted');
    const replaced = await readyPods('app=adopt', 2);
    assert.ok(!names(replaced).includes(name));
    for (const pod of replaced) assert.equal(pod.metadata.ownerReferences?.[0]?.uid, rs.metadata.uid);
    await settled('rs', 'adopt', 2);
    await kubectl.ok(['delete', 'pod', name]);
  });

  test('readyReplicas counts ready pods; availableReplicas waits for minReadySeconds', async () => {
    // Pods that never get a node: replicas without readiness.
    await create(replicaSet('unready', 2, { podSpec: { nodeName: undefined, schedulerName: NO_SCHEDULER } }));
    const unready = await eventually(() => owner('rs', 'unready'), (o) => o.status.replicas === 2);
    assert.equal(unready.status.readyReplicas ?? 0, 0);
    assert.match(await kubectl.ok(['get', 'rs', 'unready', '--no-headers']), /^unready\s+2\s+2\s+0\s+\d+s\n$/);

    // Ready at once, available only after 3 s of readiness (the controller requeues itself for
    // it). A watch records every status the controller writes, so no poll can miss one.
    const watch = kubectl.start(['get', 'rs', '--watch', '-o', 'jsonpath={.metadata.name} {.status.readyReplicas}/{.status.availableReplicas}{"\\n"}']);
    let seen = '';
    watch.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    try {
      await create(replicaSet('slow', 2, { minReadySeconds: 3 }));
      await eventually(async () => seen, (out) => /^slow 2\/2$/m.test(out));
      const statuses = seen.split('\n').filter((line) => line.startsWith('slow '));
      assert.ok(statuses.indexOf('slow 2/') >= 0 && statuses.indexOf('slow 2/') < statuses.indexOf('slow 2/2'), statuses.join('\n'));
    } finally {
      watch.kill();
    }
    const available = await owner('rs', 'slow');
    assert.equal(available.status.readyReplicas, 2);
  });

  test('a create that admission refuses sets ReplicaFailure FailedCreate, cleared once creates succeed', async () => {
    await create(replicaSet('prio', 1, { podSpec: { priorityClassName: 'kts-test-later' } }));
    const failing = await eventually(() => owner('rs', 'prio'), (o) => (o.status.conditions ?? []).some((c) => c.type === 'ReplicaFailure'));
    const condition = failing.status.conditions?.find((c) => c.type === 'ReplicaFailure');
    assert.equal(condition?.status, 'True');
    assert.equal(condition?.reason, 'FailedCreate');
    assert.match(condition?.message ?? '', /is forbidden: no PriorityClass with name kts-test-later was found$/);
    assert.match(await kubectl.ok(['describe', 'rs', 'prio']), /Warning\s+FailedCreate\s+.*replicaset-controller\s+Error creating: pods .*is forbidden: no PriorityClass with name kts-test-later was found/);

    await kubectl.ok(['create', 'priorityclass', 'kts-test-later', '--value=10']);
    const healed = await settled('rs', 'prio', 1);
    assert.equal(healed.status.conditions, undefined);
    await kubectl.ok(['delete', 'rs', 'prio']);
    await kubectl.ok(['delete', 'priorityclass', 'kts-test-later']);
  });

  test('a ReplicationController creates, scales and replaces its pods', async () => {
    const rcManifest = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'legacy' },
      spec: { replicas: 2, selector: { app: 'legacy' }, template: { metadata: { labels: { app: 'legacy' } }, spec: { nodeName: NODE, containers: [container] } } },
    };
    await create(JSON.stringify(rcManifest));
    const rc = await owner('rc', 'legacy');
    const two = await readyPods('app=legacy', 2);
    for (const pod of two) {
      assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'legacy', uid: rc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    await settled('rc', 'legacy', 2);

    assert.equal(await kubectl.ok(['scale', 'rc', 'legacy', '--replicas=3']), 'replicationcontroller/legacy scaled\n');
    await readyPods('app=legacy', 3);
    const three = await settled('rc', 'legacy', 3);
    assert.equal(three.status.availableReplicas, 3);
    assert.match(await kubectl.ok(['get', 'rc', 'legacy']), /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nlegacy\s+3\s+3\s+3\s+\d+s\n$/);

    const [victim] = await readyPods('app=legacy', 3);
    await kubectl.ok(['delete', 'pod', victim!.metadata.name]);
    const replaced = await readyPods('app=legacy', 3);
    assert.ok(!names(replaced).includes(victim!.metadata.name));

    assert.equal(await kubectl.ok(['scale', 'rc', 'legacy', '--replicas=1']), 'replicationcontroller/legacy scaled\n');
    await readyPods('app=legacy', 1);
    await settled('rc', 'legacy', 1);
    const describe = await kubectl.ok(['describe', 'rc', 'legacy']);
    assert.match(describe, /Normal\s+SuccessfulCreate\s+.*replication-controller\s+Created pod: legacy-/);
    assert.match(describe, /Normal\s+SuccessfulDelete\s+.*replication-controller\s+Deleted pod: legacy-/);
  });
});
