import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { invalid as invalidField } from '../../../api/field-errors.js';
import { isDNS1123Subdomain } from '../../../api/validation/names.js';
import { MemoryLog } from '../../../storage/drivers/memory/memory-log.js';
import { LogStructuredBackend } from '../../../storage/logstructured/backend.js';
import type { StatusError } from '../../../util/errors.js';
import type { KubeObject } from './object.js';
import { GenericStore } from './store.js';
import type { StoreHooks } from './store-hooks.js';
import type { ResourceStrategy } from './strategy.js';

const strategy: ResourceStrategy = {
  group: '',
  resource: 'widgets',
  kind: 'Widget',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  validate: (o) => (o['bad'] ? [invalidField('bad', true, 'must not be set')] : []),
};

const backends: LogStructuredBackend[] = [];
after(async () => {
  for (const backend of backends) await backend.dispose();
});

/** A store whose hooks record every call in `log`. */
function setup(): { store: GenericStore; log: string[] } {
  const backend = new LogStructuredBackend(new MemoryLog());
  backends.push(backend);
  const log: string[] = [];
  const hooks: StoreHooks = {
    beginCreate: (o, { dryRun }) => {
      log.push(`beginCreate ${o.metadata.name}${dryRun ? ' dry' : ''}`);
      o['allocated'] = 'x';
      return (ok) => log.push(`finishCreate ${ok}`);
    },
    beginUpdate: (o) => {
      log.push(`beginUpdate ${o.metadata.name}`);
      return (ok) => log.push(`finishUpdate ${ok}`);
    },
    afterDelete: (o) => log.push(`afterDelete ${o.metadata.name} ${String(o['allocated'])}`),
  };
  return { store: new GenericStore(backend, '/registry/widgets/', strategy, hooks), log };
}

const widget = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Widget', metadata: { name }, ...extra });

describe('GenericStore hooks', () => {
  test('create: begin after validation, finish with the outcome; what begin sets is stored', async () => {
    const { store, log } = setup();
    const created = await store.create('ns', widget('a'));
    assert.equal(created['allocated'], 'x');
    assert.equal((await store.get('ns', 'a'))['allocated'], 'x');
    await assert.rejects(store.create('ns', widget('b', { bad: true })), (e: StatusError) => e.code === 422);
    await assert.rejects(store.create('ns', widget('a')), (e: StatusError) => e.reason === 'AlreadyExists');
    await store.create('ns', widget('c'), { dryRun: true });
    assert.deepEqual(log, ['beginCreate a', 'finishCreate true', 'beginCreate a', 'finishCreate false', 'beginCreate c dry', 'finishCreate false']);
  });

  test('update: finish true when stored, false on a dry run; no begin for a stale resourceVersion or no change', async () => {
    const { store, log } = setup();
    await store.create('ns', widget('a'));
    log.length = 0;
    const current = await store.get('ns', 'a');
    await store.update('ns', 'a', { ...current, spec: { n: 1 } });
    await store.update('ns', 'a', (o) => ({ ...o, spec: { n: 2 } }), { dryRun: true });
    await assert.rejects(store.update('ns', 'a', { ...current, spec: { n: 3 } }), (e: StatusError) => e.reason === 'Conflict');
    await store.update('ns', 'a', (o) => o); // unchanged: no new revision, no hooks
    assert.deepEqual(log, ['beginUpdate a', 'finishUpdate true', 'beginUpdate a', 'finishUpdate false']);
  });

  test('delete: afterDelete once the object is gone, with the stored object; not on dry run or while finalizers hold it', async () => {
    const { store, log } = setup();
    await store.create('ns', widget('a'));
    await store.create('ns', { ...widget('b'), metadata: { name: 'b', finalizers: ['x/y'] } });
    log.length = 0;
    await store.delete('ns', 'a', { dryRun: true });
    await store.delete('ns', 'a');
    await store.delete('ns', 'b');
    assert.deepEqual(log, ['afterDelete a x']);
    await store.update('ns', 'b', (o) => ({ ...o, metadata: { ...o.metadata, finalizers: [] } }));
    assert.deepEqual(log, ['afterDelete a x', 'beginUpdate b', 'finishUpdate false', 'afterDelete b x']);
  });
});
