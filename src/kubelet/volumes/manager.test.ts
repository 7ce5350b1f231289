import assert from 'node:assert/strict';
import { lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { VolumeLike } from '../../api/validation/pod/shapes.js';
import { NotFoundError } from '../../util/errors.js';
import type { ConfigMapLike, PodLike, SecretLike } from '../env/sources.js';
import { PodVolumesError } from './errors.js';
import { VolumeManager, type VolumeManagerOptions } from './manager.js';
import { mountPointsUnder, unmount } from './mounts-table.js';

const isRoot = process.getuid?.() === 0;
const b64 = (text: string): string => Buffer.from(text).toString('base64');

interface World {
  root: string;
  manager: VolumeManager;
  configMaps: Map<string, ConfigMapLike>;
  secrets: Map<string, SecretLike>;
  tokens: string[];
  now: { ms: number };
}

async function world(t: TestContext, options: Partial<VolumeManagerOptions> = {}): Promise<World> {
  const root = await mkdtemp(path.join(tmpdir(), 'kts-volumes-'));
  const configMaps = new Map<string, ConfigMapLike>();
  const secrets = new Map<string, SecretLike>();
  const tokens: string[] = [];
  const now = { ms: Date.parse('2026-01-01T00:00:00Z') };
  const manager = new VolumeManager({
    rootDir: root,
    resyncIntervalMs: 0,
    sources: {
      getConfigMap: (ns, name) => {
        const cm = configMaps.get(`${ns}/${name}`);
        if (!cm) throw new NotFoundError(`configmaps "${name}" not found`);
        return structuredClone(cm);
      },
      getSecret: async (ns, name) => {
        const s = secrets.get(`${ns}/${name}`);
        if (!s) throw new NotFoundError(`secrets "${name}" not found`);
        return structuredClone(s);
      },
      requestToken: (ns, sa, spec) => {
        const token = `token-${tokens.length + 1}:${ns}:${sa}:${spec.audience ?? ''}:${spec.boundPod.name}`;
        tokens.push(token);
        return { token, expirationTimestamp: new Date(now.ms + spec.expirationSeconds * 1000).toISOString() };
      },
      nodeAllocatable: () => ({ cpu: '4', memory: '1Gi' }),
    },
    tokens: { now: () => now.ms, jitterMs: () => 0 },
    ...options,
  });
  t.after(async () => {
    for (const uid of manager.podUids()) await manager.tearDownPod(uid);
    await manager.dispose();
    for (const point of await mountPointsUnder(root)) await unmount(point); // only if a test failed midway
    await rm(root, { recursive: true, force: true });
  });
  return { root, manager, configMaps, secrets, tokens, now };
}

let uidCounter = 0;
function pod(volumes: VolumeLike[], extra: Partial<NonNullable<PodLike['spec']>> = {}, labels: Record<string, string> = { app: 'web' }): PodLike {
  return {
    metadata: { name: 'web-1', namespace: 'app', uid: `uid-${++uidCounter}`, labels, annotations: { note: 'hi' } },
    spec: { serviceAccountName: 'builder', containers: [{ name: 'main', resources: { limits: { memory: '256Mi' } } }], volumes, ...extra },
  };
}

async function text(p: string): Promise<string> {
  return readFile(p, 'utf8');
}

async function mode(p: string): Promise<number> {
  return (await stat(p)).mode & 0o7777;
}

test('volumes live under pods/<uid>/volumes/kubernetes.io~<plugin>/<name>; hostPath is the host path', async (t) => {
  const w = await world(t);
  w.configMaps.set('app/cfg', { data: { a: '1' } });
  w.secrets.set('app/s', { data: { b: b64('2') } });
  const host = path.join(w.root, 'host-data');
  const p = pod([
    { name: 'scratch', emptyDir: {} },
    { name: 'cfg', configMap: { name: 'cfg' } },
    { name: 'sec', secret: { secretName: 's' } },
    { name: 'meta', downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
    { name: 'all', projected: { sources: [{ configMap: { name: 'cfg' } }] } },
    { name: 'host', hostPath: { path: host, type: 'DirectoryOrCreate' } },
  ]);
  const paths = await w.manager.setUpPod(p);
  const volumes = path.join(w.root, 'pods', p.metadata!.uid!, 'volumes');
  assert.deepEqual(Object.fromEntries(paths), {
    scratch: path.join(volumes, 'kubernetes.io~empty-dir/scratch'),
    cfg: path.join(volumes, 'kubernetes.io~configmap/cfg'),
    sec: path.join(volumes, 'kubernetes.io~secret/sec'),
    meta: path.join(volumes, 'kubernetes.io~downward-api/meta'),
    all: path.join(volumes, 'kubernetes.io~projected/all'),
    host,
  });
  assert.equal(await mode(paths.get('scratch')!), 0o777);
  assert.equal(await text(path.join(paths.get('cfg')!, 'a')), '1');
  assert.equal(await text(path.join(paths.get('sec')!, 'b')), '2');
  assert.equal(await text(path.join(paths.get('meta')!, 'name')), 'web-1');
  assert.equal(await text(path.join(paths.get('all')!, 'a')), '1');
  assert.ok((await stat(host)).isDirectory());
  // Setting up again is idempotent.
  assert.deepEqual(await w.manager.setUpPod(p), paths);
});

test('configMap: data and binaryData, items with per-item modes, defaultMode, symlinks through ..data', async (t) => {
  const w = await world(t);
  w.configMaps.set('app/cfg', { data: { 'app.conf': 'x=1', other: 'o' }, binaryData: { 'logo.bin': b64('\u0000\u0001') } });
  const p = pod([
    { name: 'all', configMap: { name: 'cfg' } },
    { name: 'picked', configMap: { name: 'cfg', defaultMode: 0o440, items: [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o400 }, { key: 'logo.bin', path: 'logo' }] } },
  ]);
  const paths = await w.manager.setUpPod(p);
  const all = paths.get('all')!;
  assert.deepEqual((await readdir(all)).filter((n) => !n.startsWith('..')).sort(), ['app.conf', 'logo.bin', 'other']);
  assert.equal(await readlink(path.join(all, 'app.conf')), '..data/app.conf');
  assert.equal(await mode(path.join(all, 'app.conf')), 0o644);
  assert.deepEqual(await readFile(path.join(all, 'logo.bin')), Buffer.from([0, 1]));
  const picked = paths.get('picked')!;
  assert.deepEqual((await readdir(picked)).filter((n) => !n.startsWith('..')).sort(), ['conf', 'logo']);
  assert.equal(await text(path.join(picked, 'conf/app.conf')), 'x=1');
  assert.equal(await mode(path.join(picked, 'conf/app.conf')), 0o400);
  assert.equal(await mode(path.join(picked, 'logo')), 0o440);
});

test('a missing configMap or secret fails its volume with upstream messages; optional ones are empty', async (t) => {
  const w = await world(t);
  w.configMaps.set('app/cfg', { data: { a: '1' } });
  const p = pod([
    { name: 'ok', emptyDir: {} },
    { name: 'cfg', configMap: { name: 'missing' } },
    { name: 'sec', secret: { secretName: 'nope' } },
    { name: 'key', configMap: { name: 'cfg', items: [{ key: 'zzz', path: 'z' }] } },
    { name: 'opt', configMap: { name: 'missing', optional: true } },
    { name: 'optkey', configMap: { name: 'cfg', optional: true, items: [{ key: 'zzz', path: 'z' }, { key: 'a', path: 'a' }] } },
    { name: 'pvc', persistentVolumeClaim: { claimName: 'data' } },
  ]);
  const err: unknown = await w.manager.setUpPod(p).then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof PodVolumesError);
  assert.deepEqual(err.failures.map((f) => f.eventMessage), [
    'MountVolume.SetUp failed for volume "cfg" : configmap "missing" not found',
    'MountVolume.SetUp failed for volume "sec" : secret "nope" not found',
    'MountVolume.SetUp failed for volume "key" : configmap references non-existent config key: zzz',
    'MountVolume.SetUp failed for volume "pvc" : persistentVolumeClaim volumes are not supported by this kubelet yet (claim "data")',
  ]);
  assert.deepEqual(err.volumeNames, ['cfg', 'sec', 'key', 'pvc']);
  const volumes = path.join(w.root, 'pods', p.metadata!.uid!, 'volumes');
  await assert.rejects(lstat(path.join(volumes, 'kubernetes.io~configmap/cfg')), { code: 'ENOENT' });
  assert.deepEqual((await readdir(path.join(volumes, 'kubernetes.io~configmap/opt'))).filter((n) => !n.startsWith('..')), []);
  assert.deepEqual((await readdir(path.join(volumes, 'kubernetes.io~configmap/optkey'))).filter((n) => !n.startsWith('..')), ['a']);

  // Once the objects exist a retry succeeds.
  w.configMaps.set('app/missing', { data: { m: 'm' } });
  w.secrets.set('app/nope', { data: { s: b64('s') } });
  w.configMaps.set('app/cfg', { data: { a: '1', zzz: 'z' } });
  const retry: unknown = await w.manager.setUpPod(p).then(() => undefined, (e: unknown) => e);
  assert.ok(retry instanceof PodVolumesError);
  assert.deepEqual(retry.volumeNames, ['pvc']);
  assert.equal(await text(path.join(volumes, 'kubernetes.io~configmap/cfg/m')), 'm');
});

