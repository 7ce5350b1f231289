/**
 * The kubelet through the real kubectl against `kts server` with its local agent (process
 * runtime): pods bound by `nodeName` run as real processes; their status, restarts, probes, init
 * containers, environment, volumes, graceful deletion and memory limits behave as upstream.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { eventually } from '../support/eventually.js';

const NODE = 'kubelet-node';
const isRoot = process.getuid?.() === 0;

interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  state: { running?: unknown; waiting?: { reason?: string; message?: string }; terminated?: { exitCode: number; reason?: string } };
  lastState: { terminated?: { exitCode: number; reason?: string } };
}
interface PodView {
  metadata: { uid: string };
  status: {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

describe('kubelet: pods as processes through kubectl', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster({ agent: true, args: ['--node-name', NODE] });
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  const apply = (manifest: object): Promise<string> => kubectl.ok(['apply', '-f', '-'], { stdin: JSON.stringify(manifest) });
  const get = async (name: string): Promise<PodView> => JSON.parse(await kubectl.ok(['get', 'pod', name, '-o', 'json'])) as PodView;
  const pod = (name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): object => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...metadata },
    spec: { nodeName: NODE, terminationGracePeriodSeconds: 2, ...spec },
  });
  const condition = (p: PodView, type: string): string | undefined => p.status.conditions?.find((c) => c.type === type)?.status;

  test('the node registers Ready with the control-plane role', async () => {
    const nodes = await kubectl.ok(['get', 'nodes']);
    assert.match(nodes, new RegExp(`^${NODE} +Ready +control-plane,master +\\S+ +v1\\.32\\.`, 'm'));
    assert.match(await kubectl.ok(['get', 'lease', '-n', 'kube-node-lease']), new RegExp(`^${NODE} +${NODE} `, 'm'));
  });

  test('a pod that runs echo reaches Succeeded with its output in kubectl logs', async () => {
    await apply(pod('echo', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['echo', 'hello from kts'] }] }));
    const done = await eventually(() => get('echo'), (p) => p.status.phase === 'Succeeded');
    assert.deepEqual(done.status.containerStatuses?.[0]?.state.terminated && { exitCode: done.status.containerStatuses[0].state.terminated.exitCode, reason: done.status.containerStatuses[0].state.terminated.reason }, { exitCode: 0, reason: 'Completed' });
    assert.equal(await kubectl.ok(['logs', 'echo']), 'hello from kts\n');
    assert.match(await kubectl.ok(['get', 'pod', 'echo']), /echo +0\/1 +Completed +0 /);
  });

  test('a crashing container climbs restartCount in CrashLoopBackOff; logs --previous shows the last run', async () => {
    await apply(pod('crash', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo run at $(date +%s); exit 3'] }] }));
    const looping = await eventually(
      () => get('crash'),
      (p) => (p.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1 && p.status.containerStatuses?.[0]?.state.waiting?.reason === 'CrashLoopBackOff',
      20_000,
    );
    const status = looping.status.containerStatuses![0]!;
    assert.match(status.state.waiting?.message ?? '', /^back-off 10s restarting failed container=c pod=crash_default\(/);
    assert.deepEqual([status.lastState.terminated?.exitCode, status.lastState.terminated?.reason], [3, 'Error']);
    assert.equal(looping.status.phase, 'Running');
    assert.match(await kubectl.ok(['get', 'pod', 'crash']), /crash +0\/1 +CrashLoopBackOff +\d+ \(\S+ ago\)/);
    assert.match(await kubectl.ok(['logs', 'crash', '--previous']), /^run at \d+\n$/);
    const events = await kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=crash,reason=BackOff', '-o', 'name']);
    assert.notEqual(events.trim(), '');
  });

  test('a failing liveness probe restarts the container; readiness flips the Ready condition', async () => {
    await apply(
      pod('probed', {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'touch /tmp/alive; while true; do sleep 0.2; done'],
            livenessProbe: { exec: { command: ['cat', '/tmp/alive'] }, periodSeconds: 1, failureThreshold: 1 },
            readinessProbe: { exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 1 },
          },
        ],
      }),
    );
    const running = await eventually(() => get('probed'), (p) => p.status.containerStatuses?.[0]?.state.running !== undefined);
    assert.equal(condition(running, 'Ready'), 'False');
    await kubectl.ok(['exec', 'probed', '--', 'touch', '/tmp/ready']);
    await eventually(() => get('probed'), (p) => condition(p, 'Ready') === 'True');
    await kubectl.ok(['exec', 'probed', '--', 'rm', '/tmp/ready']);
    await eventually(() => get('probed'), (p) => condition(p, 'Ready') === 'False');
    await kubectl.ok(['exec', 'probed', '--', 'rm', '/tmp/alive']);
    await eventually(() => get('probed'), (p) => (p.status.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 20_000);
    const events = await kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=probed', '-o', 'jsonpath={range .items[*]}{.reason}: {.message}{"\\n"}{end}']);
    assert.match(events, /Unhealthy: Liveness probe failed: cat: can't open '\/tmp\/alive': No such file or directory/);
    assert.match(events, /Killing: Container c failed liveness probe, will be restarted/);
  });

  test('init containers run in order before the app container', async () => {
    await apply(
      pod('inits', {
        restartPolicy: 'Never',
        initContainers: [
          { name: 'first', image: 'busybox:1.36', command: ['sh', '-c', 'echo first >> /work/order'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
          { name: 'second', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 0.3; echo second >> /work/order'], volumeMounts: [{ name: 'work', mountPath: '/work' }] },
        ],
        containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo app >> /work/order; cat /work/order'], volumeMounts: [{ name: 'work', mountPath: '/work' }] }],
        volumes: [{ name: 'work', emptyDir: {} }],
      }),
    );
    const done = await eventually(() => get('inits'), (p) => p.status.phase === 'Succeeded');
    assert.deepEqual(done.status.initContainerStatuses?.map((s) => [s.name, s.state.terminated?.reason]), [['first', 'Completed'], ['second', 'Completed']]);
    assert.equal(await kubectl.ok(['logs', 'inits', '-c', 'app']), 'first\nsecond\napp\n');
  });

  test('env: literals, $(VAR) expansion, configMap/secret refs, envFrom, downward API and service variables', async () => {
    await kubectl.ok(['create', 'configmap', 'env-cm', '--from-literal=color=blue', '--from-literal=size=L']);
    await kubectl.ok(['create', 'secret', 'generic', 'env-secret', '--from-literal=token=t0k3n']);
    await apply(
      pod(
        'envs',
        {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'c',
              image: 'busybox:1.36',
              command: ['sh', '-c', 'echo "$GREETING|$COLOR|$TOKEN|$CM_size|$POD|$NS|$NODE|$IP|$APP|$MEM|$KUBERNETES_SERVICE_HOST|$KUBERNETES_SERVICE_PORT"'],
              env: [
                { name: 'NAME', value: 'world' },
                { name: 'GREETING', value: 'hello $(NAME)' },
                { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'env-cm', key: 'color' } } },
                { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'env-secret', key: 'token' } } },
                { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
                { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
                { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
              ],
              envFrom: [{ prefix: 'CM_', configMapRef: { name: 'env-cm' } }],
              resources: { limits: { memory: '64Mi' } },
            },
          ],
        },
        { labels: { app: 'envtest' } },
      ),
    );
    const done = await eventually(() => get('envs'), (p) => p.status.phase === 'Succeeded');
    assert.equal(await kubectl.ok(['logs', 'envs']), `hello world|blue|t0k3n|L|envs|default|${NODE}|${done.status.podIP}|envtest|64|10.43.0.1|443\n`);
  });

  test('a missing configMap key is a CreateContainerConfigError', async () => {
    await apply(pod('badref', { containers: [{ name: 'c', image: 'busybox:1.36', command: ['true'], env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] }] }));
    const waiting = await eventually(() => get('badref'), (p) => p.status.containerStatuses?.[0]?.state.waiting?.reason === 'CreateContainerConfigError');
    assert.equal(waiting.status.containerStatuses?.[0]?.state.waiting?.message, 'configmap "nope" not found');
    assert.match(await kubectl.ok(['get', 'pod', 'badref']), /badref +0\/1 +CreateContainerConfigError +0 /);
  });

  test('configMap and secret volumes, and their updates reaching the files', async () => {
    await kubectl.ok(['create', 'configmap', 'vol-cm', '--from-literal=key=one']);
    await kubectl.ok(['create', 'secret', 'generic', 'vol-secret', '--from-literal=password=hunter2']);
    await apply(
      pod('vols', {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            command: ['sleep', '3600'],
            volumeMounts: [
              { name: 'cm', mountPath: '/etc/cm' },
              { name: 'secret', mountPath: '/etc/secret', readOnly: true },
            ],
          },
        ],
        volumes: [
          { name: 'cm', configMap: { name: 'vol-cm' } },
          { name: 'secret', secret: { secretName: 'vol-secret', defaultMode: 0o400 } },
        ],
      }),
    );
    await eventually(() => get('vols'), (p) => p.status.phase === 'Running');
    assert.equal(await kubectl.ok(['exec', 'vols', '--', 'cat', '/etc/cm/key']), 'one');
    assert.equal(await kubectl.ok(['exec', 'vols', '--', 'cat', '/etc/secret/password']), 'hunter2');
    assert.equal((await kubectl.run(['exec', 'vols', '--', 'sh', '-c', 'echo x > /etc/cm/new'])).code, 1, 'configMap volumes are read-only');
    await kubectl.ok(['patch', 'configmap', 'vol-cm', '-p', '{"data":{"key":"two"}}']);
    await eventually(() => kubectl.ok(['exec', 'vols', '--', 'cat', '/etc/cm/key']), (text) => text === 'two', 60_000);
  });

  test('downwardAPI and projected volumes, with a ServiceAccount token from the TokenRequest API', async () => {
    // No ServiceAccount controller yet (next issue): create the pod's account by hand.
    await kubectl.ok(['create', 'serviceaccount', 'runner']);
    await apply(
      pod(
        'projected',
        {
          serviceAccountName: 'runner',
          containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'], volumeMounts: [{ name: 'info', mountPath: '/etc/info' }, { name: 'all', mountPath: '/var/run/all' }] }],
          volumes: [
            { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'mem', resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' } }] } },
            { name: 'all', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600, audience: 'test-audience' } }, { downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } }] } },
          ],
        },
        { labels: { tier: 'web' } },
      ),
    );
    await eventually(() => get('projected'), (p) => p.status.phase === 'Running');
    assert.equal(await kubectl.ok(['exec', 'projected', '--', 'cat', '/etc/info/labels']), 'tier="web"');
    assert.equal(await kubectl.ok(['exec', 'projected', '--', 'cat', '/var/run/all/name']), 'projected');
    const token = await kubectl.ok(['exec', 'projected', '--', 'cat', '/var/run/all/token']);
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { aud: string[]; sub: string; 'kubernetes.io': { pod: { name: string } } };
    assert.deepEqual([claims.aud, claims.sub, claims['kubernetes.io'].pod.name], [['test-audience'], 'system:serviceaccount:default:runner', 'projected']);
  });

  test('a command that does not exist is a StartError the user can read', async () => {
    await apply(pod('nocmd', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['no-such-command'] }] }));
    const failed = await eventually(() => get('nocmd'), (p) => p.status.phase === 'Failed');
    const terminated = failed.status.containerStatuses?.[0]?.state.terminated as { exitCode: number; reason?: string; message?: string } | undefined;
    assert.deepEqual([terminated?.exitCode, terminated?.reason], [128, 'StartError']);
    assert.match(terminated?.message ?? '', /exec: "no-such-command": executable file not found in \$PATH/);
    assert.match(await kubectl.ok(['describe', 'pod', 'nocmd']), /Reason: +StartError/);
  });

  test('activeDeadlineSeconds fails a pod that runs too long', async () => {
    await apply(pod('deadline', { activeDeadlineSeconds: 1, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] }));
    const failed = await eventually(() => get('deadline'), (p) => p.status.phase === 'Failed', 20_000);
    assert.equal((failed.status as { reason?: string }).reason, 'DeadlineExceeded');
    // Killed: SIGTERM (143) ends `sleep`, which here is not its PID namespace's init.
    assert.equal(failed.status.containerStatuses?.[0]?.state.terminated?.exitCode, 143);
  });

  test('graceful deletion runs preStop, sends SIGTERM and waits for the process', async () => {
    await apply(
      pod('graceful', {
        terminationGracePeriodSeconds: 10,
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'trap "echo got TERM >> /work/log; exit 0" TERM; while true; do sleep 0.1; done'],
            lifecycle: { preStop: { exec: { command: ['sh', '-c', 'echo preStop >> /work/log'] } } },
            volumeMounts: [{ name: 'work', mountPath: '/work' }],
          },
        ],
        volumes: [{ name: 'work', hostPath: { path: '/tmp/kts-graceful-test', type: 'DirectoryOrCreate' } }],
      }),
    );
    await eventually(() => get('graceful'), (p) => p.status.phase === 'Running');
    await kubectl.ok(['delete', 'pod', 'graceful']);
    const { readFileSync, rmSync } = await import('node:fs');
    assert.equal(readFileSync('/tmp/kts-graceful-test/log', 'utf8'), 'preStop\ngot TERM\n');
    rmSync('/tmp/kts-graceful-test', { recursive: true, force: true });
  });

  test('a process that ignores SIGTERM is killed after the grace period', async () => {
    await apply(pod('stubborn', { terminationGracePeriodSeconds: 2, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done'] }] }));
    await eventually(() => get('stubborn'), (p) => p.status.phase === 'Running');
    const started = Date.now();
    await kubectl.ok(['delete', 'pod', 'stubborn']);
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds >= 1.9, `deletion waited for the grace period (${seconds}s)`);
  });

  test('OOMKilled under a memory limit', { skip: isRoot ? false : 'needs root (memory cgroup)' }, async () => {
    await apply(
      pod('oom', {
        restartPolicy: 'Never',
        containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done'], resources: { limits: { memory: '32Mi' } } }],
      }),
    );
    const done = await eventually(() => get('oom'), (p) => p.status.phase === 'Failed', 30_000);
    const terminated = done.status.containerStatuses?.[0]?.state.terminated;
    assert.deepEqual([terminated?.exitCode, terminated?.reason], [137, 'OOMKilled']);
    assert.match(await kubectl.ok(['get', 'pod', 'oom']), /oom +0\/1 +OOMKilled +0 /);
  });
});
