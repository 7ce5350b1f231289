import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { invalid as invalidField } from '../../../api/field-errors.js';
import { isDNS1123Subdomain } from '../../../api/validation/names.js';
import { MemoryLog } from '../../../storage/drivers/memory/memory-log.js';
import { LogStructuredBackend } from '../../../storage/logstructured/backend.js';
import { StatusError } from '../../../util/errors.js';
import type { KubeObject } from './object.js';
import { GenericStore } from './store.js';
import { statusUpdate } from './subresource-update.js';
import type { ResourceStrategy } from './strategy.js';

/** A ConfigMap-like resource; pods-like grace when `spec.grace` is set. */
const strategy: ResourceStrategy = {
  group: '',
  resource: 'widgets',
  kind: 'Widget',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  prepareForCreate: (o) => void delete o['status'],
  prepareForUpdate: (o, old) => void (o['status'] = old['status']),
  validate: (o) => ((o['spec'] as { size?: number } | undefined)?.size ?? 0) < 0 ? [invalidField('spec.size', (o['spec'] as { size: number }).size, 'must be greater than or equal to 0')] : [],
  gracePeriodSeconds: (o, options) => options.gracePeriodSeconds ?? ((o['spec'] as { grace?: number } | undefined)?.grace ?? 0),
};

const backends: LogStructuredBackend[] = [];
after(async () => {
  for (const backend of backends) await backend.dispose();
});

function setup(): GenericStore {
  const backend = new LogStructuredBackend(new MemoryLog());
  backends.push(backend);
  return new GenericStore(backend, '/registry/widgets/', strategy);
}

const widget = (name: string, spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Widget',
  metadata: { name, ...meta },
  spec,
});

function rejects(reason: string, code: number, message?: RegExp): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof StatusError, String(err));
    assert.equal(err.reason, reason, err.message);
    assert.equal(err.code, code);
    if (message) assert.match(err.message, message);
    return true;
  };
}

