/**
 * The workload kinds through the real kubectl: Deployments, ReplicaSets, StatefulSets,
 * DaemonSets, Jobs, CronJobs and ReplicationControllers — upstream's defaults on create, the
 * scale and status subresources, tables, describe, `get all`, and the validation errors kubectl
 * users see. (The controller manager is off here: status stays what clients write.)
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: busybox:1.36
`;
const REPLICASET = `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: front
spec:
  replicas: 2
  selector:
    matchLabels:
      app: front
  template:
    metadata:
      labels:
        app: front
    spec:
      containers:
      - name: c
        image: busybox:1.36
`;
const RC = `apiVersion: v1
kind: ReplicationController
metadata:
  name: legacy
spec:
  template:
    metadata:
      labels:
        app: legacy
    spec:
      containers:
      - name: c
        image: busybox:1.36
`;
const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      containers:
      - name: agent
        image: busybox:1.36
`;

describe('workloads through kubectl', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster({ args: ['--disable-controllers'] });
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });
  const jsonpath = (args: string[], path: string): Promise<string> => kubectl.ok(['get', ...args, '-o', `jsonpath=${path}`]);

  test('discovery lists the kinds, their short names and the scale subresources', async () => {
    const resources = await kubectl.ok(['api-resources', '--no-headers']);
    for (const line of [
      /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m,
      /^replicasets\s+rs\s+apps\/v1\s+true\s+ReplicaSet$/m,
      /^statefulsets\s+sts\s+apps\/v1\s+true\s+StatefulSet$/m,
      /^daemonsets\s+ds\s+apps\/v1\s+true\s+DaemonSet$/m,
      /^controllerrevisions\s+apps\/v1\s+true\s+ControllerRevision$/m,
      /^jobs\s+batch\/v1\s+true\s+Job$/m,
      /^cronjobs\s+cj\s+batch\/v1\s+true\s+CronJob$/m,
      /^replicationcontrollers\s+rc\s+v1\s+true\s+ReplicationController$/m,
    ]) {
      assert.match(resources, line);
    }
    const list = JSON.parse(await kubectl.ok(['get', '--raw', '/apis/apps/v1'])) as { resources: { name: string; group?: string; version?: string; kind: string; verbs: string[] }[] };
    for (const name of ['deployments/scale', 'replicasets/scale', 'statefulsets/scale']) {
      const scale = list.resources.find((r) => r.name === name);
      assert.deepEqual(scale && { group: scale.group, version: scale.version, kind: scale.kind, verbs: scale.verbs }, { group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    }
    assert.ok(list.resources.some((r) => r.name === 'daemonsets/status'));
  });

  test("create deployment: upstream's defaults", async () => {
    assert.equal(await kubectl.ok(['create', 'deployment', 'web', '--image=busybox:1.36', '--replicas=3', '--', 'sleep', '3600']), 'deployment.apps/web created\n');
    const yaml = await kubectl.ok(['get', 'deploy', 'web', '-o', 'yaml']);
    for (const line of [
      /^ {2}progressDeadlineSeconds: 600$/m,
      /^ {2}replicas: 3$/m,
      /^ {2}revisionHistoryLimit: 10$/m,
      /^ {2}strategy:\n {4}rollingUpdate:\n {6}maxSurge: 25%\n {6}maxUnavailable: 25%\n {4}type: RollingUpdate$/m,
      /^ {2}selector:\n {4}matchLabels:\n {6}app: web$/m,
      /^ {6}restartPolicy: Always$/m,
      /^ {2}generation: 1$/m,
      /^status: \{\}$/m,
    ]) {
      assert.match(yaml, line);
    }
  });

  test('names that are no DNS labels are accepted with a warning', async () => {
    const dotted = await kubectl.run(['create', 'deployment', 'web.v2', '--image=busybox:1.36']);
    assert.equal(dotted.code, 0, dotted.stderr);
    assert.equal(dotted.stderr, 'Warning: metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]\n');
    await kubectl.ok(['delete', 'deployment', 'web.v2']);
  });

  test('scale deployments, statefulsets, replication controllers and replica sets', async () => {
    assert.equal(await kubectl.ok(['scale', 'deployment', 'web', '--replicas=5']), 'deployment.apps/web scaled\n');
    assert.equal(await jsonpath(['deploy', 'web'], '{.spec.replicas} {.metadata.generation}'), '5 2');
    await kubectl.ok(['apply', '-f', '-'], { stdin: `${STATEFULSET}---\n${REPLICASET}---\n${RC}` });
    assert.equal(await kubectl.ok(['scale', 'statefulset', 'db', '--replicas=2']), 'statefulset.apps/db scaled\n');
    assert.equal(await kubectl.ok(['scale', 'rc', 'legacy', '--replicas=4']), 'replicationcontroller/legacy scaled\n');
    // With a precondition kubectl reads the Scale and writes it back (GET + PUT instead of PATCH).
    assert.equal(await kubectl.ok(['scale', 'rs', 'front', '--current-replicas=2', '--replicas=0']), 'replicaset.apps/front scaled\n');
    assert.equal(await jsonpath(['sts', 'db'], '{.spec.replicas}'), '2');
    assert.equal(await jsonpath(['rc', 'legacy'], '{.spec.replicas} {.spec.selector.app}'), '4 legacy');
    assert.equal(await jsonpath(['rs', 'front'], '{.spec.replicas}'), '0');
    assert.equal(await kubectl.ok(['get', 'rs,rc', '--field-selector=status.replicas=0', '-o', 'name']), 'replicaset.apps/front\nreplicationcontroller/legacy\n');
    const failed = await kubectl.run(['scale', 'rs', 'front', '--current-replicas=7', '--replicas=1']);
    assert.match(failed.stderr, /Expected replicas to be 7, was 0/);

    const scale = JSON.parse(await kubectl.ok(['get', '--raw', '/apis/apps/v1/namespaces/default/deployments/web/scale'])) as Record<string, { [k: string]: unknown }>;
    assert.equal(scale['kind'], 'Scale');
    assert.deepEqual(scale['spec'], { replicas: 5 });
    assert.deepEqual(scale['status'], { replicas: 0, selector: 'app=web' });
    const stale = JSON.stringify({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default', resourceVersion: '1' }, spec: { replicas: 1 } });
    const conflict = await kubectl.run(['replace', '--raw', '/apis/apps/v1/namespaces/default/deployments/web/scale', '-f', '-'], { stdin: stale });
    assert.match(conflict.stderr, /Operation cannot be fulfilled on deployments\.apps "web": the object has been modified/);
    const negative = await kubectl.run(['patch', 'deploy', 'web', '--subresource=scale', '--type=merge', '-p', '{"spec":{"replicas":-1}}']);
    assert.match(negative.stderr, /The Scale "web" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
    await kubectl.ok(['patch', 'deploy', 'web', '--subresource=scale', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":6}]']);
    assert.equal(await jsonpath(['deploy', 'web'], '{.spec.replicas}'), '6');
  });

  test('status is written through the status subresource only', async () => {
    await kubectl.ok(['patch', 'deploy', 'web', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":6,"readyReplicas":4,"updatedReplicas":6,"availableReplicas":4}}']);
    assert.match(await kubectl.ok(['get', 'deploy', 'web', '--no-headers']), /^web\s+4\/6\s+6\s+4\s+\d+s\n$/);
    await kubectl.ok(['patch', 'deploy', 'web', '--type=merge', '-p', '{"status":{"readyReplicas":0},"spec":{"minReadySeconds":1}}']);
    assert.equal(await jsonpath(['deploy', 'web'], '{.status.readyReplicas} {.spec.minReadySeconds}'), '4 1');
    const bad = await kubectl.run(['patch', 'deploy', 'web', '--subresource=status', '--type=merge', '-p', '{"status":{"readyReplicas":7}}']);
    assert.match(bad.stderr, /The Deployment "web" is invalid: status\.readyReplicas: Invalid value: 7: cannot be greater than status\.replicas/);
  });

  test('jobs, cronjobs and a job from a cronjob', async () => {
    assert.equal(await kubectl.ok(['create', 'job', 'once', '--image=busybox:1.36', '--', 'echo', 'hi']), 'job.batch/once created\n');
    const uid = await jsonpath(['job', 'once'], '{.metadata.uid}');
    assert.equal(await jsonpath(['job', 'once'], '{.spec.selector.matchLabels}'), JSON.stringify({ 'batch.kubernetes.io/controller-uid': uid }));
    assert.equal(
      await jsonpath(['job', 'once'], '{.spec.template.metadata.labels}'),
      JSON.stringify({ 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'once', 'controller-uid': uid, 'job-name': 'once' }),
    );
    assert.equal(
      await jsonpath(['job', 'once'], '{.spec.backoffLimit} {.spec.completions} {.spec.parallelism} {.spec.completionMode} {.spec.suspend} {.spec.manualSelector} {.spec.podReplacementPolicy}'),
      '6 1 1 NonIndexed false false TerminatingOrFailed',
    );
    assert.equal(await kubectl.ok(['create', 'cronjob', 'tick', '--image=busybox:1.36', '--schedule=*/5 * * * *', '--', 'date']), 'cronjob.batch/tick created\n');
    assert.equal(await jsonpath(['cj', 'tick'], '{.spec.concurrencyPolicy} {.spec.suspend} {.spec.successfulJobsHistoryLimit} {.spec.failedJobsHistoryLimit}'), 'Allow false 3 1');
    assert.equal(await kubectl.ok(['create', 'job', 'manual', '--from=cronjob/tick']), 'job.batch/manual created\n');
    assert.equal(await jsonpath(['job', 'manual'], '{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.annotations}'), 'CronJob/tick {"cronjob.kubernetes.io/instantiate":"manual"}');
    assert.match(await kubectl.ok(['get', 'job', 'manual', '--no-headers']), /^manual\s+Running\s+0\/1\s+\d+s\n$/);
    assert.equal(await kubectl.ok(['get', 'jobs', '--field-selector=status.successful=0', '-o', 'name']), 'job.batch/manual\njob.batch/once\n');
    const changed = await kubectl.run(['patch', 'job', 'once', '--type=json', '-p', '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"busybox:1.37"}]']);
    assert.match(changed.stderr, /The Job "once" is invalid: spec\.template: Invalid value: .*: field is immutable/);
    await kubectl.ok(['patch', 'job', 'once', '--type=merge', '-p', '{"spec":{"parallelism":2}}']);
  });

  test('get -o wide shows upstream columns', async () => {
    await kubectl.ok(['apply', '-f', '-'], { stdin: DAEMONSET });
    const out = await kubectl.ok(['get', 'deploy,rs,sts,ds,job,cj,rc', '-o', 'wide']);
    for (const header of [
      /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m,
      /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m,
      /^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES$/m,
      /^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m,
      /^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m,
      /^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m,
    ]) {
      assert.match(out, header);
    }
    assert.match(out, /^deployment\.apps\/web\s+4\/6\s+6\s+4\s+\d+s\s+busybox\s+busybox:1\.36\s+app=web$/m);
    assert.match(out, /^replicaset\.apps\/front\s+0\s+0\s+0\s+\d+s\s+c\s+busybox:1\.36\s+app=front$/m);
    assert.match(out, /^statefulset\.apps\/db\s+0\/2\s+\d+s\s+db\s+busybox:1\.36$/m);
    assert.match(out, /^daemonset\.apps\/agent\s+0\s+0\s+0\s+0\s+0\s+kubernetes\.io\/os=linux\s+\d+s\s+agent\s+busybox:1\.36\s+app=agent$/m);
    assert.match(out, /^cronjob\.batch\/tick\s+\*\/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\d+s\s+tick\s+busybox:1\.36\s+<none>$/m);
    assert.match(out, /^replicationcontroller\/legacy\s+4\s+0\s+0\s+\d+s\s+c\s+busybox:1\.36\s+app=legacy$/m);
  });

  test('describe deployment', async () => {
    const out = await kubectl.ok(['describe', 'deployment', 'web']);
    assert.match(out, /^Selector:\s+app=web$/m);
    assert.match(out, /^Replicas:\s+6 desired \| 6 updated \| 6 total \| 4 available \| 0 unavailable$/m);
    assert.match(out, /^StrategyType:\s+RollingUpdate$/m);
    assert.match(out, /^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
    assert.match(out, /^ {3}busybox:\n {4}Image:\s+busybox:1\.36$/m);
  });

  test('get all lists the workloads', async () => {
    const out = await kubectl.ok(['get', 'all']);
    for (const name of ['deployment.apps/web', 'replicaset.apps/front', 'statefulset.apps/db', 'daemonset.apps/agent', 'job.batch/once', 'cronjob.batch/tick', 'replicationcontroller/legacy']) {
      assert.match(out, new RegExp(`^${name.replace(/[./]/g, '\\$&')}\\s`, 'm'));
    }
  });

  test("invalid objects get upstream's messages", async () => {
    const mismatch = await kubectl.run(['apply', '-f', '-'], {
      stdin: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\nspec:\n  selector:\n    matchLabels:\n      app: one\n  template:\n    metadata:\n      labels:\n        app: two\n    spec:\n      containers:\n      - name: c\n        image: busybox:1.36\n',
    });
    assert.match(mismatch.stderr, /The Deployment "bad" is invalid: spec\.template\.metadata\.labels: Invalid value: map\[string\]string\{"app":"two"\}: `selector` does not match template `labels`/);
    const immutable = await kubectl.run(['patch', 'deploy', 'web', '-p', '{"spec":{"selector":{"matchLabels":{"app":"other"}},"template":{"metadata":{"labels":{"app":"other"}}}}}']);
    assert.match(
      immutable.stderr,
      /The Deployment "web" is invalid: spec\.selector: Invalid value: v1\.LabelSelector\{MatchLabels:map\[string\]string\{"app":"other"\}, MatchExpressions:\[\]v1\.LabelSelectorRequirement\(nil\)\}: field is immutable/,
    );
    const schedule = await kubectl.run(['create', 'cronjob', 'badcron', '--image=busybox:1.36', '--schedule=61 * * * *']);
    assert.match(schedule.stderr, /CronJob\.batch "badcron" is invalid: spec\.schedule: Invalid value: "61 \* \* \* \*": end of range \(61\) above maximum \(59\): 61/);
    const tz = await kubectl.run(['create', 'cronjob', 'tzcron', '--image=busybox:1.36', '--schedule=TZ=UTC 0 * * * *']);
    assert.match(tz.stderr, /spec\.schedule: Invalid value: "TZ=UTC 0 \* \* \* \*": cannot use TZ or CRON_TZ in schedule, use timeZone field instead/);
    const negative = await kubectl.run(['patch', 'sts', 'db', '--type=merge', '-p', '{"spec":{"replicas":-3}}']);
    assert.match(negative.stderr, /The StatefulSet "db" is invalid: spec\.replicas: Invalid value: -3: must be greater than or equal to 0/);
    const restart = await kubectl.run(['apply', '-f', '-'], {
      stdin: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: forever\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox:1.36\n',
    });
    assert.match(restart.stderr, /The Job "forever" is invalid: spec\.template\.spec\.restartPolicy: Required value: valid values: "OnFailure", "Never"/);
  });
});
