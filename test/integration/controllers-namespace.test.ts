/**
 * The namespace and ServiceAccount controllers through the real kubectl: `kubectl delete
 * namespace` removes the content and returns once the namespace is gone; content held by a
 * finalizer keeps the namespace Terminating with upstream's conditions; every namespace gets a
 * `default` ServiceAccount (recreated when deleted); token Secrets get their token.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { eventually } from '../support/eventually.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

describe('namespace and service account controllers through kubectl', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  const exists = async (args: string[]): Promise<boolean> => {
    const result = await kubectl.run(['get', ...args, '-o', 'name']);
    if (result.code === 0) return true;
    assert.match(result.stderr, /not found/);
    return false;
  };
  const saUid = (namespace: string) => kubectl.run(['get', 'sa', 'default', '-n', namespace, '-o', 'jsonpath={.metadata.uid}']).then((r) => (r.code === 0 ? r.stdout : ''));

  test('a new namespace gets a default ServiceAccount, and gets it back when it is deleted', async () => {
    await kubectl.ok(['create', 'namespace', 'sa-home']);
    const first = await eventually(() => saUid('sa-home'), (uid) => uid !== '');
    assert.equal(await kubectl.ok(['delete', 'sa', 'default', '-n', 'sa-home']), 'serviceaccount "default" deleted\n');
    const second = await eventually(() => saUid('sa-home'), (uid) => uid !== '' && uid !== first);
    assert.notEqual(second, first);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) assert.notEqual(await eventually(() => saUid(ns), (uid) => uid !== ''), '');
  });

  test('kubectl delete namespace removes its content and returns once the namespace is gone', async () => {
    await kubectl.ok(['create', 'namespace', 'doomed']);
    await kubectl.ok(['create', 'configmap', 'settings', '-n', 'doomed', '--from-literal=a=1']);
    await kubectl.ok(['create', 'secret', 'generic', 'password', '-n', 'doomed', '--from-literal=p=x']);
    await kubectl.ok(['create', 'service', 'clusterip', 'web', '-n', 'doomed', '--tcp=80']);
    await kubectl.ok(['create', 'role', 'reader', '-n', 'doomed', '--verb=get', '--resource=pods']);
    await kubectl.ok(['create', 'deployment', 'app', '-n', 'doomed', '--image=busybox:1.36']);
    // An unscheduled pod (no kubelet here) is deleted at once, whatever its grace period.
    await kubectl.ok(['run', 'worker', '-n', 'doomed', '--image=busybox:1.36', '--overrides={"spec":{"terminationGracePeriodSeconds":30}}']);
    assert.equal(await kubectl.ok(['delete', 'namespace', 'doomed'], { timeoutMs: 60_000 }), 'namespace "doomed" deleted\n');
    assert.equal(await exists(['namespace', 'doomed']), false);
    // Everything in it went with it (a recreated namespace starts empty).
    await kubectl.ok(['create', 'namespace', 'doomed']);
    const left = await kubectl.ok(['get', 'configmaps,secrets,services,roles,deployments,pods', '-n', 'doomed', '-o', 'name']);
    assert.equal(left, '');
  });

  test('content held by a finalizer keeps the namespace Terminating, with the conditions saying why', async () => {
    await kubectl.ok(['create', 'namespace', 'held']);
    const held = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', namespace: 'held', finalizers: ['example.com/hold'] } };
    await kubectl.ok(['create', '-f', '-'], { stdin: JSON.stringify(held) });
    assert.equal(await kubectl.ok(['delete', 'namespace', 'held', '--wait=false']), 'namespace "held" deleted\n');
    assert.match(await kubectl.ok(['get', 'ns', 'held', '--no-headers']), /^held\s+Terminating\s+\d+s$/m);
    const blocked = await kubectl.run(['create', 'cm', 'late', '-n', 'held']);
    assert.match(blocked.stderr, /unable to create new content in namespace held because it is being terminated/);

    const conditions = await eventually(
      async () => JSON.parse(await kubectl.ok(['get', 'ns', 'held', '-o', 'jsonpath={.status.conditions}'])) as Condition[],
      (list) => list.some((c) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True'),
    );
    const byType = new Map(conditions.map((c) => [c.type, c]));
    assert.deepEqual(byType.get('NamespaceContentRemaining'), { ...byType.get('NamespaceContentRemaining'), status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: configmaps. has 1 resource instances' });
    assert.deepEqual(byType.get('NamespaceFinalizersRemaining'), {
      ...byType.get('NamespaceFinalizersRemaining'),
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    });
    assert.deepEqual(byType.get('NamespaceDeletionDiscoveryFailure'), { ...byType.get('NamespaceDeletionDiscoveryFailure'), status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' });
    assert.deepEqual(byType.get('NamespaceDeletionContentFailure'), {
      ...byType.get('NamespaceDeletionContentFailure'),
      status: 'False',
      reason: 'ContentDeleted',
      message: 'All content successfully deleted, may be waiting on finalization',
    });
    assert.match(await kubectl.ok(['get', 'cm', 'keep', '-n', 'held', '-o', 'jsonpath={.metadata.deletionTimestamp}']), /^\d{4}-/);

    await kubectl.ok(['patch', 'cm', 'keep', '-n', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    await kubectl.ok(['wait', '--for=delete', 'namespace/held', '--timeout=60s'], { timeoutMs: 70_000 });
    assert.equal(await exists(['namespace', 'held']), false);
  });

  test('a service-account-token Secret gets a token bound to it; it goes when its ServiceAccount does', async () => {
    await kubectl.ok(['create', 'serviceaccount', 'robot']);
    const robotUid = await kubectl.ok(['get', 'sa', 'robot', '-o', 'jsonpath={.metadata.uid}']);
    const secret = (name: string, sa: string) => JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name, annotations: { 'kubernetes.io/service-account.name': sa } }, type: 'kubernetes.io/service-account-token' });
    await kubectl.ok(['create', '-f', '-'], { stdin: secret('robot-token', 'robot') });
    const filled = await eventually(
      async () => JSON.parse(await kubectl.ok(['get', 'secret', 'robot-token', '-o', 'json'])) as { data?: Record<string, string>; metadata: { uid: string; annotations: Record<string, string> } },
      (s) => s.data?.['token'] !== undefined,
    );
    assert.equal(filled.metadata.annotations['kubernetes.io/service-account.uid'], robotUid);
    assert.equal(Buffer.from(filled.data!['namespace']!, 'base64').toString(), 'default');
    const token = Buffer.from(filled.data!['token']!, 'base64').toString();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; 'kubernetes.io': { secret: { name: string; uid: string } } };
    assert.equal(claims.sub, 'system:serviceaccount:default:robot');
    assert.deepEqual(claims['kubernetes.io'].secret, { name: 'robot-token', uid: filled.metadata.uid });
    assert.match(await kubectl.ok(['describe', 'secret', 'robot-token']), /^token:\s+\S+/m);

    // A token Secret naming no ServiceAccount is deleted.
    await kubectl.ok(['create', '-f', '-'], { stdin: secret('nobody-token', 'nobody') });
    await eventually(() => exists(['secret', 'nobody-token']), (present) => !present);

    await kubectl.ok(['delete', 'sa', 'robot']);
    await eventually(() => exists(['secret', 'robot-token']), (present) => !present);
  });
});
