/**
 * The first served resources (namespaces, configmaps, secrets) through the real kubectl: create
 * (protobuf generators and -f), apply twice, get in its forms, watch, chunked lists, label,
 * annotate, patch, dry run, delete, and the errors kubectl users see.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { eventually } from '../support/eventually.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

describe('core resources through kubectl', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  test('discovery: api-resources and api-versions', async () => {
    const resources = await kubectl.ok(['api-resources', '--no-headers']);
    assert.match(resources, /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
    assert.match(resources, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    assert.match(resources, /^secrets\s+v1\s+true\s+Secret$/m);
    assert.equal((await kubectl.ok(['api-versions'])).trim(), 'apps/v1\nauthentication.k8s.io/v1\nauthorization.k8s.io/v1\nautoscaling/v1\nautoscaling/v2\nbatch/v1\ncoordination.k8s.io/v1\ndiscovery.k8s.io/v1\nevents.k8s.io/v1\nnetworking.k8s.io/v1\npolicy/v1\nrbac.authorization.k8s.io/v1\nscheduling.k8s.io/v1\nstorage.k8s.io/v1\nv1');
  });

  test('the system namespaces exist and new ones are Active', async () => {
    await kubectl.ok(['create', 'namespace', 'team']);
    const table = await kubectl.ok(['get', 'namespaces', '--no-headers']);
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'team']) assert.match(table, new RegExp(`^${ns}\\s+Active\\s+\\d+s$`, 'm'));
    const labels = await kubectl.ok(['get', 'ns', 'team', '-o', 'jsonpath={.metadata.labels}']);
    assert.equal(labels, '{"kubernetes.io/metadata.name":"team"}');
  });

  test('deleting a namespace makes it Terminating until its content is gone; system namespaces stay', async () => {
    await kubectl.ok(['create', 'namespace', 'short-lived']);
    // A finalizer on the content keeps the namespace Terminating until the test releases it
    // (the namespace controller deletes everything else and then finalizes the namespace).
    await kubectl.ok(['create', '-f', '-'], { stdin: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"inside","namespace":"short-lived","finalizers":["example.com/hold"]}}' });
    assert.equal(await kubectl.ok(['delete', 'namespace', 'short-lived', '--wait=false']), 'namespace "short-lived" deleted\n');
    assert.match(await kubectl.ok(['get', 'ns', 'short-lived', '--no-headers']), /^short-lived\s+Terminating\s+\d+s$/m);
    const blocked = await kubectl.run(['create', 'cm', 'late', '-n', 'short-lived']);
    assert.match(blocked.stderr, /unable to create new content in namespace short-lived because it is being terminated/);
    await eventually(() => kubectl.ok(['get', 'cm', 'inside', '-n', 'short-lived', '-o', 'jsonpath={.metadata.deletionTimestamp}']), (ts) => ts !== '');
    assert.match(await kubectl.ok(['get', 'ns', 'short-lived', '--no-headers']), /^short-lived\s+Terminating\s+\d+s$/m, 'held by the content');
    await kubectl.ok(['patch', 'cm', 'inside', '-n', 'short-lived', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    await eventually(() => kubectl.run(['get', 'ns', 'short-lived']), (r) => /namespaces "short-lived" not found/.test(r.stderr), 60_000);
    const system = await kubectl.run(['delete', 'namespace', 'kube-system']);
    assert.match(system.stderr, /namespaces "kube-system" is forbidden: this namespace may not be deleted/);
  });

  test('create, get as table, yaml, json and jsonpath', async () => {
    assert.equal(await kubectl.ok(['create', 'configmap', 'settings', '--from-literal=color=blue', '--from-literal=size=L']), 'configmap/settings created\n');
    assert.match(await kubectl.ok(['get', 'configmap', 'settings']), /^NAME\s+DATA\s+AGE\nsettings\s+2\s+\d+s\n$/);
    const yaml = await kubectl.ok(['get', 'cm', 'settings', '-o', 'yaml']);
    assert.match(yaml, /^ {2}color: blue$/m);
    assert.doesNotMatch(yaml, /generateName|selfLink/, 'no zero-valued fields from protobuf');
    const object = JSON.parse(await kubectl.ok(['get', 'cm', 'settings', '-o', 'json'])) as { metadata: Record<string, unknown> };
    assert.match(String(object.metadata['uid']), /^[0-9a-f-]{36}$/);
    assert.equal(await kubectl.ok(['get', 'cm', 'settings', '-o', 'jsonpath={.data.size}']), 'L');
    assert.equal(await kubectl.ok(['get', 'cm', '-o', 'name']), 'configmap/settings\n');
  });

  test('apply twice with a field removed in between removes it', async () => {
    const manifest = (extra: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  keep: "1"\n${extra}`;
    assert.equal(await kubectl.ok(['apply', '-f', '-'], { stdin: manifest('  drop: "2"\n') }), 'configmap/applied created\n');
    assert.equal(await kubectl.ok(['apply', '-f', '-'], { stdin: manifest('') }), 'configmap/applied configured\n');
    assert.equal(await kubectl.ok(['get', 'cm', 'applied', '-o', 'jsonpath={.data}']), '{"keep":"1"}');
  });

  test('label, annotate, merge and json patches', async () => {
    await kubectl.ok(['create', 'cm', 'patched', '--from-literal=a=1']);
    await kubectl.ok(['label', 'cm', 'patched', 'env=prod']);
    await kubectl.ok(['annotate', 'cm', 'patched', 'owner=me']);
    await kubectl.ok(['patch', 'cm', 'patched', '--type=merge', '-p', '{"data":{"b":"2"}}']);
    await kubectl.ok(['patch', 'cm', 'patched', '--type=json', '-p', '[{"op":"remove","path":"/data/a"}]']);
    const object = JSON.parse(await kubectl.ok(['get', 'cm', 'patched', '-o', 'json'])) as { data: unknown; metadata: { labels: unknown; annotations: unknown } };
    assert.deepEqual(object.data, { b: '2' });
    assert.deepEqual(object.metadata.labels, { env: 'prod' });
    assert.deepEqual(object.metadata.annotations, { owner: 'me' });
    assert.match(await kubectl.ok(['get', 'cm', '-l', 'env=prod', '--show-labels', '--no-headers']), /^patched\s+1\s+\d+s\s+env=prod$/m);
  });

  test('strategic merge patches merge keyed lists (finalizers as a set, owner references by uid)', async () => {
    await kubectl.ok(['create', 'cm', 'owned']);
    await kubectl.ok(['patch', 'cm', 'owned', '-p', '{"metadata":{"finalizers":["example.com/a"]}}']);
    await kubectl.ok(['patch', 'cm', 'owned', '-p', '{"metadata":{"finalizers":["example.com/b"]}}']);
    const finalizers = JSON.parse(await kubectl.ok(['get', 'cm', 'owned', '-o', 'jsonpath={.metadata.finalizers}'])) as string[];
    assert.deepEqual(finalizers.sort(), ['example.com/a', 'example.com/b'], 'merged as a set (order as upstream puts it)');
    const owner = (uid: string): string => `{"apiVersion":"v1","kind":"ConfigMap","name":"o-${uid}","uid":"${uid}"}`;
    await kubectl.ok(['patch', 'cm', 'owned', '-p', `{"metadata":{"ownerReferences":[${owner('u1')}]}}`]);
    await kubectl.ok(['patch', 'cm', 'owned', '-p', `{"metadata":{"ownerReferences":[${owner('u2')}]}}`]);
    assert.deepEqual((await kubectl.ok(['get', 'cm', 'owned', '-o', 'jsonpath={.metadata.ownerReferences[*].uid}'])).split(' ').sort(), ['u1', 'u2']);
    await kubectl.ok(['patch', 'cm', 'owned', '-p', '{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/a"],"ownerReferences":[{"$patch":"delete","uid":"u1"}]}}']);
    assert.equal(await kubectl.ok(['get', 'cm', 'owned', '-o', 'jsonpath={.metadata.finalizers} {.metadata.ownerReferences[*].uid}']), '["example.com/b"] u2');
    await kubectl.ok(['patch', 'cm', 'owned', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
  });

  test('watch sees ADDED, MODIFIED and DELETED', async () => {
    await kubectl.ok(['create', 'namespace', 'watching']);
    const watch = kubectl.start(['get', 'cm', '-n', 'watching', '-w', '--output-watch-events', '--no-headers']);
    let output = '';
    watch.stdout.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await kubectl.ok(['create', 'cm', 'watched', '-n', 'watching']);
      await kubectl.ok(['label', 'cm', 'watched', 'x=y', '-n', 'watching']);
      await kubectl.ok(['delete', 'cm', 'watched', '-n', 'watching']);
      const deadline = Date.now() + 10_000;
      while (!/DELETED/.test(output) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      watch.kill();
    }
    assert.deepEqual(output.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 3).join(' ')), ['ADDED watched 0', 'MODIFIED watched 0', 'DELETED watched 0']);
  });

  test('chunked lists return everything', async () => {
    await kubectl.ok(['create', 'namespace', 'many']);
    for (let i = 0; i < 12; i++) await kubectl.ok(['create', 'cm', `item-${String(i).padStart(2, '0')}`, '-n', 'many']);
    const names = (await kubectl.ok(['get', 'cm', '-n', 'many', '--chunk-size=5', '-o', 'name'])).trim().split('\n');
    assert.equal(names.length, 12);
    assert.equal(names[11], 'configmap/item-11');
  });

  test('secrets: generic secret with the TYPE and DATA columns; stringData is folded into data', async () => {
    await kubectl.ok(['create', 'secret', 'generic', 'creds', '--from-literal=password=hunter2']);
    assert.match(await kubectl.ok(['get', 'secret', 'creds', '--no-headers']), /^creds\s+Opaque\s+1\s+\d+s$/m);
    await kubectl.ok(['apply', '-f', '-'], { stdin: 'apiVersion: v1\nkind: Secret\nmetadata: {name: plain}\nstringData: {token: abc}\n' });
    assert.equal(await kubectl.ok(['get', 'secret', 'plain', '-o', 'jsonpath={.data.token}']), Buffer.from('abc').toString('base64'));
  });

  test('dry run persists nothing; delete removes', async () => {
    assert.equal(await kubectl.ok(['create', 'cm', 'dry', '--dry-run=server']), 'configmap/dry created (server dry run)\n');
    assert.match((await kubectl.run(['get', 'cm', 'dry'])).stderr, /Error from server \(NotFound\): configmaps "dry" not found/);
    await kubectl.ok(['create', 'cm', 'doomed']);
    assert.equal(await kubectl.ok(['delete', 'cm', 'doomed']), 'configmap "doomed" deleted\n');
    assert.match((await kubectl.run(['get', 'cm', 'doomed'])).stderr, /NotFound/);
  });

  test('bad input gets the errors upstream gives', async () => {
    const unknown = await kubectl.run(['create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: strict}\nbogus: 1\n' });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Error from server \(BadRequest\): error when creating "STDIN": strict decoding error: unknown field "bogus"/);
    const invalid = await kubectl.run(['create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\ndata: {"bad key": x}\n' });
    assert.match(invalid.stderr, /The ConfigMap "Bad_Name" is invalid: \n\* metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    assert.match(invalid.stderr, /\* data\[bad key\]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters/);
    const missing = await kubectl.run(['create', 'cm', 'x', '-n', 'nowhere']);
    assert.match(missing.stderr, /namespaces "nowhere" not found/);
    const typed = await kubectl.run(['create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typed}\ndata: [1, 2]\n' });
    assert.match(typed.stderr, /cannot unmarshal array into Go struct field ConfigMap.data of type map\[string\]string/);
  });

  test('events: describe shows them, field selectors find them', async () => {
    await kubectl.ok(['create', 'cm', 'described']);
    const uid = await kubectl.ok(['get', 'cm', 'described', '-o', 'jsonpath={.metadata.uid}']);
    const now = `${new Date().toISOString().slice(0, 19)}Z`;
    const event = `apiVersion: v1\nkind: Event\nmetadata: {name: described.1}\nfirstTimestamp: "${now}"\nlastTimestamp: "${now}"\ninvolvedObject: {kind: ConfigMap, name: described, namespace: default, uid: "${uid}", apiVersion: v1}\nreason: Checked\nmessage: all good\ntype: Normal\nsource: {component: test}\n`;
    await kubectl.ok(['create', '-f', '-'], { stdin: event });
    assert.match(await kubectl.ok(['get', 'events', '--no-headers']), /^\d+s\s+Normal\s+Checked\s+configmap\/described\s+all good$/m);
    assert.match(await kubectl.ok(['get', 'ev', '--field-selector', 'involvedObject.name=described', '-o', 'name']), /^event\/described.1$/m);
    const describe = await kubectl.ok(['describe', 'cm', 'described']);
    assert.match(describe, /^Name:\s+described$/m);
    assert.match(describe, /Normal\s+Checked\s+\d+s\s+test\s+all good/);
  });

  test('service accounts and priority classes, with the system classes present', async () => {
    assert.equal(await kubectl.ok(['create', 'serviceaccount', 'robot']), 'serviceaccount/robot created\n');
    assert.match(await kubectl.ok(['get', 'sa', 'robot', '--no-headers']), /^robot\s+0\s+\d+s$/m);
    assert.equal(await kubectl.ok(['create', 'priorityclass', 'high', '--value=1000', '--description=important']), 'priorityclass.scheduling.k8s.io/high created\n');
    const classes = await kubectl.ok(['get', 'priorityclasses', '--no-headers']);
    assert.match(classes, /^high\s+1000\s+false\s+\d+s\s+PreemptLowerPriority$/m);
    assert.match(classes, /^system-cluster-critical\s+2000000000\s+false/m);
    assert.match(classes, /^system-node-critical\s+2000001000\s+false/m);
    const reserved = await kubectl.run(['create', 'priorityclass', 'system-mine', '--value=5']);
    assert.match(reserved.stderr, /priority class names with 'system-' prefix are reserved for system use only/);
    const tooHigh = await kubectl.run(['create', 'priorityclass', 'huge', '--value=2000000000']);
    assert.match(tooHigh.stderr, /maximum allowed value of a user defined priority is 1000000000/);
  });

  test('resource quotas: generator with quantities, validation of bad ones', async () => {
    assert.equal(await kubectl.ok(['create', 'quota', 'small', '--hard=cpu=1500m,memory=1Gi,pods=10']), 'resourcequota/small created\n');
    assert.equal(await kubectl.ok(['get', 'quota', 'small', '-o', 'jsonpath={.spec.hard}']), '{"cpu":"1500m","memory":"1Gi","pods":"10"}');
    const bad = await kubectl.run(['create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: bad}\nspec: {hard: {cpu: "-1", memory: lots}}\n' });
    assert.match(bad.stderr, /spec\.hard\[cpu\]: Invalid value: "-1": must be greater than or equal to 0/);
    assert.match(bad.stderr, /spec\.hard\[memory\]: Invalid value: "lots": quantities must match the regular expression/);
  });

  test('the status subresource changes status alone; the main resource keeps it', async () => {
    await kubectl.ok(['create', 'quota', 'tracked', '--hard=pods=5']);
    const status = '{"status":{"hard":{"pods":"5"},"used":{"pods":"2"}},"spec":{"hard":{"pods":"99"}}}';
    await kubectl.ok(['patch', 'quota', 'tracked', '--subresource=status', '--type=merge', '-p', status]);
    assert.equal(await kubectl.ok(['get', 'quota', 'tracked', '-o', 'jsonpath={.status.used.pods} {.spec.hard.pods}']), '2 5', 'spec is not changed through status');
    assert.match(await kubectl.ok(['get', 'quota', 'tracked', '--no-headers']), /^tracked\s+\d+s\s+pods: 2\/5\s*$/m);
    await kubectl.ok(['patch', 'quota', 'tracked', '--type=merge', '-p', '{"status":{"used":{"pods":"4"}},"spec":{"hard":{"pods":"6"}}}']);
    assert.equal(await kubectl.ok(['get', 'quota', 'tracked', '-o', 'jsonpath={.status.used.pods} {.spec.hard.pods}']), '2 6', 'status is not changed through the main resource');
  });

  test('limit ranges: ordering of min, defaults and max is enforced', async () => {
    const range = (max: string): string =>
      `apiVersion: v1\nkind: LimitRange\nmetadata: {name: limits}\nspec:\n  limits:\n  - type: Container\n    min: {cpu: 100m}\n    defaultRequest: {cpu: 200m}\n    default: {cpu: 500m}\n    max: {cpu: "${max}"}\n`;
    assert.equal(await kubectl.ok(['apply', '-f', '-'], { stdin: range('1') }), 'limitrange/limits created\n');
    const bad = await kubectl.run(['apply', '-f', '-'], { stdin: range('300m') });
    assert.match(bad.stderr, /default value 500m is greater than max value 300m/);
    assert.equal(await kubectl.ok(['get', 'limits', 'limits', '-o', 'jsonpath={.spec.limits[0].max.cpu}']), '1');
  });

  test('RBAC roles and bindings: generators, columns, validation', async () => {
    assert.equal(await kubectl.ok(['create', 'role', 'reader', '--verb=get,list', '--resource=configmaps,secrets']), 'role.rbac.authorization.k8s.io/reader created\n');
    await kubectl.ok(['create', 'rolebinding', 'read', '--role=reader', '--user=alice', '--serviceaccount=default:robot']);
    assert.match(await kubectl.ok(['get', 'rolebinding', 'read', '-o', 'wide', '--no-headers']), /^read\s+Role\/reader\s+\d+s\s+alice\s+default\/robot$/m);
    await kubectl.ok(['create', 'clusterrole', 'viewer', '--verb=get', '--non-resource-url=/healthz']);
    await kubectl.ok(['create', 'clusterrolebinding', 'view', '--clusterrole=viewer', '--group=devs']);
    assert.match(await kubectl.ok(['get', 'clusterrolebinding', 'view', '--no-headers']), /^view\s+ClusterRole\/viewer\s+\d+s$/m);
    const bad = await kubectl.run(['create', '-f', '-'], { stdin: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: bad}\nrules: [{apiGroups: [""], resources: [pods]}]\n' });
    assert.match(bad.stderr, /rules\[0\]\.verbs: Required value: verbs must contain at least one value/);
    const moved = await kubectl.run(['patch', 'rolebinding', 'read', '--type=merge', '-p', '{"roleRef":{"name":"other"}}']);
    assert.match(moved.stderr, /roleRef: Invalid value: .*cannot change roleRef/);
  });

  test('endpoints: upstream columns, protocol default, address and port validation', async () => {
    const ep = (ip: string, port: number): string => `apiVersion: v1\nkind: Endpoints\nmetadata: {name: web}\nsubsets:\n- addresses: [{ip: ${ip}}, {ip: 10.0.0.2}]\n  ports: [{port: ${port}}]\n`;
    await kubectl.ok(['apply', '-f', '-'], { stdin: ep('10.0.0.1', 8080) });
    assert.match(await kubectl.ok(['get', 'ep', 'web', '--no-headers']), /^web\s+10\.0\.0\.1:8080,10\.0\.0\.2:8080\s+\d+s$/m);
    assert.equal(await kubectl.ok(['get', 'ep', 'web', '-o', 'jsonpath={.subsets[0].ports[0].protocol}']), 'TCP');
    const bad = await kubectl.run(['apply', '-f', '-'], { stdin: ep('127.0.0.1', 70000) });
    assert.match(bad.stderr, /subsets\[0\]\.addresses\[0\]\.ip: Invalid value: "127\.0\.0\.1": may not be in the loopback range/);
    assert.match(bad.stderr, /subsets\[0\]\.ports\[0\]\.port: Invalid value: 70000: must be between 1 and 65535, inclusive/);
  });

  test('leases and storage classes', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: 'apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: node-1, namespace: kube-node-lease}\nspec: {holderIdentity: node-1, leaseDurationSeconds: 40}\n' });
    assert.match(await kubectl.ok(['get', 'leases', '-n', 'kube-node-lease', '--no-headers']), /^node-1\s+node-1\s+\d+s$/m);
    const badLease = await kubectl.run(['create', '-f', '-'], { stdin: 'apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: bad}\nspec: {leaseDurationSeconds: 0}\n' });
    assert.match(badLease.stderr, /spec\.leaseDurationSeconds: Invalid value: 0: must be greater than 0/);
    const sc = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: local, annotations: {storageclass.kubernetes.io/is-default-class: "true"}}\nprovisioner: kts.io/local-path\n';
    await kubectl.ok(['apply', '-f', '-'], { stdin: sc });
    assert.match(await kubectl.ok(['get', 'sc', '--no-headers']), /^local \(default\)\s+kts\.io\/local-path\s+Delete\s+Immediate\s+false\s+\d+s$/m);
    const changed = await kubectl.run(['apply', '-f', '-'], { stdin: sc.replace('kts.io/local-path', 'other.io/x') });
    assert.match(changed.stderr, /provisioner: Forbidden: updates to provisioner are forbidden/);
  });

  test('ingress classes: controller validation and columns', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: kts}\nspec: {controller: kts.io/ingress}\n' });
    assert.match(await kubectl.ok(['get', 'ingressclass', '--no-headers']), /^kts\s+kts\.io\/ingress\s+<none>\s+\d+s$/m);
    const bad = await kubectl.run(['create', '-f', '-'], { stdin: 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: bad}\nspec: {controller: nodomain}\n' });
    assert.match(bad.stderr, /spec\.controller: Invalid value: "nodomain": must be a domain-prefixed path/);
  });

  test('auth can-i and whoami are answered (allow-all until RBAC lands)', async () => {
    assert.equal(await kubectl.ok(['auth', 'can-i', 'create', 'configmaps']), 'yes\n');
    assert.equal(await kubectl.ok(['auth', 'can-i', 'delete', 'secrets', '-n', 'kube-system']), 'yes\n');
    assert.match(await kubectl.ok(['auth', 'whoami']), /Username\s+kubernetes-admin/);
    const review = await kubectl.run(['create', '-f', '-'], { stdin: 'apiVersion: authorization.k8s.io/v1\nkind: SubjectAccessReview\nspec: {resourceAttributes: {verb: get, resource: pods}}\n' });
    assert.match(review.stderr, /at least one of user or group must be specified/);
  });

  test('OpenAPI v3 describes the served group-versions', async () => {
    const index = JSON.parse(await kubectl.ok(['get', '--raw', '/openapi/v3'])) as { paths: Record<string, unknown> };
    assert.ok(index.paths['api/v1']);
    assert.match(await kubectl.ok(['explain', 'configmap.data']), /FIELD: data <map\[string\]string>/);
  });
});
