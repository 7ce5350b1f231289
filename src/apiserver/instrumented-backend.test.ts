import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openBackend } from '../storage/open-backend.js';
import { StatusError } from '../util/errors.js';
import { createLogger } from '../util/logging.js';
import { InstrumentedBackend } from './instrumented-backend.js';
import { ApiServerMetrics } from './metrics.js';

const RESOURCES = [
  { prefix: '/registry/services/', definition: { group: '', resource: 'services' } },
  { prefix: '/registry/services/endpoints/', definition: { group: '', resource: 'endpoints' } },
  { prefix: '/registry/roles/', definition: { group: 'rbac.authorization.k8s.io', resource: 'roles' } },
];

function count(text: string, operation: string, type: string): number {
  const match = new RegExp(`^etcd_request_duration_seconds_count\\{operation="${operation}",type="${type.replaceAll('.', '\\.')}"\\} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

test('every store call is timed by operation and resource, failures included', async () => {
  const inner = await openBackend('memory://', { logger: createLogger('test') });
  const metrics = new ApiServerMetrics();
  const backend = new InstrumentedBackend(inner, metrics, RESOURCES);
  try {
    const value = new TextEncoder().encode('{}');
    const { revision } = await backend.create('/registry/roles/ns/a', value);
    await assert.rejects(backend.create('/registry/roles/ns/a', value), (err: unknown) => err instanceof StatusError && err.code === 409);
    await backend.get('/registry/roles/ns/a');
    await backend.update('/registry/roles/ns/a', value, revision);
    await backend.list('/registry/roles/');
    await backend.create('/registry/services/endpoints/ns/e', value);
    await backend.create('/registry/services/specs/ns/s', value);
    await backend.create('/elsewhere', value);
    await backend.delete('/registry/roles/ns/a');
    await backend.currentRevision();
    const text = await metrics.text();
    assert.equal(count(text, 'create', 'roles.rbac.authorization.k8s.io'), 2);
    for (const op of ['get', 'update', 'list', 'delete']) assert.equal(count(text, op, 'roles.rbac.authorization.k8s.io'), 1, op);
    assert.equal(count(text, 'create', 'endpoints'), 1); // the longest prefix wins
    assert.equal(count(text, 'create', 'services'), 1);
    assert.equal(count(text, 'create', 'unknown'), 1);
    assert.equal(count(text, 'currentRevision', 'unknown'), 1);
    // The wrapper changes nothing else: the data went to the wrapped store.
    assert.equal((await inner.get('/registry/services/specs/ns/s')).kv?.key, '/registry/services/specs/ns/s');
  } finally {
    backend.dispose();
    await inner.dispose();
  }
});

test('an open watch is counted until it ends, once', async () => {
  const metrics = new ApiServerMetrics();
  const labels = { verb: 'WATCH', group: 'apps', version: 'v1', resource: 'deployments', subresource: '' };
  const done = metrics.longRunningStarted(labels, 'namespace');
  const gauge = /^apiserver_longrunning_requests\{verb="WATCH",group="apps",version="v1",resource="deployments",subresource="",scope="namespace",component="apiserver"\} (\d+)$/m;
  assert.equal(gauge.exec(await metrics.text())?.[1], '1');
  done();
  done();
  assert.equal(gauge.exec(await metrics.text())?.[1], '0');
});
