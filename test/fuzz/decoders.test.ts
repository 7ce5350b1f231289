/**
 * Fuzzes the request body decoders and what runs on their output before storage: random and
 * mutated JSON, YAML and Kubernetes protobuf bodies through the real decode functions, the
 * structure check (`checkObject`) and the three patch kinds. Every input must either decode or be
 * refused with a 4xx StatusError; anything else (a TypeError, a RangeError, a 5xx) is a crash the
 * API server would answer with 500. Seeded and deterministic; a few thousand cases in seconds.
 */
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import { stringify as toYaml } from 'yaml';
import { applyStrategicMergePatch } from '../../src/api/patch/strategic-merge.js';
import { decodeKubernetesProtobuf } from '../../src/api/protobuf/decode.js';
import { protoType } from '../../src/api/protobuf/registry.js';
import { jsonPatch, mergePatch } from '../../src/apiserver/handlers/patch.js';
import { checkObject } from '../../src/apiserver/handlers/read-object.js';
import { decodeBodyFields } from '../../src/apiserver/http/body.js';
import type { KubeObject } from '../../src/apiserver/registry/generic/object.js';
import { RESOURCES } from '../../src/apiserver/registry/resources.js';
import { StatusError } from '../../src/util/errors.js';
import { Random, hostileJSON, mutateBytes, mutateValue, randomValue } from './mutate.js';

/** Override with FUZZ_SEED (and FUZZ_CASES) to explore; failures print their case number. */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261205);
const CASES = Number(process.env['FUZZ_CASES'] ?? 3000);

/** Valid objects of a few served kinds, the starting points of mutations. */
const SEEDS: { kind: string; object: KubeObject }[] = [
  { kind: 'ConfigMap', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default', labels: { a: 'b' } }, data: { k: 'v' } } },
  { kind: 'Namespace', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', finalizers: ['x'] }, spec: { finalizers: ['kubernetes'] } } },
  {
    kind: 'Role',
    object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] },
  },
  {
    kind: 'Lease',
    object: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: 'default' }, spec: { holderIdentity: 'me', leaseDurationSeconds: 15 } },
  },
];

const resourceOf = (kind: string) => RESOURCES.find((r) => r.definition.kind === kind)!;

/** A response that only collects Warning headers. */
function fakeResponse(): ServerResponse {
  const headers = new Map<string, unknown>();
  return { getHeader: (n: string) => headers.get(n.toLowerCase()), setHeader: (n: string, v: unknown) => headers.set(n.toLowerCase(), v) } as unknown as ServerResponse;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function protobufBody(object: KubeObject, typeName: string): Buffer {
  const type = protoType(typeName)!;
  const unknown = protoType('k8s.io.apimachinery.pkg.runtime.Unknown')!;
  const { apiVersion, kind, ...fields } = object;
  const raw = type.encode(type.fromObject(fields)).finish();
  return Buffer.concat([MAGIC, unknown.encode({ typeMeta: { apiVersion, kind }, raw }).finish()]);
}

const YAML_HOSTILE = [
  'a: &a [1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
  'metadata: !!binary aGVsbG8=\n',
  'metadata:\n  <<: {name: merged}\n',
  '--- {a: 1}\n--- {b: 2}\n',
  'metadata: {name: x}\ndata: !!set {a, b}\n',
  'metadata: {name: x, name: y}\n',
  '? [complex, key]\n: value\n',
  'metadata: !custom {name: x}\n',
  '*undefined\n',
  '\t\ttabs: 1\n',
];

interface Failure {
  case: number;
  what: string;
  input: string;
  error: string;
}

test('decoders and the checks after them answer every input with a value or a 4xx', () => {
  const random = new Random(SEED);
  const failures: Failure[] = [];
  let decoded = 0;
  for (let n = 0; n < CASES; n++) {
    const seed = random.pick(SEEDS);
    const resource = resourceOf(seed.kind);
    const format = random.pick(['json', 'json', 'yaml', 'protobuf'] as const);
    let body: Buffer;
    if (format === 'protobuf') {
      body = mutateBytes(random, protobufBody(seed.object, resource.schemaType));
    } else {
      const value = random.chance(0.8) ? mutateValue(random, seed.object) : randomValue(random);
      let text = format === 'json' ? JSON.stringify(value) : toYaml(value);
      if (format === 'json' && random.chance(0.15)) text = hostileJSON(random, text);
      if (format === 'yaml' && random.chance(0.1)) text = random.pick(YAML_HOSTILE);
      body = random.chance(0.3) ? mutateBytes(random, Buffer.from(text)) : Buffer.from(text);
    }
    const attempt = (what: string, run: () => unknown): unknown => {
      try {
        return run();
      } catch (err) {
        if (err instanceof StatusError && err.code >= 400 && err.code < 500) return undefined;
        failures.push({ case: n, what, input: body.toString(format === 'protobuf' ? 'base64' : 'utf8').slice(0, 300), error: String((err as Error)?.stack ?? err).slice(0, 400) });
        return undefined;
      }
    };
    const value = attempt(`decode ${format}`, () =>
      format === 'protobuf' ? decodeKubernetesProtobuf(body) : decodeBodyFields(format === 'json' ? 'application/json' : 'application/yaml', body).value,
    );
    if (value === undefined) continue;
    decoded++;
    const query = new URLSearchParams({ fieldValidation: random.pick(['Strict', 'Warn', 'Ignore']) });
    // The decoded value as a patch of the seed object, in all three patch kinds.
    for (const [kind, apply] of [
      ['merge', () => mergePatch(seed.object, value)],
      ['strategic', () => applyStrategicMergePatch(resource.schemaType, seed.object, value)],
      ['json', () => jsonPatch(seed.object, value)],
    ] as const) {
      const patched = attempt(`${kind} patch`, apply);
      if (patched && typeof patched === 'object' && !Array.isArray(patched)) {
        attempt(`checkObject after ${kind} patch`, () => checkObject(fakeResponse(), resource, patched as KubeObject, query));
      }
    }
    // Last, as it prunes unknown fields from the value.
    if (value && typeof value === 'object' && !Array.isArray(value)) attempt('checkObject', () => checkObject(fakeResponse(), resource, value as KubeObject, query));
  }
  assert.ok(decoded > CASES / 4, `only ${decoded} of ${CASES} inputs decoded; the mutations are too destructive to reach the checks`);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} crashes; first ones shown`);
});
