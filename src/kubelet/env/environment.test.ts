import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFoundError } from '../../util/errors.js';
import type { ContainerLike } from '../../api/validation/pod/shapes.js';
import type { KeyValue } from '../runtime/runtime.js';
import { makeEnvironmentVariables, REASON_INVALID_ENV_NAMES } from './environment.js';
import type { ConfigMapLike, EnvSources, PodLike, SecretLike, ServiceLike } from './sources.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');

interface Fixture {
  configMaps?: Record<string, ConfigMapLike>;
  secrets?: Record<string, SecretLike>;
  services?: ServiceLike[];
  warnings?: string[];
}

function sources(f: Fixture = {}): EnvSources & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    getConfigMap: (ns, name) => {
      reads.push(`cm ${ns}/${name}`);
      const cm = f.configMaps?.[`${ns}/${name}`];
      if (!cm) throw new NotFoundError(`configmaps "${name}" not found`);
      return cm;
    },
    getSecret: async (ns, name) => {
      reads.push(`secret ${ns}/${name}`);
      const s = f.secrets?.[`${ns}/${name}`];
      if (!s) throw new NotFoundError(`secrets "${name}" not found`);
      return s;
    },
    listServices: (ns) => (f.services ?? []).filter((s) => s.metadata?.namespace === ns),
    nodeAllocatable: { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi' },
    podIPs: ['10.42.0.5', 'fd00::5'],
    hostIPs: ['192.168.1.10', 'fd01::10'],
    warn: (reason, message) => f.warnings?.push(`${reason}: ${message}`),
  };
}

function pod(containers: ContainerLike[], extra: Partial<NonNullable<PodLike['spec']>> = {}): PodLike {
  return {
    metadata: { name: 'web-1', namespace: 'app', uid: 'uid-1', labels: { app: 'web', tier: 'front' }, annotations: { 'example.com/note': 'a "b"' } },
    spec: { nodeName: 'node-a', serviceAccountName: 'builder', containers, ...extra },
  };
}

async function envOf(container: ContainerLike, f: Fixture = {}, extra: Partial<NonNullable<PodLike['spec']>> = {}): Promise<KeyValue[]> {
  return makeEnvironmentVariables(pod([container], extra), container, sources(f));
}

function asRecord(env: KeyValue[]): Record<string, string> {
  return Object.fromEntries(env.map((e) => [e.name, e.value]));
}

const master: ServiceLike = { metadata: { name: 'kubernetes', namespace: 'default' }, spec: { clusterIP: '10.43.0.1', ports: [{ name: 'https', port: 443 }] } };
const web: ServiceLike = { metadata: { name: 'web', namespace: 'app' }, spec: { clusterIP: '10.43.0.9', ports: [{ port: 80 }] } };

test('service variables come first, then envFrom and env in definition order', async () => {
  const env = await envOf(
    { name: 'c', envFrom: [{ configMapRef: { name: 'cfg' } }], env: [{ name: 'Z', value: 'z' }, { name: 'A', value: 'a' }] },
    { services: [master, web], configMaps: { 'app/cfg': { data: { M: 'm' } } } },
  );
  const names = env.map((e) => e.name);
  assert.deepEqual(names.slice(-3), ['M', 'Z', 'A']);
  assert.equal(names[0], 'KUBERNETES_SERVICE_HOST');
  assert.ok(names.includes('WEB_SERVICE_HOST'));
  assert.equal(new Set(names).size, names.length, 'no duplicate names');
});

test('enableServiceLinks=false keeps only the kubernetes service', async () => {
  const env = asRecord(await envOf({ name: 'c' }, { services: [master, web] }, { enableServiceLinks: false }));
  assert.equal(env['KUBERNETES_SERVICE_HOST'], '10.43.0.1');
  assert.equal(env['KUBERNETES_SERVICE_PORT_HTTPS'], '443');
  assert.equal(env['WEB_SERVICE_HOST'], undefined);
});

test('env replaces envFrom and service variables of the same name, without duplicates', async () => {
  const env = await envOf(
    { name: 'c', envFrom: [{ configMapRef: { name: 'cfg' } }], env: [{ name: 'WEB_SERVICE_HOST', value: 'mine' }, { name: 'K', value: 'env' }] },
    { services: [web], configMaps: { 'app/cfg': { data: { K: 'from-cm', WEB_SERVICE_PORT: '1' } } } },
  );
  const values = env.filter((e) => e.name === 'WEB_SERVICE_HOST' || e.name === 'K' || e.name === 'WEB_SERVICE_PORT');
  // K keeps the place the ConfigMap gave it; the replaced service variables move to the envFrom/env part.
  assert.deepEqual(values, [
    { name: 'K', value: 'env' },
    { name: 'WEB_SERVICE_PORT', value: '1' },
    { name: 'WEB_SERVICE_HOST', value: 'mine' },
  ]);
});

