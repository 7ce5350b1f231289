import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { invalid } from '../../../api/field-errors.js';
import { isDNS1123Subdomain } from '../../../api/validation/names.js';
import { MemoryLog } from '../../../storage/drivers/memory/memory-log.js';
import { LogStructuredBackend } from '../../../storage/logstructured/backend.js';
import type { StatusError } from '../../../util/errors.js';
import { columnsViaStored, ConvertingStore, type StorageConversion } from './conversion.js';
import type { KubeObject } from './object.js';
import { GenericStore } from './store.js';
import type { ResourceStrategy } from './strategy.js';
import { statusUpdate } from './subresource-update.js';

/** Stored as `{spec: {size}}` ("v2"), served as `{size}` ("v1"). */
const conversion: StorageConversion = {
  fromStored: ({ spec, status, ...rest }) => ({ ...structuredClone(rest), apiVersion: 'test/v1', size: (spec as { size?: number } | undefined)?.size, ...(status ? { status: structuredClone(status) } : {}) }),
  toStored: ({ size, status, ...rest }) => ({ ...structuredClone(rest), apiVersion: 'test/v2', spec: { size }, ...(status ? { status: structuredClone(status) } : {}) }),
};

const strategy: ResourceStrategy = {
  group: 'test',
  resource: 'widgets',
  kind: 'Widget',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  applyDefaults: (o) => void (((o['spec'] ??= {}) as { size?: number }).size ??= 1),
  prepareForUpdate: (o, old) => void (o['status'] = old['status']),
  validate: (o) => (((o['spec'] as { size: number }).size < 0 ? [invalid('spec.size', (o['spec'] as { size: number }).size, 'must be greater than or equal to 0')] : [])),
};

const backends: LogStructuredBackend[] = [];
after(async () => {
  for (const backend of backends) await backend.dispose();
});

function setup(): { stored: GenericStore; served: ConvertingStore } {
  const backend = new LogStructuredBackend(new MemoryLog());
  backends.push(backend);
  const stored = new GenericStore(backend, '/registry/widgets/', strategy);
  return { stored, served: new ConvertingStore(new GenericStore(backend, '/registry/widgets/', strategy), conversion) };
}

describe('ConvertingStore', () => {
  test('writes go to storage in the stored form (defaulted there) and come back in the served form', async () => {
    const { stored, served } = setup();
    const created = await served.create('ns', { apiVersion: 'test/v1', kind: 'Widget', metadata: { name: 'a' } });
    assert.equal(created['apiVersion'], 'test/v1');
    assert.equal(created['size'], 1, 'the stored form was defaulted');
    const raw = await stored.get('ns', 'a');
    assert.deepEqual(raw['spec'], { size: 1 });
    assert.equal(raw['apiVersion'], 'test/v2');
    assert.deepEqual(await served.get('ns', 'a'), created);
    assert.equal(served.decode({ key: '/registry/widgets/ns/a', value: Buffer.from(JSON.stringify(raw)), createRevision: 1, modRevision: 7 })['size'], 1);
  });

  test('validation runs on the stored form and reports its paths', async () => {
    const { served } = setup();
    await assert.rejects(served.create('ns', { kind: 'Widget', metadata: { name: 'b' }, size: -1 }), (err: StatusError) => err.code === 422 && /spec\.size/.test(err.message));
  });

  test('updates by function see and return the served form; subresources limit the stored form', async () => {
    const { stored, served } = setup();
    await served.create('ns', { kind: 'Widget', metadata: { name: 'c' }, size: 2 });
    const updated = await served.update('ns', 'c', (current) => ({ ...current, size: (current['size'] as number) + 1 }));
    assert.equal(updated['size'], 3);
    assert.deepEqual((await stored.get('ns', 'c'))['spec'], { size: 3 });
    const withStatus = await served.update('ns', 'c', { kind: 'Widget', metadata: { name: 'c' }, size: 99, status: { ok: true } }, { subresource: statusUpdate });
    assert.deepEqual([withStatus['size'], withStatus['status']], [3, { ok: true }], 'status alone changed through the subresource');
    const { object, deleted } = await served.delete('ns', 'c');
    assert.equal(deleted, true);
    assert.equal(object['size'], 3);
  });

  test('columns of the served form are computed on the stored form, once per object', () => {
    let conversions = 0;
    const columns = columnsViaStored(
      [
        { name: 'A', type: 'integer', description: '', cell: (o) => (o['spec'] as { size: number }).size },
        { name: 'B', type: 'integer', description: '', cell: (o) => (o['spec'] as { size: number }).size * 2 },
      ],
      (o) => {
        conversions++;
        return conversion.toStored(o);
      },
    );
    const object: KubeObject = { metadata: { name: 'x' }, size: 4 };
    assert.deepEqual(columns.map((c) => c.cell(object, 0)), [4, 8]);
    assert.equal(conversions, 1);
  });
});
