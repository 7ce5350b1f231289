import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { StatusError } from '../../util/errors.js';
import { decodeKubernetesProtobuf, messageName } from './decode.js';
import { protoType } from './registry.js';

const MAGIC = Buffer.from('k8s\0', 'latin1');

function envelope(apiVersion: string, kind: string, raw: Uint8Array): Buffer {
  const unknown = protoType('k8s.io.apimachinery.pkg.runtime.Unknown')!;
  return Buffer.concat([MAGIC, unknown.encode({ typeMeta: { apiVersion, kind }, raw }).finish()]);
}

test('messages are found by apiVersion and kind', () => {
  assert.equal(messageName('v1', 'Pod'), 'k8s.io.api.core.v1.Pod');
  assert.equal(messageName('apps/v1', 'Deployment'), 'k8s.io.api.apps.v1.Deployment');
  assert.equal(messageName('rbac.authorization.k8s.io/v1', 'Role'), 'k8s.io.api.rbac.v1.Role');
  assert.equal(messageName('meta.k8s.io/v1', 'DeleteOptions'), 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions');
});

test('special types decode to their JSON forms; inline fields are flattened', () => {
  const pod = protoType('k8s.io.api.core.v1.Pod')!;
  const raw = pod
    .encode({
      metadata: { name: 'p', creationTimestamp: { seconds: 1700000000 }, labels: { app: 'web' } },
      spec: {
        containers: [{ name: 'c', resources: { limits: { cpu: { string: '500m' } } }, ports: [{ containerPort: 80 }] }],
        volumes: [{ name: 'v', volumeSource: { configMap: { localObjectReference: { name: 'cm' } } } }],
        terminationGracePeriodSeconds: 0,
      },
    })
    .finish();
  const decoded = decodeKubernetesProtobuf(envelope('v1', 'Pod', raw));
  assert.deepEqual(decoded, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', creationTimestamp: '2023-11-14T22:13:20Z', labels: { app: 'web' } },
    spec: {
      volumes: [{ name: 'v', configMap: { name: 'cm' } }],
      containers: [{ name: 'c', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m' } } }],
      terminationGracePeriodSeconds: 0,
    },
  });
});

test('bad bodies are 400s, never crashes', () => {
  const is400 = (err: unknown): boolean => err instanceof StatusError && err.code === 400;
  assert.throws(() => decodeKubernetesProtobuf(Buffer.from('{"kind":"Pod"}')), is400);
  assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'NoSuchKind', new Uint8Array())), is400);
  assert.throws(() => decodeKubernetesProtobuf(envelope('v1', 'Pod', Buffer.from([0xff, 0xff, 0xff]))), is400);
  for (let i = 0; i < 2000; i++) {
    const body = i % 2 === 0 ? Buffer.concat([MAGIC, randomBytes(i % 64)]) : envelope('v1', 'Pod', randomBytes(i % 200));
    try {
      decodeKubernetesProtobuf(body);
    } catch (err) {
      assert.ok(is400(err), `input ${body.toString('hex')} threw ${String(err)}`);
    }
  }
});