test('refresh propagates configMap and secret updates and new labels; unchanged content is not rewritten', async (t) => {
  const w = await world(t);
  w.configMaps.set('app/cfg', { data: { a: '1', b: 'b' } });
  w.secrets.set('app/s', { data: { pw: b64('old') } });
  const p = pod([
    { name: 'cfg', configMap: { name: 'cfg' } },
    { name: 'sec', secret: { secretName: 's' } },
    { name: 'meta', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
  ]);
  const paths = await w.manager.setUpPod(p);
  const cfg = paths.get('cfg')!;
  const before = await readlink(path.join(cfg, '..data'));

  await w.manager.refresh(p);
  assert.equal(await readlink(path.join(cfg, '..data')), before, 'no rewrite without change');

  w.configMaps.set('app/cfg', { data: { a: '2' } });
  w.secrets.set('app/s', { data: { pw: b64('new') } });
  await w.manager.refresh({ ...p, metadata: { ...p.metadata, labels: { app: 'web', version: 'v2' } } });
  assert.equal(await text(path.join(cfg, 'a')), '2');
  await assert.rejects(lstat(path.join(cfg, 'b')), { code: 'ENOENT' });
  assert.equal(await text(path.join(paths.get('sec')!, 'pw')), 'new');
  assert.equal(await text(path.join(paths.get('meta')!, 'labels')), 'app="web"\nversion="v2"');
});

test('resyncAll updates every pod and reports failures while keeping old contents', async (t) => {
  const failures: string[] = [];
  const w = await world(t, { onResyncError: (p, err) => failures.push(`${p.metadata!.uid}: ${err.message}`) });
  w.configMaps.set('app/cfg', { data: { a: '1' } });
  const p = pod([{ name: 'cfg', configMap: { name: 'cfg' } }]);
  const paths = await w.manager.setUpPod(p);
  w.configMaps.set('app/cfg', { data: { a: '2' } });
  await w.manager.resyncAll();
  assert.equal(await text(path.join(paths.get('cfg')!, 'a')), '2');
  w.configMaps.delete('app/cfg');
  await w.manager.resyncAll();
  assert.deepEqual(failures, [`${p.metadata!.uid}: MountVolume.SetUp failed for volume "cfg" : configmap "cfg" not found`]);
  assert.equal(await text(path.join(paths.get('cfg')!, 'a')), '2');
});

test('the resync timer propagates updates without being asked', async (t) => {
  const w = await world(t, { resyncIntervalMs: 20 });
  w.configMaps.set('app/cfg', { data: { a: '1' } });
  const paths = await w.manager.setUpPod(pod([{ name: 'cfg', configMap: { name: 'cfg' } }]));
  w.configMaps.set('app/cfg', { data: { a: 'timer' } });
  const file = path.join(paths.get('cfg')!, 'a');
  while ((await text(file)) !== 'timer') await new Promise((resolve) => setTimeout(resolve, 10));
});

test('downwardAPI files: fields, resources with divisor and node allocatable, item modes', async (t) => {
  const w = await world(t);
  const p = pod([
    {
      name: 'meta',
      downwardAPI: {
        defaultMode: 0o400,
        items: [
          { path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } },
          { path: 'note', fieldRef: { fieldPath: "metadata.annotations['note']" }, mode: 0o444 },
          { path: 'mem', resourceFieldRef: { containerName: 'main', resource: 'limits.memory', divisor: '1Mi' } },
          { path: 'cpu', resourceFieldRef: { containerName: 'main', resource: 'limits.cpu', divisor: '1m' } },
        ],
      },
    },
  ]);
  const dir = (await w.manager.setUpPod(p)).get('meta')!;
  assert.deepEqual([await text(path.join(dir, 'ns')), await text(path.join(dir, 'note')), await text(path.join(dir, 'mem')), await text(path.join(dir, 'cpu'))], ['app', 'hi', '256', '4000']);
  assert.equal(await mode(path.join(dir, 'ns')), 0o400);
  assert.equal(await mode(path.join(dir, 'note')), 0o444);
});