test('values expand references to earlier variables and services, not later ones', async () => {
  const env = asRecord(
    await envOf(
      {
        name: 'c',
        envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'cfg' } }],
        env: [
          { name: 'FIRST', value: 'x' },
          { name: 'USES', value: '$(FIRST)-$(CFG_K)-$(WEB_SERVICE_HOST)-$(LATER)-$$(FIRST)' },
          { name: 'LATER', value: 'late' },
        ],
      },
      { services: [web], configMaps: { 'app/cfg': { data: { K: 'k' } } } },
    ),
  );
  assert.equal(env['USES'], 'x-k-10.43.0.9-$(LATER)-$(FIRST)');
});

test('envFrom: prefixes, secrets decoded, optional missing sources skipped', async () => {
  const env = asRecord(
    await envOf(
      {
        name: 'c',
        envFrom: [
          { prefix: 'DB_', secretRef: { name: 'db' } },
          { configMapRef: { name: 'absent', optional: true } },
          { secretRef: { name: 'absent', optional: true } },
          { configMapRef: { name: 'plain' } },
        ],
      },
      { secrets: { 'app/db': { data: { PASSWORD: b64('s3cret\n') } } }, configMaps: { 'app/plain': { data: { LEVEL: 'debug' }, binaryData: { BIN: b64('x') } } } },
    ),
  );
  assert.equal(env['DB_PASSWORD'], 's3cret\n');
  assert.equal(env['LEVEL'], 'debug');
  assert.equal(env['BIN'], undefined, 'binaryData is not exposed through envFrom');
});

test('envFrom skips invalid names and reports them sorted in one warning per source', async () => {
  const warnings: string[] = [];
  const env = asRecord(
    await envOf(
      { name: 'c', envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 's' } }] },
      { warnings, configMaps: { 'app/cfg': { data: { '2alsobad': '1', '1badkey': '2', good: '3', 'a.b-c': '4' } } }, secrets: { 'app/s': { data: { '9x': b64('v') } } } },
    ),
  );
  assert.deepEqual([env['good'], env['a.b-c'], env['1badkey']], ['3', '4', undefined]);
  assert.deepEqual(warnings, [
    `${REASON_INVALID_ENV_NAMES}: Keys [1badkey, 2alsobad] from the EnvFrom configMap app/cfg were skipped since they are considered invalid environment variable names.`,
    `${REASON_INVALID_ENV_NAMES}: Keys [9x] from the EnvFrom secret app/s were skipped since they are considered invalid environment variable names.`,
  ]);
});

test('missing sources fail with upstream messages', async () => {
  const cases: [ContainerLike, string][] = [
    [{ name: 'c', envFrom: [{ configMapRef: { name: 'x' } }] }, 'configmap "x" not found'],
    [{ name: 'c', envFrom: [{ secretRef: { name: 'x' } }] }, 'secret "x" not found'],
    [{ name: 'c', env: [{ name: 'V', valueFrom: { configMapKeyRef: { name: 'x', key: 'k' } } }] }, 'configmap "x" not found'],
    [{ name: 'c', env: [{ name: 'V', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] }, "couldn't find key k in ConfigMap app/cfg"],
    [{ name: 'c', env: [{ name: 'V', valueFrom: { secretKeyRef: { name: 'x', key: 'k' } } }] }, 'secret "x" not found'],
    [{ name: 'c', env: [{ name: 'V', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }, "couldn't find key k in Secret app/s"],
  ];
  for (const [container, message] of cases) {
    await assert.rejects(envOf(container, { configMaps: { 'app/cfg': { data: {} } }, secrets: { 'app/s': { data: {} } } }), { message });
  }
});

test('a getter failure other than NotFound passes through unchanged, even for optional references', async () => {
  const broken = { ...sources(), getConfigMap: () => Promise.reject(new Error('connection refused')) };
  const container = { name: 'c', envFrom: [{ configMapRef: { name: 'x', optional: true } }] };
  await assert.rejects(makeEnvironmentVariables(pod([container]), container, broken), { message: 'connection refused' });
});

test('key references: values, optional keys and sources skipped, each object read once', async () => {
  const f = { configMaps: { 'app/cfg': { data: { k: 'v', other: 'o' } } }, secrets: { 'app/s': { data: { token: b64('t0k') } } } };
  const container: ContainerLike = {
    name: 'c',
    env: [
      { name: 'CM', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } },
      { name: 'CM2', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'other' } } },
      { name: 'SEC', valueFrom: { secretKeyRef: { name: 's', key: 'token' } } },
      { name: 'OPT_KEY', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'nope', optional: true } } },
      { name: 'OPT_CM', valueFrom: { configMapKeyRef: { name: 'gone', key: 'k', optional: true } } },
      { name: 'OPT_SEC', valueFrom: { secretKeyRef: { name: 's', key: 'nope', optional: true } } },
      { name: 'EMPTY', value: '' },
    ],
  };
  const src = sources(f);
  const env = await makeEnvironmentVariables(pod([container]), container, src);
  assert.deepEqual(env.map((e) => `${e.name}=${e.value}`), ['CM=v', 'CM2=o', 'SEC=t0k', 'EMPTY=']);
  assert.deepEqual(src.reads, ['cm app/cfg', 'secret app/s', 'cm app/gone']);
});

