/**
 * Pods and pod templates through the real kubectl: `kubectl run` defaults, tables and describe,
 * upstream's validation and update errors, field selectors, binding, graceful deletion,
 * ephemeral containers (kubectl debug), eviction, the node-served subresources' checks (logs, exec) before any node is registered, and
 * podtemplates.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';

describe('pods through kubectl', { skip: kubectlSkipReason() }, () => {
  const { server, kubectl: cluster } = useCluster({ args: ['--disable-scheduler'] }); // pods are bound by hand here
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  /** Writes `body` next to the kubeconfig and returns its path (for `create --raw -f`). */
  const file = (name: string, body: unknown): string => {
    const path = join(server.kubeconfig, '..', name);
    writeFileSync(path, JSON.stringify(body));
    return path;
  };
  const bind = (pod: string, node: string): Promise<string> =>
    kubectl.ok(['create', '--raw', `/api/v1/namespaces/default/pods/${pod}/binding`, '-f', file(`binding-${pod}.json`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod }, target: { kind: 'Node', name: node } })]);

  test('kubectl run: the pod gets upstream defaults and a Pending status', async () => {
    assert.equal(await kubectl.ok(['run', 'web', '--image=busybox:1.36', '--labels=app=web', '--', 'sleep', '3600']), 'pod/web created\n');
    const pod = JSON.parse(await kubectl.ok(['get', 'pod', 'web', '-o', 'json'])) as {
      spec: Record<string, unknown> & { containers: Record<string, unknown>[]; tolerations: unknown[] };
      status: Record<string, unknown>;
    };
    assert.deepEqual(pod.spec.containers[0], {
      name: 'web',
      image: 'busybox:1.36',
      args: ['sleep', '3600'],
      imagePullPolicy: 'IfNotPresent',
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
    for (const [field, value] of Object.entries({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      enableServiceLinks: true,
      securityContext: {},
      serviceAccountName: 'default',
      priority: 0,
    })) {
      assert.deepEqual(pod.spec[field], value, field);
    }
    assert.equal(pod.spec.tolerations.length, 2);
    assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'BestEffort' });
    const yaml = await kubectl.ok(['get', 'pod', 'web', '-o', 'yaml']);
    assert.match(yaml, /^ {4}imagePullPolicy: IfNotPresent$/m);
    assert.match(yaml, /^ {2}phase: Pending$/m);
  });

  test('priority comes from the PriorityClass; an unknown class is forbidden', async () => {
    await kubectl.ok(['create', 'priorityclass', 'high', '--value=1000']);
    await kubectl.ok(['run', 'vip', '--image=busybox:1.36', '--overrides={"spec":{"priorityClassName":"high"}}']);
    assert.equal(await kubectl.ok(['get', 'pod', 'vip', '-o', 'jsonpath={.spec.priority} {.spec.preemptionPolicy}']), '1000 PreemptLowerPriority');
    const unknown = await kubectl.run(['run', 'nobody', '--image=busybox:1.36', '--overrides={"spec":{"priorityClassName":"nope"}}']);
    assert.equal(unknown.stderr, 'Error from server (Forbidden): pods "nobody" is forbidden: no PriorityClass with name nope was found\n');
    await kubectl.ok(['delete', 'pod', 'vip']);
  });

  test('get -o wide and describe', async () => {
    const table = await kubectl.ok(['get', 'pods', '-o', 'wide']);
    const [header, row] = table.trim().split('\n');
    assert.match(header!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    assert.match(row!, /^web\s+0\/1\s+Pending\s+0\s+\d+s\s+<none>\s+<none>\s+<none>\s+<none>$/);
    const described = await kubectl.ok(['describe', 'pod', 'web']);
    assert.match(described, /^Name:\s+web$/m);
    assert.match(described, /^Status:\s+Pending$/m);
    assert.match(described, /^QoS Class:\s+BestEffort$/m);
    assert.match(described, /^Service Account:\s+default$/m);
    assert.match(described, /^\s+Image:\s+busybox:1.36$/m);
  });

  test('invalid pods are refused with upstream messages', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bad' },
      spec: {
        containers: [
          { name: 'a', image: 'busybox', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } },
          { name: 'a', image: 'busybox' },
        ],
      },
    };
    const result = await kubectl.run(['create', '-f', '-'], { stdin: JSON.stringify(pod) });
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      'The Pod "bad" is invalid: \n' +
        '* spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1\n' +
        '* spec.containers[1].name: Duplicate value: "a"\n',
    );
  });

  test('the pod spec is immutable but for images', async () => {
    await kubectl.ok(['set', 'image', 'pod/web', 'web=busybox:1.37']);
    assert.equal(await kubectl.ok(['get', 'pod', 'web', '-o', 'jsonpath={.spec.containers[0].image}']), 'busybox:1.37');
    const result = await kubectl.run(['patch', 'pod', 'web', '-p', '{"spec":{"restartPolicy":"Never"}}']);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n- spec.restartPolicy: "Always"\n\+ spec.restartPolicy: "Never"\n$/,
    );
  });

  test('binding assigns the node once; field selectors find pods by node and phase', async () => {
    await kubectl.ok(['run', 'db', '--image=busybox:1.36']);
    assert.equal(await bind('web', 'n1'), '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}');
    const again = await kubectl.run(['create', '--raw', '/api/v1/namespaces/default/pods/web/binding', '-f', join(server.kubeconfig, '..', 'binding-web.json')]);
    assert.equal(again.stderr, 'Error from server (Conflict): Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "n1"\n');
    assert.match(await kubectl.ok(['get', 'pod', 'web', '-o', 'jsonpath={.status.conditions[0].type}={.status.conditions[0].status}']), /^PodScheduled=True$/);
    assert.equal(await kubectl.ok(['get', 'pods', '--field-selector', 'spec.nodeName=n1', '-o', 'name']), 'pod/web\n');
    assert.equal(await kubectl.ok(['get', 'pods', '--field-selector', 'spec.nodeName=', '-o', 'name']), 'pod/db\n');
    assert.equal(await kubectl.ok(['get', 'pods', '--field-selector', 'status.phase=Pending', '-o', 'name']), 'pod/db\npod/web\n');
    assert.match(await kubectl.ok(['get', 'pods', '-o', 'wide', '--no-headers', 'web']), /^web\s+0\/1\s+Pending\s+0\s+\d+s\s+<none>\s+n1\s+<none>\s+<none>\n$/);
  });

  test('a watch pinned to a node, as a node agent holds, sees pods as they are bound to it and nothing else', async () => {
    const watch = kubectl.start(['get', 'pods', '-w', '--output-watch-events', '--no-headers', '--field-selector', 'spec.nodeName=n7']);
    let output = '';
    watch.stdout.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await kubectl.ok(['run', 'pinned', '--image=busybox:1.36']);
      await kubectl.ok(['run', 'elsewhere', '--image=busybox:1.36']);
      await bind('elsewhere', 'n8');
      await bind('pinned', 'n7');
      await kubectl.ok(['label', 'pod', 'pinned', 'seen=yes']);
      const deadline = Date.now() + 10_000;
      while (!/MODIFIED/.test(output) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      watch.kill();
    }
    assert.match(output, /^ADDED\s+pinned\s+0\/1\s+Pending\s+0\s+\d+s\nMODIFIED\s+pinned\s+0\/1\s+Pending\s+0\s+\d+s\n$/);
    const cleanup = await kubectl.run(['delete', 'pod', 'pinned', 'elsewhere', '--grace-period=0', '--force']);
    assert.equal(cleanup.code, 0, cleanup.stderr);
  });

  test('logs and exec: upstream checks, then 503 while the node is not registered', async () => {
    assert.equal((await kubectl.run(['logs', 'web'])).stderr, 'Error from server (ServiceUnavailable): node "n1" is not registered, so its kubelet cannot be reached\n');
    assert.equal((await kubectl.run(['logs', 'db'])).stdout, '', 'an unscheduled pod has no logs yet');
    const exec = await kubectl.run(['exec', 'web', '--', 'ls']);
    assert.equal(exec.code, 1);
    assert.match(exec.stderr, /node "n1" is not registered, so its kubelet cannot be reached/);
    const wrong = await kubectl.run(['exec', 'web', '-c', 'nope', '--', 'ls']);
    assert.match(wrong.stderr, /container nope is not valid for pod web/);
    const unbound = await kubectl.run(['exec', 'db', '--', 'ls']);
    assert.match(unbound.stderr, /pod db does not have a host assigned/);
    const proxy = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods/web:8080/proxy/some/path']);
    assert.equal(proxy.stderr, 'Error from server (BadRequest): address not allowed\n', 'a pod without an IP cannot be proxied to');
    const missing = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods/nope/proxy/']);
    assert.equal(missing.stderr, 'Error from server (NotFound): pods "nope" not found\n');
  });

  test('a bound pod stays Terminating until deleted with grace 0; an unbound pod goes at once', async () => {
    assert.equal(await kubectl.ok(['delete', 'pod', 'web', '--wait=false']), 'pod "web" deleted\n');
    assert.match(await kubectl.ok(['get', 'pod', 'web', '--no-headers']), /^web\s+0\/1\s+Terminating\s+0\s+\d+s\n$/);
    assert.equal(await kubectl.ok(['get', 'pod', 'web', '-o', 'jsonpath={.metadata.deletionGracePeriodSeconds}']), '30');
    const forced = await kubectl.run(['delete', 'pod', 'web', '--grace-period=0', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(forced.stdout, 'pod "web" force deleted\n');
    assert.equal(await kubectl.ok(['delete', 'pod', 'db']), 'pod "db" deleted\n');
    assert.equal(await kubectl.ok(['get', 'pods', '-o', 'name']), '');
  });

  test('kubectl debug adds an ephemeral container through pods/ephemeralcontainers', async () => {
    await kubectl.ok(['run', 'debuggee', '--image=busybox:1.36']);
    const debug = await kubectl.run(['debug', 'debuggee', '--image=busybox:1.36', '--target=debuggee', '--container=dbg', '--profile=general']);
    assert.equal(debug.code, 0, debug.stderr);
    assert.equal(
      await kubectl.ok(['get', 'pod', 'debuggee', '-o', 'jsonpath={.spec.ephemeralContainers[0].name} {.spec.ephemeralContainers[0].targetContainerName} {.spec.ephemeralContainers[0].imagePullPolicy}']),
      'dbg debuggee IfNotPresent',
    );
    const again = await kubectl.run(['debug', 'debuggee', '--image=busybox:1.36', '--container=debuggee']);
    assert.match(again.stderr, /spec\.ephemeralContainers\[1\]\.name: Invalid value: "debuggee": must be unique among all containers, init containers and ephemeral containers/);
    await kubectl.ok(['delete', 'pod', 'debuggee']);
  });

  test('eviction deletes the pod', async () => {
    await kubectl.ok(['run', 'evictee', '--image=busybox:1.36']);
    await bind('evictee', 'n1');
    const eviction = file('eviction.json', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'evictee' }, deleteOptions: { gracePeriodSeconds: 0 } });
    assert.equal(
      await kubectl.ok(['create', '--raw', '/api/v1/namespaces/default/pods/evictee/eviction', '-f', eviction]),
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}',
    );
    const gone = await kubectl.run(['get', 'pod', 'evictee']);
    assert.equal(gone.stderr, 'Error from server (NotFound): pods "evictee" not found\n');
  });

  test('eviction respects a PodDisruptionBudget that allows no disruption', async () => {
    await kubectl.ok(['run', 'guarded', '--image=busybox:1.36', '--labels=app=guarded']);
    await bind('guarded', 'n1');
    // No node agent or disruption controller runs here: play their parts through the status subresources.
    await kubectl.ok(['patch', 'pod', 'guarded', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}}']);
    await kubectl.ok(['create', 'poddisruptionbudget', 'guard', '--selector=app=guarded', '--min-available=1']);
    await kubectl.ok(['patch', 'pdb', 'guard', '--subresource=status', '--type=merge', '-p', '{"status":{"observedGeneration":1,"disruptionsAllowed":0,"currentHealthy":1,"desiredHealthy":1,"expectedPods":1}}']);
    const eviction = file('eviction-guarded.json', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'guarded' } });
    const refused = await kubectl.run(['create', '--raw', '/api/v1/namespaces/default/pods/guarded/eviction', '-f', eviction]);
    assert.equal(refused.stderr, "Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's disruption budget.\n");
    assert.match(await kubectl.ok(['get', 'pod', 'guarded', '--no-headers']), /^guarded\s+0\/1\s+Running/);
    await kubectl.ok(['patch', 'pdb', 'guard', '--subresource=status', '--type=merge', '-p', '{"status":{"disruptionsAllowed":1,"currentHealthy":2}}']);
    await kubectl.ok(['create', '--raw', '/api/v1/namespaces/default/pods/guarded/eviction', '-f', eviction]);
    assert.match(await kubectl.ok(['get', 'pod', 'guarded', '--no-headers']), /^guarded\s+0\/1\s+Terminating/);
    const charged = JSON.parse(await kubectl.ok(['get', 'pdb', 'guard', '-o', 'jsonpath={.status}'])) as { disruptionsAllowed: number; disruptedPods: Record<string, string> };
    assert.equal(charged.disruptionsAllowed, 0);
    assert.deepEqual(Object.keys(charged.disruptedPods), ['guarded']);
    await kubectl.run(['delete', 'pod', 'guarded', '--grace-period=0', '--force']);
  });

  test('discovery lists the pod subresources', async () => {
    const list = JSON.parse(await kubectl.ok(['get', '--raw', '/api/v1'])) as { resources: { name: string; kind: string; verbs: string[]; group?: string }[] };
    const pods = list.resources.filter((r) => r.name.startsWith('pods/')).map((r) => `${r.name} ${r.group ? `${r.group}/` : ''}${r.kind} ${r.verbs.join(',')}`);
    assert.deepEqual(pods, [
      'pods/attach PodAttachOptions create,get',
      'pods/binding Binding create',
      'pods/ephemeralcontainers Pod get,patch,update',
      'pods/eviction policy/Eviction create',
      'pods/exec PodExecOptions create,get',
      'pods/log Pod get',
      'pods/portforward PodPortForwardOptions create,get',
      'pods/proxy PodProxyOptions create,delete,get,patch,update',
      'pods/status Pod get,patch,update',
    ]);
    assert.match(await kubectl.ok(['api-resources', '--no-headers']), /^pods\s+po\s+v1\s+true\s+Pod$/m);
  });

  test('podtemplates: create -f, table, defaults, validation', async () => {
    const template = {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 'tmpl' },
      template: { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'web', image: 'nginx' }, { name: 'side', image: 'busybox:1.36' }] } },
    };
    assert.equal(await kubectl.ok(['create', '-f', '-'], { stdin: JSON.stringify(template) }), 'podtemplate/tmpl created\n');
    assert.equal(
      await kubectl.ok(['get', 'podtemplates']),
      'NAME   CONTAINERS   IMAGES               POD LABELS\ntmpl   web,side     nginx,busybox:1.36   app=web,tier=fe\n',
    );
    assert.equal(await kubectl.ok(['get', 'podtemplate', 'tmpl', '-o', 'jsonpath={.template.spec.containers[*].imagePullPolicy} {.template.spec.restartPolicy}']), 'Always IfNotPresent Always');
    const bad = { ...template, metadata: { name: 'bad' }, template: { spec: { containers: [{ name: 'web' }] } } };
    const result = await kubectl.run(['create', '-f', '-'], { stdin: JSON.stringify(bad) });
    assert.equal(result.stderr, 'The PodTemplate "bad" is invalid: template.spec.containers[0].image: Required value\n');
  });
});