describe('GenericStore', () => {
  test('create sets system metadata and refuses duplicates with the upstream message', async () => {
    const store = setup();
    const created = await store.create('ns', { ...widget('a', { size: 1 }), status: { bogus: true } });
    const meta = created.metadata;
    assert.match(meta.uid!, /^[0-9a-f-]{36}$/);
    assert.match(meta.creationTimestamp!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(meta.generation, 1);
    assert.equal(meta.namespace, 'ns');
    assert.equal(created['status'], undefined);
    assert.deepEqual(await store.get('ns', 'a'), created);
    await assert.rejects(store.create('ns', widget('a')), rejects('AlreadyExists', 409, /^widgets "a" already exists$/));
    await assert.rejects(store.create('other', widget('x', {}, { namespace: 'ns' })), rejects('BadRequest', 400, /namespace of the provided object/));
  });

  test('generateName makes a name; a missing name is Invalid', async () => {
    const store = setup();
    const created = await store.create('ns', { metadata: { generateName: 'web-' }, spec: {} });
    assert.match(created.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    await assert.rejects(store.create('ns', { metadata: {} }), rejects('Invalid', 422, /metadata.name: Required value: name or generateName is required/));
  });

  test('invalid objects are refused with field causes and nothing is stored', async () => {
    const store = setup();
    const err = await store.create('ns', widget('bad', { size: -1 })).catch((e: unknown) => e);
    assert.ok(err instanceof StatusError);
    assert.equal(err.message, 'Widget "bad" is invalid: spec.size: Invalid value: -1: must be greater than or equal to 0');
    assert.deepEqual(err.details?.causes, [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.size' }]);
    await assert.rejects(store.get('ns', 'bad'), rejects('NotFound', 404, /^widgets "bad" not found$/));
  });

  test('update: optimistic concurrency, generation on spec change only, no-op updates keep the revision', async () => {
    const store = setup();
    const created = await store.create('ns', widget('a', { size: 1 }));
    const labelled = await store.update('ns', 'a', { ...created, metadata: { ...created.metadata, labels: { x: 'y' } } });
    assert.equal(labelled.metadata.generation, 1, 'metadata changes do not bump generation');
    assert.notEqual(labelled.metadata.resourceVersion, created.metadata.resourceVersion);
    await assert.rejects(store.update('ns', 'a', created), rejects('Conflict', 409, /^Operation cannot be fulfilled on widgets "a": the object has been modified/));
    const resized = await store.update('ns', 'a', (current) => ({ ...current, spec: { size: 2 } }));
    assert.equal(resized.metadata.generation, 2);
    const same = await store.update('ns', 'a', (current) => current);
    assert.equal(same.metadata.resourceVersion, resized.metadata.resourceVersion, 'an unchanged object is not rewritten');
    const forged = await store.update('ns', 'a', (current) => ({ ...current, metadata: { ...current.metadata, generation: 99, creationTimestamp: '2000-01-01T00:00:00Z' } }));
    assert.equal(forged.metadata.generation, 2);
    assert.equal(forged.metadata.creationTimestamp, created.metadata.creationTimestamp);
    await assert.rejects(store.update('ns', 'b', widget('b')), rejects('NotFound', 404));
    await assert.rejects(store.update('ns', 'a', widget('other')), rejects('BadRequest', 400, /does not match the name on the URL/));
  });

  test('a computed (patched) object: its resourceVersion is a precondition, its uid is immutable', async () => {
    const store = setup();
    const created = await store.create('ns', widget('a', { size: 1 }));
    const uid = created.metadata.uid!;
    const relabelled = await store.update('ns', 'a', (current) => ({ ...current, metadata: { ...current.metadata, labels: { x: '1' } } }));
    const stale = created.metadata.resourceVersion!;
    await assert.rejects(
      store.update('ns', 'a', (current) => ({ ...current, metadata: { ...current.metadata, resourceVersion: stale, labels: { x: '2' } } })),
      rejects('Conflict', 409, /^Operation cannot be fulfilled on widgets "a": the object has been modified; please apply your changes to the latest version and try again$/),
    );
    const current = relabelled.metadata.resourceVersion!;
    const fresh = await store.update('ns', 'a', (o) => ({ ...o, metadata: { ...o.metadata, resourceVersion: current, labels: { x: '3' } } }));
    assert.deepEqual(fresh.metadata.labels, { x: '3' }, 'the current resourceVersion passes');
    const unconditional = await store.update('ns', 'a', (o) => {
      const { resourceVersion: _dropped, ...meta } = o.metadata;
      return { ...o, metadata: { ...meta, labels: { x: '4' } } };
    });
    assert.deepEqual(unconditional.metadata.labels, { x: '4' }, 'without a resourceVersion the update is unconditional');
    await assert.rejects(
      store.update('ns', 'a', (o) => ({ ...o, metadata: { ...o.metadata, uid: 'other' } })),
      rejects('Invalid', 422, /^Widget "a" is invalid: metadata.uid: Invalid value: "other": field is immutable$/),
    );
    const cleared = await store.update('ns', 'a', (o) => ({ ...o, metadata: { ...o.metadata, uid: '', labels: { x: '5' } } }));
    assert.equal(cleared.metadata.uid, uid, 'an empty uid keeps the stored one');
  });

  test('a replaced (PUT) object with another uid fails the uid precondition', async () => {
    const store = setup();
    const created = await store.create('ns', widget('a', { size: 1 }));
    await assert.rejects(
      store.update('ns', 'a', { ...created, metadata: { ...created.metadata, uid: 'other' } }),
      rejects('Conflict', 409, new RegExp(`^Operation cannot be fulfilled on widgets "a": StorageError: invalid object, Code: 4, Key: /registry/widgets/ns/a, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: other, UID in object meta: ${created.metadata.uid}$`)),
    );
    const withoutUid = await store.update('ns', 'a', { ...created, metadata: { name: 'a', resourceVersion: created.metadata.resourceVersion!, labels: { y: '1' } } });
    assert.equal(withoutUid.metadata.uid, created.metadata.uid);
  });

  test('concurrent unconditional updates all land', async () => {
    const store = setup();
    await store.create('ns', widget('counter', { size: 0 }));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.update('ns', 'counter', (current) => ({ ...current, spec: { size: (current['spec'] as { size: number }).size + 1 } })),
      ),
    );
    assert.deepEqual((await store.get('ns', 'counter'))['spec'], { size: 20 });
  });

  test('delete: preconditions, finalizers holding the object, removal of the last finalizer', async () => {
    const store = setup();
    const created = await store.create('ns', widget('f', {}, { finalizers: ['example.com/hold'] }));
    await assert.rejects(store.delete('ns', 'f', { preconditions: { uid: 'nope' } }), rejects('Conflict', 409, /Precondition failed: UID in precondition: nope/));
    const marked = await store.delete('ns', 'f');
    assert.equal(marked.deleted, false);
    assert.ok(marked.object.metadata.deletionTimestamp);
    assert.equal((await store.get('ns', 'f')).metadata.uid, created.metadata.uid, 'still there while finalized');
    await store.update('ns', 'f', (current) => ({ ...current, metadata: { ...current.metadata, finalizers: [] } }));
    await assert.rejects(store.get('ns', 'f'), rejects('NotFound', 404));
  });

  test('delete: propagation policies add the garbage collector finalizers; grace periods mark first', async () => {
    const store = setup();
    await store.create('ns', widget('o'));
    assert.deepEqual((await store.delete('ns', 'o', { propagationPolicy: 'Orphan' })).object.metadata.finalizers, ['orphan']);
    await store.create('ns', widget('g', { grace: 30 }));
    const first = await store.delete('ns', 'g');
    assert.equal(first.deleted, false);
    assert.equal(first.object.metadata.deletionGracePeriodSeconds, 30);
    const shorter = await store.delete('ns', 'g', { gracePeriodSeconds: 5 });
    assert.equal(shorter.object.metadata.deletionGracePeriodSeconds, 5);
    const now = await store.delete('ns', 'g', { gracePeriodSeconds: 0 });
    assert.equal(now.deleted, true);
    await assert.rejects(store.get('ns', 'g'), rejects('NotFound', 404));
  });

  test('status updates change status alone and never the generation', async () => {
    const store = setup();
    const created = await store.create('ns', widget('s', { size: 1 }));
    const updated = await store.update('ns', 's', (current) => ({ ...current, spec: { size: 9 }, status: { ready: true }, metadata: { ...current.metadata, labels: { x: 'y' } } }), { subresource: statusUpdate });
    assert.deepEqual(updated['spec'], { size: 1 });
    assert.deepEqual(updated['status'], { ready: true });
    assert.equal(updated.metadata.labels, undefined);
    assert.equal(updated.metadata.generation, created.metadata.generation);
    const cleared = await store.update('ns', 's', (current) => ({ ...current, status: undefined }), { subresource: statusUpdate });
    assert.equal(cleared['status'], undefined);
  });

  test('a subresource write that keeps the spec leaves the generation, whatever the strategy counts as a spec change', async () => {
    const backend = new LogStructuredBackend(new MemoryLog());
    backends.push(backend);
    const annotationsCount = (o: KubeObject, old: KubeObject) => JSON.stringify([o['spec'], o.metadata.annotations]) !== JSON.stringify([old['spec'], old.metadata.annotations]);
    const store = new GenericStore(backend, '/registry/widgets/', { ...strategy, specChanged: annotationsCount });
    await store.create('ns', widget('g', { size: 1 }));
    const keepAnnotations = (requested: KubeObject, stored: KubeObject): KubeObject => ({ ...statusUpdate(requested, stored), metadata: { ...stored.metadata, annotations: requested.metadata.annotations } });
    const viaStatus = await store.update('ns', 'g', (current) => ({ ...current, status: { ok: 1 }, metadata: { ...current.metadata, annotations: { rev: '1' } } }), { subresource: keepAnnotations });
    assert.deepEqual([viaStatus.metadata.annotations, viaStatus.metadata.generation], [{ rev: '1' }, 1]);
    const viaMain = await store.update('ns', 'g', (current) => ({ ...current, metadata: { ...current.metadata, annotations: { rev: '2' } } }));
    assert.equal(viaMain.metadata.generation, 2);
  });

  test('dry run validates and defaults but persists nothing', async () => {
    const store = setup();
    const dry = await store.create('ns', widget('d'), { dryRun: true });
    assert.equal(dry.metadata.generation, 1);
    await assert.rejects(store.get('ns', 'd'), rejects('NotFound', 404));
    await store.create('ns', widget('d'));
    await store.delete('ns', 'd', { dryRun: true });
    assert.ok(await store.get('ns', 'd'));
  });
});
