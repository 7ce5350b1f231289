/**
 * What a PATCH may and may not change, through the real kubectl, as Kubernetes v1.32 answers:
 * a resourceVersion in the patch is a precondition, the uid cannot change, a failed JSON-patch
 * test is a bare 422, and the stored object reads as Go's JSON encoding writes it.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { eventually } from '../support/eventually.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

const MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

describe('kubectl patch semantics', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  const resourceVersionOf = async (name: string): Promise<string> => kubectl.ok(['get', 'cm', name, '-o', 'jsonpath={.metadata.resourceVersion}']);

  test('a patch carrying a stale resourceVersion conflicts, whatever its type; the current one passes', async () => {
    await kubectl.ok(['create', 'cm', 'rv-patched', '--from-literal=a=1']);
    const first = await resourceVersionOf('rv-patched');
    await kubectl.ok(['label', 'cm', 'rv-patched', 'moved=on']);
    const patches: [string, string][] = [
      ['merge', `{"metadata":{"resourceVersion":"${first}"},"data":{"a":"2"}}`],
      ['strategic', `{"metadata":{"resourceVersion":"${first}"},"data":{"a":"2"}}`],
      ['json', `[{"op":"replace","path":"/metadata/resourceVersion","value":"${first}"},{"op":"replace","path":"/data/a","value":"2"}]`],
    ];
    for (const [type, patch] of patches) {
      const stale = await kubectl.run(['patch', 'cm', 'rv-patched', '--type', type, '-p', patch]);
      assert.equal(stale.code, 1, `${type}: ${stale.stdout}`);
      assert.equal(stale.stderr, `Error from server (Conflict): Operation cannot be fulfilled on configmaps "rv-patched": ${MODIFIED}\n`, type);
    }
    assert.equal(await kubectl.ok(['get', 'cm', 'rv-patched', '-o', 'jsonpath={.data.a}']), '1', 'nothing was written');
    const current = await resourceVersionOf('rv-patched');
    await kubectl.ok(['patch', 'cm', 'rv-patched', '--type', 'merge', '-p', `{"metadata":{"resourceVersion":"${current}"},"data":{"a":"3"}}`]);
    assert.equal(await kubectl.ok(['get', 'cm', 'rv-patched', '-o', 'jsonpath={.data.a}']), '3');
  });

  test('a patch that changes the uid is refused as an immutable field', async () => {
    await kubectl.ok(['create', 'cm', 'uid-patched', '--from-literal=a=1']);
    const uid = await kubectl.ok(['get', 'cm', 'uid-patched', '-o', 'jsonpath={.metadata.uid}']);
    const forged = '00000000-0000-0000-0000-000000000000';
    const result = await kubectl.run(['patch', 'cm', 'uid-patched', '--type', 'merge', '-p', `{"metadata":{"uid":"${forged}"},"data":{"a":"2"}}`]);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `The ConfigMap "uid-patched" is invalid: metadata.uid: Invalid value: "${forged}": field is immutable\n`);
    assert.equal(await kubectl.ok(['get', 'cm', 'uid-patched', '-o', 'jsonpath={.metadata.uid} {.data.a}']), `${uid} 1`);
  });

  test('emptied omitempty lists and maps are left out of the object, as Go writes it', async () => {
    await kubectl.ok(['create', 'cm', 'owner']);
    const ownerUid = await kubectl.ok(['get', 'cm', 'owner', '-o', 'jsonpath={.metadata.uid}']);
    await kubectl.ok(['create', 'cm', 'owned']);
    await kubectl.ok(['label', 'cm', 'owned', 'tier=web']);
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: ownerUid };
    await kubectl.ok(['patch', 'cm', 'owned', '--type', 'merge', '-p', JSON.stringify({ metadata: { ownerReferences: [ref], finalizers: ['example.com/hold'] } })]);
    await kubectl.ok(['patch', 'cm', 'owned', '--type', 'json', '-p', '[{"op":"remove","path":"/metadata/ownerReferences/0"},{"op":"remove","path":"/metadata/finalizers/0"}]']);
    await kubectl.ok(['label', 'cm', 'owned', 'tier-']);
    await kubectl.ok(['patch', 'cm', 'owned', '--type', 'merge', '-p', '{"metadata":{"annotations":{}},"data":{}}']);
    const meta = (JSON.parse(await kubectl.ok(['get', 'cm', 'owned', '-o', 'json'])) as { metadata: Record<string, unknown> }).metadata;
    for (const field of ['ownerReferences', 'finalizers', 'labels', 'annotations']) assert.equal(field in meta, false, `${field}: ${JSON.stringify(meta[field])}`);
    const whole = JSON.parse(await kubectl.ok(['get', 'cm', 'owned', '-o', 'json'])) as Record<string, unknown>;
    assert.equal('data' in whole, false, 'an empty data map is left out');
  });

  test('an unschedulable pod\'s PodScheduled condition carries lastProbeTime: null', async () => {
    await kubectl.ok(['run', 'nowhere', '--image=busybox:1.36', '--overrides', '{"spec":{"nodeSelector":{"example.com/none":"true"}}}', '--', 'sleep', '3600']);
    const scheduled = async (): Promise<Record<string, unknown> | undefined> => {
      const pod = JSON.parse(await kubectl.ok(['get', 'pod', 'nowhere', '-o', 'json'])) as { status: { conditions?: Record<string, unknown>[] } };
      return pod.status.conditions?.find((c) => c['type'] === 'PodScheduled');
    };
    const condition = (await eventually(scheduled, (c) => c !== undefined))!;
    assert.equal(condition['status'], 'False');
    assert.equal(condition['reason'], 'Unschedulable');
    assert.ok('lastProbeTime' in condition, JSON.stringify(condition));
    assert.equal(condition['lastProbeTime'], null);
    assert.match(String(condition['lastTransitionTime']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  test('a JSON patch whose test operation fails is upstream\'s bare 422, and nothing is written', async () => {
    await kubectl.ok(['create', 'cm', 'tested', '--from-literal=a=1']);
    const failed = await kubectl.run(['patch', 'cm', 'tested', '--type', 'json', '-p', '[{"op":"test","path":"/data/a","value":"2"},{"op":"replace","path":"/data/a","value":"3"}]']);
    assert.equal(failed.code, 1);
    assert.equal(failed.stderr, 'The request is invalid: the server rejected our request due to an error in our request\n');
    const raw = await kubectl.run(['patch', 'cm', 'tested', '--type', 'json', '-p', '[{"op":"test","path":"/data/a","value":"2"}]', '-v=6']);
    assert.match(raw.stderr, /PATCH https?:\/\/\S+\/api\/v1\/namespaces\/default\/configmaps\/tested\?\S* 422 Unprocessable Entity/);
    await kubectl.ok(['patch', 'cm', 'tested', '--type', 'json', '-p', '[{"op":"test","path":"/data/a","value":"1"},{"op":"replace","path":"/data/a","value":"3"}]']);
    assert.equal(await kubectl.ok(['get', 'cm', 'tested', '-o', 'jsonpath={.data.a}']), '3');
  });
});
