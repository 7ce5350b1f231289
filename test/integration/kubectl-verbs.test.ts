/**
 * The kubectl verbs a user reaches for beyond create/get, through the real kubectl: multi-document
 * `create -f`, `get` in custom-columns form, `describe`, `edit` with a non-interactive editor,
 * `replace`, `diff`, and `delete` with and without `--wait` while a finalizer holds the object.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

describe('kubectl verbs', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  const scratch = mkdtempSync(join(tmpdir(), 'kts-verbs-'));
  before(() => {
    kubectl = cluster();
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('create -f with several documents creates each, in order', async () => {
    const docs = [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: multi}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one, namespace: multi}\ndata: {a: "1"}',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: two, namespace: multi}\nstringData: {b: "2"}',
    ].join('\n---\n');
    assert.equal(await kubectl.ok(['create', '-f', '-'], { stdin: docs }), 'namespace/multi created\nconfigmap/one created\nsecret/two created\n');
    const columns = await kubectl.ok(['get', 'cm,secret', '-n', 'multi', '-o', 'custom-columns=KIND:.kind,NAME:.metadata.name,NS:.metadata.namespace', '--field-selector', 'metadata.name!=kube-root-ca.crt']);
    assert.match(columns, /^KIND\s+NAME\s+NS\nConfigMap\s+one\s+multi\nSecret\s+two\s+multi\n$/);
  });

  test('describe shows the object the way kubectl users know', async () => {
    await kubectl.ok(['create', 'cm', 'described-cm', '--from-literal=key=value']);
    await kubectl.ok(['label', 'cm', 'described-cm', 'tier=web']);
    const text = await kubectl.ok(['describe', 'cm', 'described-cm']);
    assert.match(text, /^Name:\s+described-cm$/m);
    assert.match(text, /^Namespace:\s+default$/m);
    assert.match(text, /^Labels:\s+tier=web$/m);
    assert.match(text, /^key:\n----\nvalue$/m);
  });

  test('edit with a non-interactive editor saves the change', async () => {
    await kubectl.ok(['create', 'cm', 'edited', '--from-literal=color=blue']);
    const editor = join(scratch, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/color: blue/color: green/" "$1"\n');
    chmodSync(editor, 0o755);
    assert.equal(await kubectl.ok(['edit', 'cm', 'edited'], { env: { KUBE_EDITOR: editor } }), 'configmap/edited edited\n');
    assert.equal(await kubectl.ok(['get', 'cm', 'edited', '-o', 'jsonpath={.data.color}']), 'green');
  });

  test('replace swaps the whole object; a stale resourceVersion conflicts', async () => {
    await kubectl.ok(['create', 'cm', 'replaced', '--from-literal=a=1', '--from-literal=b=2']);
    const current = JSON.parse(await kubectl.ok(['get', 'cm', 'replaced', '-o', 'json'])) as { metadata: { resourceVersion: string } };
    const manifest = (rv: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: replaced, resourceVersion: "${rv}"}\ndata: {a: "9"}\n`;
    assert.equal(await kubectl.ok(['replace', '-f', '-'], { stdin: manifest(current.metadata.resourceVersion) }), 'configmap/replaced replaced\n');
    assert.equal(await kubectl.ok(['get', 'cm', 'replaced', '-o', 'jsonpath={.data}']), '{"a":"9"}');
    const stale = await kubectl.run(['replace', '-f', '-'], { stdin: manifest(current.metadata.resourceVersion) });
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /Operation cannot be fulfilled on configmaps "replaced": the object has been modified; please apply your changes to the latest version and try again/);
  });

  test('diff shows what apply would change and persists nothing', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: diffed}\ndata: {level: low}\n' });
    const same = await kubectl.run(['diff', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: diffed}\ndata: {level: low}\n' });
    assert.equal(same.code, 0, same.stderr);
    assert.equal(same.stdout, '');
    const changed = await kubectl.run(['diff', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: diffed}\ndata: {level: high}\n' });
    assert.equal(changed.code, 1, changed.stderr);
    assert.equal(changed.stderr, '');
    assert.match(changed.stdout, /^-\s+level: low$/m);
    assert.match(changed.stdout, /^\+\s+level: high$/m);
    assert.equal(await kubectl.ok(['get', 'cm', 'diffed', '-o', 'jsonpath={.data.level}']), 'low');
  });

  test('delete waits for finalizers: without --wait it returns at once, with --wait it returns once they are gone', async () => {
    const held = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: held, finalizers: [example.com/hold]}\n';
    await kubectl.ok(['create', '-f', '-'], { stdin: held });
    assert.equal(await kubectl.ok(['delete', 'cm', 'held', '--wait=false']), 'configmap "held" deleted\n');
    assert.match(await kubectl.ok(['get', 'cm', 'held', '-o', 'jsonpath={.metadata.deletionTimestamp}']), /^\d{4}-\d\d-\d\dT/);

    const waiting = kubectl.run(['delete', 'cm', 'held', '--timeout=60s']);
    // While the delete waits, the object is still there; removing the finalizer lets it go.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.match(await kubectl.ok(['get', 'cm', 'held', '-o', 'name']), /configmap\/held/);
    await kubectl.ok(['patch', 'cm', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    const result = await waiting;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'configmap "held" deleted\n');
    assert.match((await kubectl.run(['get', 'cm', 'held'])).stderr, /configmaps "held" not found/);
  });

  test('field selectors on fields a resource does not have are refused', async () => {
    const pods = await kubectl.run(['get', 'pods', '--field-selector', 'spec.foo=x']);
    assert.equal(pods.code, 1);
    // kubectl wraps the server's message, as it does against upstream.
    assert.equal(pods.stderr, 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=x": field label not supported: spec.foo\n');
    const deployments = await kubectl.run(['get', 'deployments', '--field-selector', 'spec.paused=true']);
    assert.match(deployments.stderr, /field selector "spec.paused=true": "spec.paused" is not a known field selector: only "metadata.name", "metadata.namespace"\n$/);
    assert.equal(await kubectl.ok(['get', 'pods', '--field-selector', 'spec.nodeName=nowhere,status.phase!=Failed', '-o', 'name']), '');
  });

  test('explain pod.spec.containers, api-resources of the workload kinds, auth can-i create pods', async () => {
    const explained = await kubectl.ok(['explain', 'pod.spec.containers']);
    assert.match(explained, /^FIELD: containers <\[\]Container>$/m);
    assert.match(explained, /^ {2}image\t<string>$/m);
    assert.match(explained, /^ {2}name\t<string> -required-$/m);
    const resources = await kubectl.ok(['api-resources', '--no-headers']);
    assert.match(resources, /^pods\s+po\s+v1\s+true\s+Pod$/m);
    assert.match(resources, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(resources, /^horizontalpodautoscalers\s+hpa\s+autoscaling\/v2\s+true\s+HorizontalPodAutoscaler$/m);
    assert.equal(await kubectl.ok(['auth', 'can-i', 'create', 'pods']), 'yes\n');
  });
});
