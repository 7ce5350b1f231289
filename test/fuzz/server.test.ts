/**
 * Fuzzes a running `kts server` over HTTP: random and mutated JSON, YAML and protobuf bodies as
 * creates, updates and the three patch kinds on a few resources. Every answer must be a success or
 * a Kubernetes Status with a 4xx code (never a 500, never a dropped connection), the server must
 * log no unexpected error, and it must still be ready afterwards. Seeded and deterministic.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { protoType } from '../../src/api/protobuf/registry.js';
import { KtsServer } from '../support/kts-server.js';
import { Random, hostileJSON, mutateBytes, mutateValue, randomValue } from './mutate.js';

/** Override with FUZZ_SEED (and FUZZ_CASES) to explore; failures print their case number. */
const SEED = Number(process.env['FUZZ_SEED'] ?? 4242);
const CASES = Number(process.env['FUZZ_CASES'] ?? 800);

interface Target {
  path: string;
  kind: string;
  schemaType: string;
  object: Record<string, unknown>;
}

const TARGETS: Target[] = [
  {
    path: '/api/v1/namespaces/fuzz/configmaps',
    kind: 'ConfigMap',
    schemaType: 'k8s.io.api.core.v1.ConfigMap',
    object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'base', labels: { a: 'b' } }, data: { k: 'v' } },
  },
  {
    path: '/api/v1/namespaces',
    kind: 'Namespace',
    schemaType: 'k8s.io.api.core.v1.Namespace',
    object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'base-ns', labels: { a: 'b' } } },
  },
  {
    path: '/apis/rbac.authorization.k8s.io/v1/namespaces/fuzz/roles',
    kind: 'Role',
    schemaType: 'k8s.io.api.rbac.v1.Role',
    object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'base' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  },
  {
    path: '/apis/coordination.k8s.io/v1/namespaces/fuzz/leases',
    kind: 'Lease',
    schemaType: 'k8s.io.api.coordination.v1.Lease',
    object: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'base' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } },
  },
];

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function protobufBody(target: Target): Buffer {
  const type = protoType(target.schemaType)!;
  const unknown = protoType('k8s.io.apimachinery.pkg.runtime.Unknown')!;
  const { apiVersion, kind, ...fields } = target.object;
  const raw = type.encode(type.fromObject(fields)).finish();
  return Buffer.concat([MAGIC, unknown.encode({ typeMeta: { apiVersion, kind }, raw }).finish()]);
}

const nameOf = (target: Target): string => (target.object['metadata'] as { name: string }).name;

describe('kts server under fuzzed request bodies', () => {
  const server = new KtsServer();
  before(async () => {
    await server.start(['--datastore-endpoint', 'memory://']);
    const created = await fetch(`${server.url}/api/v1/namespaces`, { method: 'POST', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fuzz' } }) });
    assert.equal(created.status, 201);
    for (const target of TARGETS) {
      const response = await fetch(`${server.url}${target.path}`, { method: 'POST', body: JSON.stringify(target.object) });
      assert.equal(response.status, 201, await response.text());
    }
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  test('every create, update and patch is answered with success or a 4xx Status', async () => {
    const random = new Random(SEED);
    const failures: string[] = [];
    const codes = new Map<number, number>();
    for (let n = 0; n < CASES; n++) {
      const target = random.pick(TARGETS);
      const verb = random.pick(['create', 'create', 'update', 'merge', 'strategic', 'json'] as const);
      const format = verb === 'create' || verb === 'update' ? random.pick(['json', 'json', 'yaml', 'protobuf'] as const) : 'json';
      let body: Buffer;
      if (format === 'protobuf') {
        body = mutateBytes(random, protobufBody(target));
      } else {
        const base = verb === 'json' ? [{ op: 'replace', path: '/metadata/labels', value: { a: 'c' } }] : target.object;
        const value = random.chance(0.85) ? mutateValue(random, base) : randomValue(random);
        // Creates need fresh names to reach validation and storage instead of AlreadyExists.
        if (verb === 'create' && value && typeof value === 'object' && !Array.isArray(value)) {
          const metadata = (value as Record<string, unknown>)['metadata'];
          if (metadata && typeof metadata === 'object' && !Array.isArray(metadata) && random.chance(0.7)) (metadata as Record<string, unknown>)['name'] = `f${n}`;
        }
        let text = format === 'yaml' ? toYaml(value) : JSON.stringify(value);
        if (format === 'json' && random.chance(0.1)) text = hostileJSON(random, text);
        body = random.chance(0.25) ? mutateBytes(random, Buffer.from(text)) : Buffer.from(text);
      }
      const contentType = {
        create: '',
        update: '',
        merge: 'application/merge-patch+json',
        strategic: 'application/strategic-merge-patch+json',
        json: 'application/json-patch+json',
      }[verb];
      const type = contentType || { json: 'application/json', yaml: 'application/yaml', protobuf: 'application/vnd.kubernetes.protobuf' }[format];
      const validation = random.pick(['', '?fieldValidation=Strict', '?fieldValidation=Ignore', '?dryRun=All']);
      const url = `${server.url}${target.path}${verb === 'create' ? '' : `/${nameOf(target)}`}${validation}`;
      const method = verb === 'create' ? 'POST' : verb === 'update' ? 'PUT' : 'PATCH';
      const describeCase = `case ${n}: ${method} ${url} (${type}) ${body.toString(format === 'protobuf' ? 'base64' : 'utf8').slice(0, 200)}`;
      let response: Response;
      try {
        response = await fetch(url, { method, headers: { 'Content-Type': type }, body });
      } catch (err) {
        failures.push(`${describeCase}: request failed: ${String(err)}`);
        continue;
      }
      codes.set(response.status, (codes.get(response.status) ?? 0) + 1);
      const text = await response.text();
      if (response.status >= 500) failures.push(`${describeCase}: ${response.status} ${text.slice(0, 300)}`);
      else if (response.status >= 400) {
        const status = JSON.parse(text) as { kind?: string; code?: number; status?: string };
        if (status.kind !== 'Status' || status.code !== response.status || status.status !== 'Failure') failures.push(`${describeCase}: not a Status: ${text.slice(0, 300)}`);
      }
    }
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} bad answers; first ones shown`);
    // The mix must reach past decoding: successes and validation errors both occur.
    assert.ok((codes.get(201) ?? 0) > 10, `too few successful creates: ${JSON.stringify([...codes])}`);
    assert.ok((codes.get(200) ?? 0) > 10, `too few successful updates and patches: ${JSON.stringify([...codes])}`);
    assert.ok((codes.get(422) ?? 0) > 10, `too few validation errors: ${JSON.stringify([...codes])}`);
    assert.ok((codes.get(400) ?? 0) > 10, `too few decoding errors: ${JSON.stringify([...codes])}`);
  });

  test('the server is still healthy and logged no unexpected error', async () => {
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(await ready.text(), 'ok');
    const list = await fetch(`${server.url}/api/v1/namespaces/fuzz/configmaps`);
    assert.equal(list.status, 200);
    assert.doesNotMatch(server.log, /"msg":"request failed"/);
  });
});
