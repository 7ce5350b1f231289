/**
 * Server-side apply and managedFields through the real kubectl: `apply --server-side` creating
 * and updating, conflicts between managers and `--force-conflicts`, fields dropped from the
 * applied file, client-side apply and its migration to server-side apply, the managed fields
 * every write records, server dry runs, and the errors kubectl users see.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

interface Entry {
  manager: string;
  operation: string;
  apiVersion: string;
  time: string;
  fieldsType: string;
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

interface Object_ {
  data?: Record<string, string>;
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string>; managedFields?: Entry[] };
}

function configMap(name: string, data: Record<string, string>, labels?: Record<string, string>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data });
}

describe('server-side apply through kubectl', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster, server } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  const get = async (name: string): Promise<Object_> => JSON.parse(await kubectl.ok(['get', 'cm', name, '-o', 'json', '--show-managed-fields'])) as Object_;
  const managers = (object: Object_): string[] => (object.metadata.managedFields ?? []).map((e) => `${e.manager}/${e.operation}`);

  test('apply --server-side creates, then updates; a second manager conflicts until it forces', async () => {
    assert.equal(await kubectl.ok(['apply', '--server-side', '-f', '-'], { stdin: configMap('ssa', { key: 'one', other: 'two' }, { app: 'web' }) }), 'configmap/ssa serverside-applied\n');
    let object = await get('ssa');
    assert.deepEqual(object.data, { key: 'one', other: 'two' });
    const [entry] = object.metadata.managedFields!;
    assert.deepEqual(
      { ...entry, time: undefined },
      { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: undefined, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:key': {}, 'f:other': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } } },
    );
    assert.match(entry!.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    assert.equal(await kubectl.ok(['apply', '--server-side', '-f', '-'], { stdin: configMap('ssa', { key: 'changed', other: 'two' }, { app: 'web' }) }), 'configmap/ssa serverside-applied\n');
    assert.equal((await get('ssa')).data?.['key'], 'changed');

    const conflict = await kubectl.run(['apply', '--server-side', '--field-manager=other', '-f', '-'], { stdin: configMap('ssa', { key: 'mine' }) });
    assert.notEqual(conflict.code, 0);
    assert.match(conflict.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl": \.data\.key\nPlease review the fields above--they currently have other managers\./);
    assert.equal((await get('ssa')).data?.['key'], 'changed', 'nothing was written');

    // Applying the same value is not a conflict: the field becomes shared.
    await kubectl.ok(['apply', '--server-side', '--field-manager=other', '-f', '-'], { stdin: configMap('ssa', { other: 'two' }) });
    assert.deepEqual(managers(await get('ssa')), ['kubectl/Apply', 'other/Apply']);

    await kubectl.ok(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], { stdin: configMap('ssa', { key: 'mine', other: 'two' }) });
    object = await get('ssa');
    assert.equal(object.data?.['key'], 'mine');
    const byManager = Object.fromEntries(object.metadata.managedFields!.map((e) => [e.manager, e.fieldsV1]));
    assert.deepEqual(byManager['kubectl'], { 'f:data': { 'f:other': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } }, 'the forced field changed hands');
    assert.deepEqual(byManager['other'], { 'f:data': { 'f:key': {}, 'f:other': {} } });
  });

  test('fields dropped from the applied file are removed unless another manager owns them', async () => {
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { stdin: configMap('prune', { a: '1', b: '2', c: '3' }, { tier: 'x' }) });
    await kubectl.ok(['apply', '--server-side', '--field-manager=other', '-f', '-'], { stdin: configMap('prune', { c: '3' }) });
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { stdin: configMap('prune', { a: '1' }) });
    const object = await get('prune');
    assert.deepEqual(object.data, { a: '1', c: '3' }, 'b went; c stays, "other" owns it');
    assert.equal(object.metadata.labels, undefined, 'the labels nobody owns went');
  });

  test('conflicts with a client-side apply name its manager and API version', async () => {
    assert.equal(await kubectl.ok(['apply', '-f', '-'], { stdin: configMap('csa', { key: 'one', gone: 'soon' }) }), 'configmap/csa created\n');
    // Client-side apply twice, with a field removed in between.
    assert.equal(await kubectl.ok(['apply', '-f', '-'], { stdin: configMap('csa', { key: 'one' }) }), 'configmap/csa configured\n');
    let object = await get('csa');
    assert.deepEqual(object.data, { key: 'one' });
    assert.deepEqual(object.metadata.managedFields!.map((e) => [e.manager, e.operation, e.fieldsV1]), [
      [
        'kubectl-client-side-apply',
        'Update',
        { 'f:data': { '.': {}, 'f:key': {} }, 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } },
      ],
    ]);

    const conflict = await kubectl.run(['apply', '--server-side', '--field-manager=other', '-f', '-'], { stdin: configMap('csa', { key: 'two' }) });
    assert.match(conflict.stderr, /^error: Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: \.data\.key\n/);

    // kubectl's own server-side apply may take over what its client-side apply set, and
    // migrates the client-side entry into its own.
    assert.equal(await kubectl.ok(['apply', '--server-side', '-f', '-'], { stdin: configMap('csa', { key: 'two' }) }), 'configmap/csa serverside-applied\n');
    object = await get('csa');
    assert.equal(object.data?.['key'], 'two');
    assert.ok(!managers(object).includes('kubectl-client-side-apply/Update'), managers(object).join());
    assert.ok(managers(object).includes('kubectl/Apply'));
    const lastApplied = JSON.parse(object.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']!) as Object_;
    assert.deepEqual(lastApplied.data, { key: 'two' }, 'the annotation follows the server-side apply');

    // And client-side apply still works afterwards.
    assert.equal(await kubectl.ok(['apply', '-f', '-'], { stdin: configMap('csa', { key: 'three' }) }), 'configmap/csa configured\n');
    assert.equal((await get('csa')).data?.['key'], 'three');
  });

  test('every write records an Update entry; get -o yaml hides them unless --show-managed-fields', async () => {
    await kubectl.ok(['create', 'configmap', 'tracked', '--from-literal=a=b']);
    await kubectl.ok(['label', 'configmap', 'tracked', 'team=blue']);
    const edited = await kubectl.run(['edit', 'configmap', 'tracked'], { env: { EDITOR: 'sed -i s/a:\\ b/a:\\ edited/' } });
    assert.equal(edited.stdout, 'configmap/tracked edited\n', edited.stderr);
    const object = await get('tracked');
    assert.deepEqual(object.data, { a: 'edited' });
    assert.deepEqual(
      object.metadata.managedFields!.map((e) => [e.manager, e.operation, e.apiVersion, e.fieldsType, e.fieldsV1]).sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
      [
        ['kubectl-create', 'Update', 'v1', 'FieldsV1', { 'f:data': {} }],
        ['kubectl-edit', 'Update', 'v1', 'FieldsV1', { 'f:data': { 'f:a': {} } }],
        ['kubectl-label', 'Update', 'v1', 'FieldsV1', { 'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } } }],
      ],
      'sorted by manager here; the server sorts by time first',
    );
    assert.doesNotMatch(await kubectl.ok(['get', 'cm', 'tracked', '-o', 'yaml']), /managedFields/);
    assert.doesNotMatch(await kubectl.ok(['get', 'cm', 'tracked', '-o', 'json']), /managedFields/);
    const shown = await kubectl.ok(['get', 'cm', 'tracked', '-o', 'yaml', '--show-managed-fields']);
    assert.match(shown, /^ {2}managedFields:\n {2}- apiVersion: v1\n {4}fieldsType: FieldsV1\n {4}fieldsV1:\n/m);
    assert.match(shown, /^ {4}manager: kubectl-label\n {4}operation: Update\n {4}time: "/m);

    // Managed fields sent back are kept; [] clears them.
    await kubectl.ok(['patch', 'configmap', 'tracked', '--type=merge', '-p', '{"metadata":{"managedFields":[]}}']);
    assert.equal((await get('tracked')).metadata.managedFields, undefined);
  });

  test('--dry-run=server applies nothing', async () => {
    assert.equal(await kubectl.ok(['apply', '--server-side', '--dry-run=server', '-f', '-'], { stdin: configMap('dry', { a: '1' }) }), 'configmap/dry serverside-applied (server dry run)\n');
    assert.match((await kubectl.run(['get', 'cm', 'dry'])).stderr, /configmaps "dry" not found/);
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { stdin: configMap('dry', { a: '1' }) });
    const before = await get('dry');
    const out = await kubectl.ok(['apply', '--server-side', '--dry-run=server', '-o', 'json', '-f', '-'], { stdin: configMap('dry', { a: '2' }) });
    assert.equal((JSON.parse(out) as Object_).data?.['a'], '2');
    assert.deepEqual(await get('dry'), before);
    const diff = await kubectl.run(['diff', '--server-side', '-f', '-'], { stdin: configMap('dry', { a: '3' }) });
    assert.equal(diff.code, 1, diff.stderr);
    assert.match(diff.stdout, /^- {2}a: "1"\n\+ {2}a: "3"$/m);
    assert.deepEqual(await get('dry'), before);
  });

  test('apply through the status subresource is tracked apart; replace keeps managed fields sent back', async () => {
    const quota = (hard: string, status: string): string =>
      JSON.stringify({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' }, spec: { hard: { pods: hard } }, status: { hard: { pods: status } } });
    await kubectl.ok(['apply', '--server-side', '-f', '-'], { stdin: quota('10', '1') });
    await kubectl.ok(['apply', '--server-side', '--subresource=status', '--field-manager=quota-controller', '-f', '-'], { stdin: quota('99', '5') });
    const object = JSON.parse(await kubectl.ok(['get', 'resourcequota', 'q', '-o', 'json', '--show-managed-fields'])) as Object_ & { spec: unknown; status: unknown };
    assert.deepEqual(object.spec, { hard: { pods: '10' } }, 'the status subresource changes status alone');
    assert.deepEqual((object.status as { hard: unknown }).hard, { pods: '5' });
    assert.deepEqual(
      object.metadata.managedFields!.map((e) => [e.manager, e.operation, e.subresource, e.fieldsV1]),
      [
        ['kubectl', 'Apply', undefined, { 'f:spec': { 'f:hard': { 'f:pods': {} } } }],
        ['quota-controller', 'Apply', 'status', { 'f:status': { 'f:hard': { 'f:pods': {} } } }],
      ],
    );

    await kubectl.ok(['create', 'configmap', 'replaced', '--from-literal=a=b']);
    const exported = JSON.parse(await kubectl.ok(['get', 'cm', 'replaced', '-o', 'json', '--show-managed-fields'])) as Object_;
    exported.data = { a: 'c' };
    await kubectl.ok(['replace', '-f', '-'], { stdin: JSON.stringify(exported) });
    assert.deepEqual(managers(await get('replaced')), ['kubectl-create/Update', 'kubectl-replace/Update']);
  });

  test('the apply patch over HTTP: YAML bodies, required fieldManager, matching apiVersion and kind', async () => {
    const patch = (path: string, body: string, contentType = 'application/apply-patch+yaml'): Promise<Response> =>
      fetch(`${server.url}${path}`, { method: 'PATCH', headers: { 'Content-Type': contentType }, body });
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: "1"\n';
    let res = await patch('/api/v1/namespaces/default/configmaps/from-yaml?fieldManager=robot', yaml);
    assert.equal(res.status, 201);
    res = await patch('/api/v1/namespaces/default/configmaps/from-yaml?fieldManager=robot', yaml.replace('"1"', '"2"'));
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as Object_).data, { a: '2' });

    res = await patch('/api/v1/namespaces/default/configmaps/from-yaml', yaml);
    assert.equal(res.status, 422);
    assert.deepEqual(await res.json(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      reason: 'Invalid',
      details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }] },
      code: 422,
    });
    res = await patch('/api/v1/namespaces/default/configmaps/from-yaml?fieldManager=robot', yaml.replace('apiVersion: v1', 'apiVersion: v2'));
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { message: string }).message, 'Incorrect version specified in apply patch. Specified patch version: v2, expected: v1');
    res = await patch('/api/v1/namespaces/default/configmaps/from-yaml?fieldManager=robot', yaml.replace('kind: ConfigMap', 'kind: Secret'));
    assert.equal(res.status, 400);
    res = await patch('/api/v1/namespaces/default/configmaps/from-yaml?fieldManager=robot', yaml.replace('name: from-yaml', 'name: other'));
    assert.equal(((await res.json()) as { message: string }).message, 'the name of the object (other) does not match the name on the URL (from-yaml)');
    res = await patch('/api/v1/namespaces/default/configmaps/from-yaml?fieldManager=robot', `${yaml}  managedFields: []\n`.replace('data:\n  a: "1"\n', ''));
    assert.equal(res.status, 400);
    res = await patch('/api/v1/namespaces/default/configmaps/from-yaml?fieldManager=robot', yaml.replace('name: from-yaml', 'name: from-yaml\n  resourceVersion: "1"'));
    assert.equal(res.status, 409, 'a resourceVersion in the configuration is a precondition');
    res = await patch('/api/v1/namespaces/default/configmaps/from-yaml', '{}', 'text/plain');
    assert.equal(res.status, 415);
    assert.match(((await res.json()) as { message: string }).message, /accepted media types include: .*application\/apply-patch\+yaml/);

    const openapi = (await (await fetch(`${server.url}/openapi/v3/api/v1`)).json()) as { paths: Record<string, { patch?: { requestBody: { content: object } } }> };
    const patchOp = openapi.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']?.patch;
    assert.ok(patchOp && 'application/apply-patch+yaml' in patchOp.requestBody.content, 'OpenAPI advertises the apply patch');

    // Managed fields a client sends are validated like upstream's ObjectMeta validation.
    const long = { manager: 'm'.repeat(129), operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } };
    res = await patch('/api/v1/namespaces/default/configmaps/from-yaml', JSON.stringify({ metadata: { managedFields: [long] } }), 'application/merge-patch+json');
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as { message: string }).message, 'ConfigMap "from-yaml" is invalid: metadata.managedFields[0].manager: Too long: must have at most 128 bytes');
  });

  test('apply errors: namespace, apiVersion, field manager', async () => {
    const noNamespace = await kubectl.run(['apply', '--server-side', '-n', 'missing', '-f', '-'], { stdin: configMap('x', { a: '1' }) });
    assert.match(noNamespace.stderr, /namespaces "missing" not found/);
    const raw = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/configmaps/x']);
    assert.match(raw.stderr, /NotFound/);
    const long = await kubectl.run(['apply', '--server-side', `--field-manager=${'m'.repeat(129)}`, '-f', '-'], { stdin: configMap('x', { a: '1' }) });
    assert.match(long.stderr, /PatchOptions "" is invalid: fieldManager: Too long: must have at most 128 bytes/);
    const created = await kubectl.run(['create', 'configmap', 'y', `--field-manager=${'m'.repeat(129)}`]);
    assert.match(created.stderr, /^error: failed to create configmap: CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: must have at most 128 bytes/);
  });
});
