/**
 * The Deployment controller (with the ReplicaSet controller and a hollow local node) through the
 * real kubectl: create, scale, a rolling update that never drops below the desired ready count,
 * `rollout status`, history, undo, pause/resume, Recreate, and revisionHistoryLimit cleanup.
 * Pods are bound by hand to the hollow node (no scheduler needed), which runs them at once.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { eventually } from '../support/eventually.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';

const NODE = 'hollow-node';

interface RS {
  metadata: { name: string; uid: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: { kind: string; name: string; controller?: boolean }[] };
  spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } } };
}
interface Deploy {
  metadata: { generation: number; annotations?: Record<string, string> };
  spec: { template: { spec: { containers: { image: string }[] } } };
  status: { observedGeneration?: number; replicas?: number; readyReplicas?: number; availableReplicas?: number; conditions?: { type: string; reason: string; message: string }[] };
}
interface EventView {
  reason: string;
  message: string;
  source: { component: string };
  metadata: { resourceVersion: string };
}

function manifest(name: string, replicas: number, image: string, extra: { strategy?: object; revisionHistoryLimit?: number; changeCause?: string } = {}): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, annotations: extra.changeCause ? { 'kubernetes.io/change-cause': extra.changeCause } : undefined },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: extra.strategy,
      revisionHistoryLimit: extra.revisionHistoryLimit,
      template: { metadata: { labels: { app: name } }, spec: { nodeName: NODE, containers: [{ name: 'c', image, command: ['sleep', '3600'] }] } },
    },
  });
}

describe('deployment controller through kubectl', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster({ agent: true, args: ['--node-name', NODE, '--runtime', 'simulated'] });
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  const deploy = async (name: string): Promise<Deploy> => JSON.parse(await kubectl.ok(['get', 'deployment', name, '-o', 'json'])) as Deploy;
  const replicaSets = async (name: string): Promise<RS[]> => (JSON.parse(await kubectl.ok(['get', 'rs', '-l', `app=${name}`, '-o', 'json'])) as { items: RS[] }).items;
  const revision = (rs: RS): string | undefined => rs.metadata.annotations?.['deployment.kubernetes.io/revision'];
  const rolledOut = async (name: string): Promise<void> => {
    assert.equal((await kubectl.ok(['rollout', 'status', `deployment/${name}`, '--timeout=25s'])).trim().split('\n').at(-1), `deployment "${name}" successfully rolled out`);
  };
  const events = async (name: string): Promise<EventView[]> => {
    const list = JSON.parse(await kubectl.ok(['get', 'events', '--field-selector', `involvedObject.kind=Deployment,involvedObject.name=${name}`, '-o', 'json'])) as { items: EventView[] };
    return list.items.sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
  };

  test('create, scale up and down: one ReplicaSet named by the template hash, labelled pods, upstream events', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: manifest('web', 3, 'busybox:1.36', { changeCause: 'create', strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }) });
    await rolledOut('web');
    const [rs, ...others] = await replicaSets('web');
    assert.ok(rs);
    assert.equal(others.length, 0);
    const hash = rs.metadata.labels?.['pod-template-hash'] ?? '';
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(rs.metadata.name, `web-${hash}`);
    assert.deepEqual(rs.spec.selector.matchLabels, { app: 'web', 'pod-template-hash': hash });
    assert.equal(rs.spec.template.metadata.labels['pod-template-hash'], hash);
    assert.deepEqual(rs.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.controller]), [['Deployment', 'web', true]]);
    assert.equal(revision(rs), '1');
    assert.equal(rs.metadata.annotations?.['kubernetes.io/change-cause'], 'create');
    assert.equal(rs.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], undefined);
    assert.deepEqual([rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas'], rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas']], ['3', '4']);
    const pods = await kubectl.ok(['get', 'pods', '-l', `app=web,pod-template-hash=${hash}`, '-o', 'jsonpath={range .items[*]}{.status.phase}{"\\n"}{end}']);
    assert.deepEqual(pods.trim().split('\n'), ['Running', 'Running', 'Running']);

    const d = await deploy('web');
    assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
    assert.equal(d.metadata.generation, 1, 'the revision annotation is written through /status, which bumps no generation');
    assert.deepEqual(
      d.status.conditions?.map((c) => [c.type, c.reason, c.message]),
      [
        ['Available', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
        ['Progressing', 'NewReplicaSetAvailable', `ReplicaSet "${rs.metadata.name}" has successfully progressed.`],
      ],
    );

    await kubectl.ok(['scale', 'deployment', 'web', '--replicas=5']);
    await rolledOut('web');
    await kubectl.ok(['scale', 'deployment', 'web', '--replicas=3']);
    await eventually(() => deploy('web'), (x) => x.status.replicas === 3 && x.status.observedGeneration === x.metadata.generation);
    const scaling = (await events('web')).filter((e) => e.reason === 'ScalingReplicaSet');
    assert.ok(scaling.every((e) => e.source.component === 'deployment-controller'));
    assert.deepEqual(scaling.map((e) => e.message), [
      `Scaled up replica set ${rs.metadata.name} from 0 to 3`,
      `Scaled up replica set ${rs.metadata.name} from 3 to 5`,
      `Scaled down replica set ${rs.metadata.name} from 5 to 3`,
    ]);
  });

  test('a rolling update with maxUnavailable 0 keeps 3 ready pods throughout, then history and undo', async () => {
    await rolledOut('web');
    const watch = kubectl.start([
      'get', 'pods', '-l', 'app=web', '-w', '--output-watch-events', '-o',
      'jsonpath={.type} {.object.metadata.name} {.object.metadata.deletionTimestamp} {.object.status.conditions[?(@.type=="Ready")].status}{"\\n"}',
    ]);
    const ready = new Map<string, boolean>();
    const samples: number[] = [];
    let buffered = '';
    watch.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [type, name, ...rest] = line.trim().split(/\s+/);
        if (!name) continue;
        const terminating = rest.length === 2;
        ready.set(name, type !== 'DELETED' && !terminating && rest.at(-1) === 'True');
        samples.push([...ready.values()].filter(Boolean).length);
      }
    });
    try {
      await eventually(async () => samples.at(-1), (n) => n === 3);
      const before = samples.length;
      await kubectl.ok(['apply', '-f', '-'], { stdin: manifest('web', 3, 'busybox:1.37', { changeCause: 'image 1.37', strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }) });
      await rolledOut('web');
      await eventually(async () => [...ready.entries()].filter(([, r]) => r).length, (n) => n === 3);
      const during = samples.slice(before);
      assert.ok(during.length >= 6, `the watch saw the rollout (${during.length} changes)`);
      assert.equal(Math.min(...during), 3, `ready pods during the rollout: ${during.join(' ')}`);
      assert.ok(Math.max(...during) <= 4, 'never more than replicas + maxSurge ready');
    } finally {
      const closed = new Promise((resolve) => watch.once('close', resolve));
      watch.kill();
      await closed;
    }

    const rss = await replicaSets('web');
    assert.equal(rss.length, 2);
    const first = rss.find((rs) => revision(rs) === '1');
    const second = rss.find((rs) => revision(rs) === '2');
    assert.ok(first && second);
    assert.deepEqual([first.spec.replicas, second.spec.replicas], [0, 3]);
    assert.equal(second.spec.template.spec.containers[0]?.image, 'busybox:1.37');
    const history = await kubectl.ok(['rollout', 'history', 'deployment/web']);
    assert.match(history, /^REVISION\s+CHANGE-CAUSE\n1\s+create\n2\s+image 1\.37\n/m);

    assert.match(await kubectl.ok(['rollout', 'undo', 'deployment/web']), /deployment.apps\/web rolled back/);
    await rolledOut('web');
    const d = await deploy('web');
    assert.equal(d.spec.template.spec.containers[0]?.image, 'busybox:1.36');
    assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '3');
    const after = await replicaSets('web');
    assert.equal(after.length, 2, 'the old ReplicaSet is reused, not a new one made');
    const reused = after.find((rs) => rs.metadata.uid === first.metadata.uid);
    assert.equal(reused && revision(reused), '3');
    assert.equal(reused?.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal(reused?.spec.replicas, 3);
    assert.match(await kubectl.ok(['rollout', 'history', 'deployment/web']), /^REVISION\s+CHANGE-CAUSE\n2\s+image 1\.37\n3\s+create\n/m);
  });

  test('a paused deployment starts no rollout but still scales; resuming rolls out', async () => {
    await rolledOut('web');
    const before = await replicaSets('web');
    await kubectl.ok(['rollout', 'pause', 'deployment/web']);
    await kubectl.ok(['set', 'image', 'deployment/web', 'c=busybox:1.38']);
    const paused = await eventually(() => deploy('web'), (x) => x.status.observedGeneration === x.metadata.generation);
    assert.deepEqual(paused.status.conditions?.find((c) => c.type === 'Progressing')?.reason, 'DeploymentPaused');
    await kubectl.ok(['scale', 'deployment', 'web', '--replicas=4']);
    await eventually(() => deploy('web'), (x) => x.status.readyReplicas === 4 && x.status.observedGeneration === x.metadata.generation);
    const whilePaused = await replicaSets('web');
    assert.deepEqual(whilePaused.map((rs) => rs.metadata.uid).sort(), before.map((rs) => rs.metadata.uid).sort(), 'no new ReplicaSet while paused');
    assert.ok(whilePaused.every((rs) => rs.spec.template.spec.containers[0]?.image !== 'busybox:1.38'));

    await kubectl.ok(['rollout', 'resume', 'deployment/web']);
    await rolledOut('web');
    const rss = await replicaSets('web');
    const current = rss.find((rs) => rs.spec.replicas === 4);
    assert.equal(current?.spec.template.spec.containers[0]?.image, 'busybox:1.38');
    assert.equal(revision(current!), '4');
  });

  test('Recreate scales the old ReplicaSet to zero before the new one comes up', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: manifest('recreate', 2, 'busybox:1.36', { strategy: { type: 'Recreate' } }) });
    await rolledOut('recreate');
    await kubectl.ok(['set', 'image', 'deployment/recreate', 'c=busybox:1.37']);
    await rolledOut('recreate');
    const rss = await replicaSets('recreate');
    const oldRS = rss.find((rs) => revision(rs) === '1')!;
    const newRS = rss.find((rs) => revision(rs) === '2')!;
    const messages = (await events('recreate')).map((e) => e.message);
    assert.deepEqual(messages, [
      `Scaled up replica set ${oldRS.metadata.name} from 0 to 2`,
      `Scaled down replica set ${oldRS.metadata.name} from 2 to 0`,
      `Scaled up replica set ${newRS.metadata.name} from 0 to 2`,
    ]);
  });

  test('revisionHistoryLimit removes the oldest scaled-down ReplicaSets', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: manifest('limited', 1, 'busybox:1.36', { revisionHistoryLimit: 1 }) });
    await rolledOut('limited');
    for (const image of ['busybox:1.37', 'busybox:1.38']) {
      await kubectl.ok(['set', 'image', 'deployment/limited', `c=${image}`]);
      await rolledOut('limited');
    }
    const rss = await eventually(() => replicaSets('limited'), (x) => x.length === 2);
    assert.deepEqual(rss.map(revision).sort(), ['2', '3']);
    assert.match(await kubectl.ok(['rollout', 'history', 'deployment/limited']), /^REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/m);
  });
});