test('projected: configMap, secret, downwardAPI and a ServiceAccount token refreshed at 80% of its life', async (t) => {
  const w = await world(t);
  w.configMaps.set('app/cfg', { data: { 'ca.crt': 'CA' } });
  w.secrets.set('app/s', { data: { user: b64('admin') } });
  const p = pod([
    {
      name: 'kube-api-access',
      projected: {
        defaultMode: 0o420,
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
          { serviceAccountToken: { path: 'vault-token', audience: 'vault', expirationSeconds: 600 } },
          { configMap: { name: 'cfg', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { secret: { name: 's' } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          { configMap: { name: 'absent', optional: true } },
        ],
      },
    },
  ]);
  const dir = (await w.manager.setUpPod(p)).get('kube-api-access')!;
  assert.equal(await text(path.join(dir, 'token')), 'token-1:app:builder::web-1');
  assert.equal(await text(path.join(dir, 'vault-token')), 'token-2:app:builder:vault:web-1');
  assert.equal(await text(path.join(dir, 'ca.crt')), 'CA');
  assert.equal(await text(path.join(dir, 'user')), 'admin');
  assert.equal(await text(path.join(dir, 'namespace')), 'app');
  assert.equal(await mode(path.join(dir, 'token')), 0o420);

  w.now.ms += 0.5 * 600_000;
  await w.manager.refresh(p);
  assert.equal(w.tokens.length, 2, 'no token is refreshed before 80% of its lifetime');
  w.now.ms += 0.35 * 600_000; // vault token at 85%, main token at ~15%
  await w.manager.refresh(p);
  assert.equal(await text(path.join(dir, 'vault-token')), 'token-3:app:builder:vault:web-1');
  assert.equal(await text(path.join(dir, 'token')), 'token-1:app:builder::web-1');
});

test('projected errors are aggregated into one message', async (t) => {
  const w = await world(t);
  const p = pod([{ name: 'proj', projected: { sources: [{ configMap: { name: 'a' } }, { secret: { name: 'b' } }] } }]);
  await assert.rejects(w.manager.setUpPod(p), {
    message: 'MountVolume.SetUp failed for volume "proj" : [configmap "a" not found, secret "b" not found]',
  });
});

test('memory-backed volumes are tmpfs mounts sized as upstream, and teardown unmounts them', { skip: !isRoot && 'needs root to mount tmpfs' }, async (t) => {
  const w = await world(t);
  w.secrets.set('app/s', { data: { k: b64('v') } });
  const p = pod([
    { name: 'mem', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    { name: 'mem-big', emptyDir: { medium: 'Memory', sizeLimit: '10Gi' } },
    { name: 'disk', emptyDir: {} },
    { name: 'sec', secret: { secretName: 's' } },
  ]);
  const paths = await w.manager.setUpPod(p);
  const podDir = path.join(w.root, 'pods', p.metadata!.uid!);
  const mounted = await mountPointsUnder(podDir);
  assert.deepEqual(mounted.sort(), [paths.get('mem')!, paths.get('mem-big')!, paths.get('sec')!].sort());
  const table = await readFile('/proc/self/mountinfo', 'utf8');
  const sizeOf = (dir: string): string => /size=(\d+k)/.exec(table.split('\n').find((l) => l.split(' ')[4] === dir)!)![1]!;
  assert.equal(sizeOf(paths.get('mem')!), `${64 * 1024}k`);
  assert.equal(sizeOf(paths.get('mem-big')!), `${256 * 1024}k`, 'capped by the pod memory limit');
  assert.equal(sizeOf(paths.get('sec')!), `${256 * 1024}k`);
  assert.equal(await mode(paths.get('mem')!), 0o777);
  await writeFile(path.join(paths.get('mem')!, 'x'), 'data');

  await w.manager.setUpPod(p); // idempotent: no second mount
  assert.equal((await mountPointsUnder(podDir)).length, 3);

  await w.manager.tearDownPod(p.metadata!.uid!);
  assert.deepEqual(await mountPointsUnder(podDir), []);
  await assert.rejects(lstat(podDir), { code: 'ENOENT' });
});

test('without tmpfs, memory-backed volumes are plain directories', async (t) => {
  const w = await world(t, { useTmpfs: false });
  w.secrets.set('app/s', { data: { k: b64('v') } });
  const p = pod([{ name: 'mem', emptyDir: { medium: 'Memory' } }, { name: 'sec', secret: { secretName: 's' } }]);
  const paths = await w.manager.setUpPod(p);
  assert.deepEqual(await mountPointsUnder(path.join(w.root, 'pods')), []);
  assert.equal(await text(path.join(paths.get('sec')!, 'k')), 'v');
});

test('teardown removes the pod directory and is safe to repeat', async (t) => {
  const w = await world(t);
  const p = pod([{ name: 'scratch', emptyDir: {} }]);
  const paths = await w.manager.setUpPod(p);
  await writeFile(path.join(paths.get('scratch')!, 'f'), 'x');
  await w.manager.tearDownPod(p.metadata!.uid!);
  await assert.rejects(lstat(path.join(w.root, 'pods', p.metadata!.uid!)), { code: 'ENOENT' });
  await w.manager.tearDownPod(p.metadata!.uid!);
  assert.deepEqual(w.manager.podUids(), []);
  await assert.rejects(w.manager.tearDownPod('../escape'), /invalid uid/);
});

test('mountsFor: read-only kinds, readOnly mounts, subPath and subPathExpr', async (t) => {
  const w = await world(t);
  w.configMaps.set('app/cfg', { data: { 'app.conf': 'x' } });
  const host = path.join(w.root, 'host');
  const p = pod([
    { name: 'scratch', emptyDir: {} },
    { name: 'cfg', configMap: { name: 'cfg' } },
    { name: 'host', hostPath: { path: host, type: 'DirectoryOrCreate' } },
  ]);
  const paths = await w.manager.setUpPod(p);
  const container = {
    name: 'main',
    volumeMounts: [
      { name: 'scratch', mountPath: '/scratch' },
      { name: 'scratch', mountPath: '/ro-scratch', readOnly: true },
      { name: 'cfg', mountPath: '/etc/app' },
      { name: 'cfg', mountPath: '/etc/app.conf', subPath: 'app.conf' },
      { name: 'scratch', mountPath: '/logs', subPathExpr: 'logs/$(POD_NAME)' },
      { name: 'host', mountPath: '/host' },
    ],
  };
  const mounts = await w.manager.mountsFor(p, container, paths, [{ name: 'POD_NAME', value: 'web-1' }]);
  assert.deepEqual(mounts, [
    { containerPath: '/scratch', hostPath: paths.get('scratch'), readOnly: false },
    { containerPath: '/ro-scratch', hostPath: paths.get('scratch'), readOnly: true },
    { containerPath: '/etc/app', hostPath: paths.get('cfg'), readOnly: true },
    { containerPath: '/etc/app.conf', hostPath: path.join(paths.get('cfg')!, 'app.conf'), readOnly: true },
    { containerPath: '/logs', hostPath: path.join(paths.get('scratch')!, 'logs/web-1'), readOnly: false },
    { containerPath: '/host', hostPath: host, readOnly: false },
  ]);
  assert.ok((await stat(path.join(paths.get('scratch')!, 'logs/web-1'))).isDirectory(), 'a missing subPath is created');
  assert.equal(await mode(path.join(paths.get('scratch')!, 'logs/web-1')), 0o777);
});

test('mountsFor refuses bad subPaths and unknown volumes with upstream messages', async (t) => {
  const w = await world(t);
  const p = pod([{ name: 'scratch', emptyDir: {} }]);
  const paths = await w.manager.setUpPod(p);
  const outside = path.join(w.root, 'outside');
  await mkdir(outside);
  await symlink(outside, path.join(paths.get('scratch')!, 'escape'));
  const one = (vm: Record<string, unknown>, env: { name: string; value: string }[] = []) => w.manager.mountsFor(p, { name: 'main', volumeMounts: [{ name: 'scratch', mountPath: '/m', ...vm }] }, paths, env);
  await assert.rejects(one({ name: 'ghost' }), { message: 'cannot find volume "ghost" to mount into container "main"' });
  await assert.rejects(one({ subPath: '/etc' }), { message: 'error SubPath `/etc` must not be an absolute path' });
  await assert.rejects(one({ subPath: 'a/../../b' }), { message: "unable to provision SubPath `a/../../b`: must not contain '..'" });
  await assert.rejects(one({ subPathExpr: '$(MISSING)' }), { message: 'missing value for MISSING' });
  await assert.rejects(one({ subPath: 'escape' }), { message: 'failed to prepare subPath for volumeMount "scratch" of container "main"' });
  await assert.rejects(one({ subPath: 'escape/new-dir' }), { message: 'failed to prepare subPath for volumeMount "scratch" of container "main"' });
  assert.deepEqual(await readdir(outside), [], 'nothing was created outside the volume');
});