test('fieldRef exposes pod metadata, spec and addresses', async () => {
  const field = (name: string, fieldPath: string): NonNullable<ContainerLike['env']>[number] => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });
  const env = asRecord(
    await envOf({
      name: 'c',
      env: [
        field('NAME', 'metadata.name'),
        field('NS', 'metadata.namespace'),
        field('UID', 'metadata.uid'),
        field('APP', "metadata.labels['app']"),
        field('MISSING', "metadata.labels['none']"),
        field('NOTE', "metadata.annotations['example.com/note']"),
        field('LABELS', 'metadata.labels'),
        field('NODE', 'spec.nodeName'),
        field('SA', 'spec.serviceAccountName'),
        field('HOST_IP', 'status.hostIP'),
        field('HOST_IPS', 'status.hostIPs'),
        field('POD_IP', 'status.podIP'),
        field('POD_IPS', 'status.podIPs'),
      ],
    }),
  );
  assert.deepEqual(
    { ...env },
    {
      NAME: 'web-1', NS: 'app', UID: 'uid-1', APP: 'web', MISSING: '', NOTE: 'a "b"', LABELS: 'app="web"\ntier="front"',
      NODE: 'node-a', SA: 'builder', HOST_IP: '192.168.1.10', HOST_IPS: '192.168.1.10,fd01::10', POD_IP: '10.42.0.5', POD_IPS: '10.42.0.5,fd00::5',
    },
  );
});

test('fieldRef errors: unsupported version, path and subscript', async () => {
  const one = (apiVersion: string, fieldPath: string): ContainerLike => ({ name: 'c', env: [{ name: 'V', valueFrom: { fieldRef: { apiVersion, fieldPath } } }] });
  await assert.rejects(envOf(one('v2', 'metadata.name')), { message: 'unsupported pod version: v2' });
  await assert.rejects(envOf(one('v1', 'spec.nope')), { message: 'field label not supported: spec.nope' });
  await assert.rejects(envOf(one('v1', "metadata.name['x']")), { message: "field label does not support subscript: metadata.name['x']" });
});

test('resourceFieldRef: divisor, rounding up, node allocatable for unset limits', async () => {
  const res = (name: string, resource: string, divisor?: string, containerName?: string): NonNullable<ContainerLike['env']>[number] => ({
    name,
    valueFrom: { resourceFieldRef: { resource, ...(divisor ? { divisor } : {}), ...(containerName ? { containerName } : {}) } },
  });
  const main: ContainerLike = {
    name: 'main',
    resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1500m' } },
    env: [
      res('CPU_LIMIT', 'limits.cpu'),
      res('CPU_LIMIT_M', 'limits.cpu', '1m'),
      res('CPU_REQ', 'requests.cpu'),
      res('CPU_REQ_M', 'requests.cpu', '1m'),
      res('MEM_REQ_MI', 'requests.memory', '1Mi'),
      res('MEM_REQ', 'requests.memory'),
      res('MEM_LIMIT_GI', 'limits.memory', '1Gi'),
      res('STORAGE_LIMIT_GI', 'limits.ephemeral-storage', '1Gi'),
      res('MEM_REQ_3M', 'requests.memory', '3M'),
      res('SIDE_MEM', 'limits.memory', '1Mi', 'side'),
      res('INIT_MEM', 'limits.memory', '1Mi', 'init'),
      res('HUGE', 'limits.hugepages-2Mi', '1Mi'),
    ],
  };
  const side: ContainerLike = { name: 'side', resources: { limits: { memory: '128Mi' } } };
  const init: ContainerLike = { name: 'init' };
  const p = pod([main, side], { initContainers: [init] });
  const env = asRecord(await makeEnvironmentVariables(p, main, sources()));
  assert.deepEqual(env, {
    CPU_LIMIT: '2',
    CPU_LIMIT_M: '1500',
    CPU_REQ: '1',
    CPU_REQ_M: '250',
    MEM_REQ_MI: '64',
    MEM_REQ: String(64 * 1024 * 1024),
    MEM_LIMIT_GI: '8',
    STORAGE_LIMIT_GI: '100',
    MEM_REQ_3M: String(Math.ceil((64 * 1024 * 1024) / 3e6)),
    SIDE_MEM: '128',
    INIT_MEM: '0',
    HUGE: '0',
  });
});

test('resourceFieldRef errors name the container or resource', async () => {
  const one = (resource: string, containerName?: string): ContainerLike => ({
    name: 'c',
    env: [{ name: 'V', valueFrom: { resourceFieldRef: { resource, ...(containerName ? { containerName } : {}) } } }],
  });
  await assert.rejects(envOf(one('limits.cpu', 'ghost')), { message: 'container ghost not found' });
  await assert.rejects(envOf(one('limits.gpu')), { message: 'unsupported container resource : limits.gpu' });
});
