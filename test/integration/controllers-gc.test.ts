/**
 * The garbage collector through the real kubectl: background, orphan and foreground cascading
 * deletion (`kubectl delete --cascade=…`), owners that never existed, owners in another
 * namespace, a cluster-scoped owner, and an ownership cycle. Owners are ConfigMaps and a
 * ClusterRole, dependents ConfigMaps and unscheduled Pods, so no other controller is involved.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { eventually } from '../support/eventually.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

interface Ref {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  blockOwnerDeletion?: boolean;
}

interface Meta {
  name: string;
  uid: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  ownerReferences?: Ref[];
}

describe('garbage collector through kubectl', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  const configMap = async (name: string, options: { namespace?: string; owners?: Ref[]; finalizers?: string[] } = {}): Promise<Ref> => {
    const metadata = { name, namespace: options.namespace ?? 'default', ownerReferences: options.owners, finalizers: options.finalizers };
    // The uid comes from the create answer: the GC may delete a dependent right away.
    const uid = await kubectl.ok(['create', '-f', '-', '-o', 'jsonpath={.metadata.uid}'], { stdin: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata }) });
    return { apiVersion: 'v1', kind: 'ConfigMap', name, uid };
  };
  /** metadata of an object, or undefined once it is gone. */
  const meta = async (kind: string, name: string, namespace = 'default'): Promise<Meta | undefined> => {
    const result = await kubectl.run(['get', kind, name, '-n', namespace, '-o', 'json']);
    if (result.code !== 0) {
      assert.match(result.stderr, /NotFound|not found/);
      return undefined;
    }
    return (JSON.parse(result.stdout) as { metadata: Meta }).metadata;
  };
  const gone = (kind: string, name: string, namespace?: string) => eventually(() => meta(kind, name, namespace), (m) => m === undefined);

  test('background (the default): deleting an owner deletes its dependents; one with another live owner only loses the reference', async () => {
    const owner = await configMap('bg-owner');
    const other = await configMap('bg-other');
    await configMap('bg-child-1', { owners: [owner] });
    await configMap('bg-child-2', { owners: [owner] });
    await configMap('bg-shared', { owners: [owner, other] });
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bg-pod', ownerReferences: [owner] }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } };
    await kubectl.ok(['create', '-f', '-'], { stdin: JSON.stringify(pod) });

    assert.equal(await kubectl.ok(['delete', 'cm', 'bg-owner']), 'configmap "bg-owner" deleted\n');
    await gone('cm', 'bg-child-1');
    await gone('cm', 'bg-child-2');
    await gone('pod', 'bg-pod');
    const shared = await eventually(() => meta('cm', 'bg-shared'), (m) => m !== undefined && (m.ownerReferences ?? []).length === 1);
    assert.deepEqual(shared?.ownerReferences?.map((r) => r.name), ['bg-other']);
    assert.equal(shared?.deletionTimestamp, undefined);
  });

  test('--cascade=orphan keeps the dependents and strips their reference to the owner', async () => {
    const owner = await configMap('orphan-owner');
    await configMap('orphan-child-1', { owners: [owner] });
    await configMap('orphan-child-2', { owners: [owner] });
    assert.equal(await kubectl.ok(['delete', 'cm', 'orphan-owner', '--cascade=orphan']), 'configmap "orphan-owner" deleted\n');
    assert.equal(await meta('cm', 'orphan-owner'), undefined, 'kubectl waited for the owner to go');
    for (const name of ['orphan-child-1', 'orphan-child-2']) {
      const child = await meta('cm', name);
      assert.ok(child, `${name} was kept`);
      assert.deepEqual(child.ownerReferences ?? [], []);
      assert.equal(child.deletionTimestamp, undefined);
    }
  });

  test('--cascade=foreground keeps the owner, with the foregroundDeletion finalizer, until no blocking dependent remains', async () => {
    const owner = await configMap('fg-owner');
    await configMap('fg-child', { owners: [owner] });
    await configMap('fg-blocker', { owners: [{ ...owner, blockOwnerDeletion: true }], finalizers: ['example.com/hold'] });
    assert.equal(await kubectl.ok(['delete', 'cm', 'fg-owner', '--cascade=foreground', '--wait=false']), 'configmap "fg-owner" deleted\n');

    await gone('cm', 'fg-child');
    const blocker = await eventually(() => meta('cm', 'fg-blocker'), (m) => m?.deletionTimestamp !== undefined);
    assert.deepEqual(blocker?.finalizers, ['example.com/hold']);
    // The blocker is being deleted but its own finalizer holds it, so the owner waits.
    const waiting = await meta('cm', 'fg-owner');
    assert.ok(waiting?.deletionTimestamp, 'the owner is being deleted');
    assert.deepEqual(waiting.finalizers, ['foregroundDeletion']);

    await kubectl.ok(['patch', 'cm', 'fg-blocker', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    await gone('cm', 'fg-blocker');
    await gone('cm', 'fg-owner');
  });

  test('kubectl delete --cascade=foreground waits for the dependents and returns', async () => {
    const owner = await configMap('fgw-owner');
    await configMap('fgw-child', { owners: [{ ...owner, blockOwnerDeletion: true }] });
    assert.equal(await kubectl.ok(['delete', 'cm', 'fgw-owner', '--cascade=foreground']), 'configmap "fgw-owner" deleted\n');
    assert.equal(await meta('cm', 'fgw-owner'), undefined);
    assert.equal(await meta('cm', 'fgw-child'), undefined);
  });

  test('a dependent whose owner never existed (or exists with another uid) is collected', async () => {
    await configMap('ghost-child', { owners: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '3b0c9a2e-0000-4000-8000-000000000001' }] });
    await configMap('ghost-uid-child', { owners: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'bg-other', uid: '3b0c9a2e-0000-4000-8000-000000000002' }] });
    await gone('cm', 'ghost-child');
    // bg-other exists, but with another uid: the reference is dangling all the same.
    await gone('cm', 'ghost-uid-child');
  });

  test('an owner in another namespace does not hold a dependent: it is collected with an OwnerRefInvalidNamespace event', async () => {
    await kubectl.ok(['create', 'namespace', 'gc-elsewhere']);
    const remote = await configMap('remote-owner', { namespace: 'gc-elsewhere' });
    await configMap('cross-child', { owners: [remote] });
    await gone('cm', 'cross-child');
    assert.ok(await meta('cm', 'remote-owner', 'gc-elsewhere'), 'the owner itself is untouched');
    const events = await eventually(
      () => kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=cross-child', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']),
      (out) => out.includes('OwnerRefInvalidNamespace'),
    );
    assert.match(events, new RegExp(`OwnerRefInvalidNamespace: ownerRef \\[v1/ConfigMap, namespace: default, name: remote-owner, uid: ${remote.uid}\\] does not resolve to a parent with uid ${remote.uid} in namespace default`));
  });

  test('a cluster-scoped owner holds namespaced dependents until it is deleted', async () => {
    await kubectl.ok(['create', 'clusterrole', 'gc-owner', '--verb=get', '--resource=pods']);
    const owner: Ref = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'gc-owner', uid: await kubectl.ok(['get', 'clusterrole', 'gc-owner', '-o', 'jsonpath={.metadata.uid}']) };
    await configMap('cluster-owned', { owners: [owner] });
    // A dangling dependent created after it is collected: the GC has seen both by then.
    await configMap('cluster-owned-probe', { owners: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'nothing', uid: '3b0c9a2e-0000-4000-8000-000000000003' }] });
    await gone('cm', 'cluster-owned-probe');
    assert.ok(await meta('cm', 'cluster-owned'), 'kept while its cluster-scoped owner exists');
    await kubectl.ok(['delete', 'clusterrole', 'gc-owner']);
    await gone('cm', 'cluster-owned');
  });

  test('a two-object ownership cycle is deleted without hanging, in the background and in the foreground', async () => {
    for (const cascade of ['background', 'foreground']) {
      const a = await configMap(`cycle-${cascade}-a`);
      const b = await configMap(`cycle-${cascade}-b`, { owners: [{ ...a, blockOwnerDeletion: true }] });
      await kubectl.ok(['patch', 'cm', a.name, '--type=merge', '-p', JSON.stringify({ metadata: { ownerReferences: [{ ...b, blockOwnerDeletion: true }] } })]);
      assert.equal(await kubectl.ok(['delete', 'cm', a.name, `--cascade=${cascade}`]), `configmap "${a.name}" deleted\n`);
      await gone('cm', a.name);
      await gone('cm', b.name);
    }
  });
});
