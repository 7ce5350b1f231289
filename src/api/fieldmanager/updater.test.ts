import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StatusError } from '../../util/errors.js';
import { FieldSet } from './field-set.js';
import { decodeManagedFields, encodeManagedFields, validateFieldManager, type ManagedFieldsEntry, type Managers } from './managed-fields.js';
import { join } from './path.js';
import { trackApply, trackUpdate, type TrackContext } from './track.js';
import { rootNode } from './type-node.js';
import { ANCIENT_CHANGES, applyConfig, capUpdateManagers, ignoreUnder, updateManagers } from './updater.js';
import { compare, merge, toFieldSet } from './walk.js';

/*
 * Cases ported from structured-merge-diff's merge tests (leaf_test, key_test, set_test,
 * multiple_appliers_test, conflict_test) onto the Kubernetes types kts serves: scalars are
 * ConfigMap data, associative lists Pod containers and ports, sets finalizers.
 */

const CM = 'k8s.io.api.core.v1.ConfigMap';
const POD = 'k8s.io.api.core.v1.Pod';
const DEPLOYMENT = 'k8s.io.api.apps.v1.Deployment';

function ctx(schemaType: string, apiVersion = 'v1', extra: Partial<TrackContext> = {}): TrackContext {
  return { node: rootNode(schemaType), schemaType, apiVersion, subresource: '', now: '2024-01-01T00:00:00Z', ...extra };
}

type Obj = Record<string, unknown> & { metadata?: Record<string, unknown> };

function cm(data: Record<string, string>, extra: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', ...(extra.metadata ?? {}) }, data };
}

/** A sequence of operations on one object, like structured-merge-diff's fixture.TestCase. */
class Sequence {
  object: Obj | undefined;
  constructor(private readonly c: TrackContext) {}
  apply(manager: string, config: Obj, force = false): this {
    this.object = trackApply(this.c, manager, this.object, config, force);
    return this;
  }
  update(manager: string, change: (o: Obj) => void): this {
    const next = structuredClone(this.object ?? { metadata: {} });
    change(next);
    trackUpdate(this.c, manager, this.object ? { ...this.object, metadata: { ...this.object.metadata, uid: 'u' } } : undefined, next);
    this.object = next;
    return this;
  }
  conflict(manager: string, config: Obj): StatusError {
    try {
      trackApply(this.c, manager, this.object, config, false);
    } catch (err) {
      if (err instanceof StatusError) return err;
      throw err;
    }
    assert.fail('expected a conflict');
  }
  entries(): ManagedFieldsEntry[] {
    return (this.object?.metadata?.['managedFields'] ?? []) as ManagedFieldsEntry[];
  }
  fields(manager: string, operation = 'Apply'): unknown {
    return this.entries().find((e) => e.manager === manager && e.operation === operation)?.fieldsV1;
  }
  body(): Obj {
    const { managedFields: _m, ...metadata } = this.object?.metadata ?? {};
    return { ...this.object, metadata };
  }
}

describe('scalars (leaf_test)', () => {
  test('apply, apply the same value by another manager: shared, no conflict', () => {
    const s = new Sequence(ctx(CM)).apply('a', cm({ key: 'one' })).apply('b', cm({ key: 'one' }));
    assert.deepEqual(s.fields('a'), { 'f:data': { 'f:key': {} } });
    assert.deepEqual(s.fields('b'), { 'f:data': { 'f:key': {} } });
  });

  test('apply a different value over another applier conflicts; force takes the field', () => {
    const s = new Sequence(ctx(CM)).apply('a', cm({ key: 'one', other: 'x' }));
    const err = s.conflict('b', cm({ key: 'two' }));
    assert.equal(err.code, 409);
    assert.equal(err.reason, 'Conflict');
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "a": .data.key');
    assert.deepEqual(err.details?.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "a"', field: '.data.key' }]);
    s.apply('b', cm({ key: 'two' }), true);
    assert.deepEqual(s.body()['data'], { key: 'two', other: 'x' });
    assert.deepEqual(s.fields('a'), { 'f:data': { 'f:other': {} } });
    assert.deepEqual(s.fields('b'), { 'f:data': { 'f:key': {} } });
  });

  test('an update takes fields from appliers; the applier then conflicts with the updater', () => {
    const s = new Sequence(ctx(CM)).apply('a', cm({ key: 'one' })).update('editor', (o) => {
      (o['data'] as Record<string, string>)['key'] = 'edited';
    });
    assert.equal(s.fields('a'), undefined, 'the applier lost its only field');
    assert.deepEqual(s.fields('editor', 'Update'), { 'f:data': { 'f:key': {} } });
    const err = s.conflict('a', cm({ key: 'one' }));
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "editor" using v1: .data.key');
  });

  test('several conflicts are listed by manager', () => {
    const s = new Sequence(ctx(CM)).apply('a', cm({ x: '1' })).apply('b', cm({ y: '1', z: '1' }));
    const err = s.conflict('c', cm({ x: '2', y: '2', z: '2' }));
    assert.equal(err.message, 'Apply failed with 3 conflicts: conflicts with "a":\n- .data.x\nconflicts with "b":\n- .data.y\n- .data.z');
    assert.equal(err.details?.causes?.length, 3);
  });
});

describe('removal of fields no longer applied', () => {
  test('a field dropped from the config is removed', () => {
    const s = new Sequence(ctx(CM)).apply('a', cm({ x: '1', y: '2' })).apply('a', cm({ x: '1' }));
    assert.deepEqual(s.body()['data'], { x: '1' });
    assert.deepEqual(s.fields('a'), { 'f:data': { 'f:x': {} } });
  });

  test('a map nobody owns any more goes whole; metadata stays', () => {
    const s = new Sequence(ctx(CM)).apply('a', cm({ x: '1' }, { metadata: { labels: { app: 'web' } } })).apply('a', cm({ x: '1' }));
    assert.deepEqual(s.body()['metadata'], { name: 'c' });
    const t = new Sequence(ctx(CM)).apply('a', cm({ x: '1' })).apply('a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    assert.equal(t.body()['data'], undefined);
  });

  test('shared fields stay until the last owner drops them (multiple_appliers_test)', () => {
    const s = new Sequence(ctx(CM)).apply('a', cm({ x: '1', y: '2' })).apply('b', cm({ y: '2' }));
    s.apply('a', cm({ x: '1' }));
    assert.deepEqual(s.body()['data'], { x: '1', y: '2' }, 'b still owns y');
    s.apply('b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    assert.deepEqual(s.body()['data'], { x: '1' });
  });

  test('fields an updater owns are not removed by an applier', () => {
    const s = new Sequence(ctx(CM))
      .apply('a', cm({ x: '1' }))
      .update('editor', (o) => {
        (o['data'] as Record<string, string>)['y'] = '2';
      })
      .apply('a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    assert.deepEqual(s.body()['data'], { y: '2' });
  });
});

describe('associative lists (key_test)', () => {
  const pod = (...containers: Obj[]): Obj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } });

  test('removing obsolete applied items', () => {
    const s = new Sequence(ctx(POD)).apply('default', pod({ name: 'a', image: 'x' })).apply('default', pod({ name: 'b', image: 'y' }));
    assert.deepEqual((s.body()['spec'] as Obj)['containers'], [{ name: 'b', image: 'y' }]);
    assert.deepEqual(s.fields('default'), { 'f:spec': { 'f:containers': { 'k:{"name":"b"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } });
  });

  test('items of two appliers merge by key; each keeps its own', () => {
    const s = new Sequence(ctx(POD)).apply('one', pod({ name: 'a', image: 'x' })).apply('two', pod({ name: 'b', image: 'y' }));
    assert.deepEqual((s.body()['spec'] as Obj)['containers'], [
      { name: 'a', image: 'x' },
      { name: 'b', image: 'y' },
    ]);
    const err = s.conflict('two', pod({ name: 'a', image: 'z' }));
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "one": .spec.containers[name="a"].image');
    s.apply('one', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
    assert.deepEqual((s.body()['spec'] as Obj)['containers'], [{ name: 'b', image: 'y' }]);
  });

  test('an item keeps the fields other managers set in it; an atomic list is replaced whole', () => {
    const s = new Sequence(ctx(POD)).apply('a', pod({ name: 'c', image: 'x', command: ['sh', '-c', 'one'] }));
    s.update('defaulter', (o) => (((o['spec'] as Obj)['containers'] as Obj[])[0]!['imagePullPolicy'] = 'Always'));
    s.apply('a', pod({ name: 'c', image: 'y', command: ['sh', '-c', 'one'] }));
    assert.deepEqual((s.body()['spec'] as Obj)['containers'], [{ name: 'c', image: 'y', command: ['sh', '-c', 'one'], imagePullPolicy: 'Always' }]);
    const err = s.conflict('b', pod({ name: 'c', command: ['two'] }));
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "a": .spec.containers[name="c"].command');
    s.apply('b', pod({ name: 'c', command: ['two'] }), true);
    assert.deepEqual((((s.body()['spec'] as Obj)['containers'] as Obj[])[0]!)['command'], ['two']);
    assert.deepEqual(s.fields('b'), { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:command': {}, 'f:name': {} } } } });
  });

  test('a null in the configuration removes the field and the applier owns it', () => {
    const s = new Sequence(ctx(CM)).apply('a', cm({ x: '1', y: '2' }));
    s.apply('a', { ...cm({ x: '1' }), data: { x: '1', y: null } });
    assert.deepEqual(s.body()['data'], { x: '1' });
    assert.deepEqual(s.fields('a'), { 'f:data': { 'f:x': {}, 'f:y': {} } });
  });

  test('merge keeps live-only items in place and takes the config order for shared ones', () => {
    const node = rootNode(POD);
    const live = { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } };
    assert.deepEqual(merge(live, { spec: { containers: [{ name: 'b' }, { name: 'd' }] } }, node), { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] } });
    assert.deepEqual(merge(live, { spec: { containers: [{ name: 'c' }, { name: 'a' }] } }, node), { spec: { containers: [{ name: 'b' }, { name: 'c' }, { name: 'a' }] } });
  });

  test('a port without protocol is the TCP one (key defaults)', () => {
    const node = rootNode(POD);
    const live = { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } };
    const merged = merge(live, { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'http' }] }] } }, node);
    assert.deepEqual(merged, { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, protocol: 'TCP', name: 'http' }] }] } });
  });
});

describe('sets (set_test)', () => {
  const fin = (...finalizers: string[]): Obj => cm({}, { metadata: { finalizers } });
  test('items by value; each applier removes only its own', () => {
    const s = new Sequence(ctx(CM)).apply('a', fin('x/a', 'x/b')).apply('b', fin('x/c'));
    assert.deepEqual((s.body()['metadata'] as Obj)['finalizers'], ['x/a', 'x/b', 'x/c']);
    assert.deepEqual(s.fields('b'), { 'f:data': {}, 'f:metadata': { 'f:finalizers': { 'v:"x/c"': {} } } });
    s.apply('a', fin('x/a'));
    assert.deepEqual((s.body()['metadata'] as Obj)['finalizers'], ['x/a', 'x/c']);
  });
});

describe('Update entries', () => {
  test('a create owns what it set, with "." for maps and items it created (not for structs that exist when empty)', () => {
    const c = ctx(DEPLOYMENT, 'apps/v1');
    const object: Obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', labels: { app: 'web' } },
      spec: {
        replicas: 1,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {} }] } },
      },
    };
    trackUpdate(c, 'kubectl-create', undefined, object);
    const [entry, ...rest] = object.metadata!['managedFields'] as ManagedFieldsEntry[];
    assert.equal(rest.length, 0);
    assert.deepEqual({ ...entry, fieldsV1: undefined }, { manager: 'kubectl-create', operation: 'Update', apiVersion: 'apps/v1', time: '2024-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: undefined });
    assert.deepEqual(entry!.fieldsV1, {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {} }, 'f:type': {} },
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } }, 'f:resources': {} },
            },
          },
        },
      },
    });
  });

  test('entries merge per manager, operation, apiVersion and subresource; status writes are tracked apart', () => {
    const c = ctx(POD, 'v1', { ignored: ignoreUnder('status') });
    const s = new Sequence(c).update('kubelet', (o) => Object.assign(o, { spec: { containers: [{ name: 'a' }] } }));
    s.update('kubelet', (o) => Object.assign(o, { metadata: { ...o.metadata, labels: { x: 'y' } }, status: { phase: 'Running' } }));
    assert.equal(s.entries().length, 1, 'status through the main resource is not tracked');
    assert.deepEqual(Object.keys(s.fields('kubelet', 'Update') as object), ['f:metadata', 'f:spec']);
    const status = new Sequence(ctx(POD, 'v1', { subresource: 'status', ignored: (p) => !p.startsWith('f:status') }));
    status.object = s.object;
    status.update('kubelet', (o) => Object.assign(o, { status: { phase: 'Succeeded' } }));
    const entries = status.entries();
    assert.deepEqual(
      entries.map((e) => [e.manager, e.subresource]),
      [
        ['kubelet', undefined],
        ['kubelet', 'status'],
      ],
    );
    assert.deepEqual(entries[1]!.fieldsV1, { 'f:status': { 'f:phase': {} } });
  });

  test('an object without managed fields is not tracked until applied; "before-first-apply" then owns what was there', () => {
    const s = new Sequence(ctx(CM));
    s.object = { ...cm({ x: '1' }), metadata: { name: 'c', uid: 'u' } };
    s.update('editor', (o) => ((o['data'] as Record<string, string>)['y'] = '2'));
    assert.equal(s.entries().length, 0);
    const err = s.conflict('a', cm({ x: '2' }));
    assert.equal(err.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.x');
  });

  test('clients may send managed fields; [] clears them; undecodable ones are replaced by the live ones', () => {
    const s = new Sequence(ctx(CM)).apply('a', cm({ x: '1' }));
    s.update('other', (o) => (o.metadata!['managedFields'] = [{ manager: 'm', operation: 'Bogus', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: {} }]));
    assert.deepEqual(
      s.entries().map((e) => e.manager),
      ['a'],
    );
    s.update('other', (o) => (o.metadata!['managedFields'] = []));
    assert.equal(s.object!.metadata!['managedFields'], undefined);
  });
});

describe('capping Update managers (managers_test)', () => {
  test('beyond ten Update entries the oldest merge into ancient-changes; appliers are never merged', () => {
    const managers: Managers = new Map();
    for (let i = 0; i < 12; i++) {
      const time = `2024-01-01T00:00:${String(i).padStart(2, '0')}Z`;
      managers.set(`u${i}`, { manager: `u${i}`, operation: 'Update', apiVersion: 'v1', subresource: '', time, set: new FieldSet([join([`f:data`, `f:k${i}`])]) });
    }
    managers.set('a', { manager: 'a', operation: 'Apply', apiVersion: 'v1', subresource: '', time: '2020-01-01T00:00:00Z', set: new FieldSet(['f:spec']) });
    const capped = [...capUpdateManagers(managers).values()];
    assert.equal(capped.filter((m) => m.operation === 'Update').length, 10);
    const bucket = capped.find((m) => m.manager === ANCIENT_CHANGES)!;
    assert.deepEqual(bucket.set.paths().sort(), [join(['f:data', 'f:k0']), join(['f:data', 'f:k1']), join(['f:data', 'f:k2'])]);
    assert.equal(bucket.time, '2024-01-01T00:00:02Z');
    assert.ok(capped.some((m) => m.manager === 'a'));
  });
});

describe('managed fields encoding', () => {
  test('decode/encode keeps entries; sorted Apply first, then by time and manager', () => {
    const entries: ManagedFieldsEntry[] = [
      { manager: 'z', operation: 'Update', apiVersion: 'v1', time: '2024-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
      { manager: 'b', operation: 'Update', apiVersion: 'v1', time: '2023-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:b': {} } } },
      { manager: 'y', operation: 'Apply', apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:c': {} } }, subresource: 'status' },
    ];
    const managers: Managers = decodeManagedFields(entries);
    assert.deepEqual(
      encodeManagedFields(managers).map((e) => e.manager),
      ['y', 'b', 'z'],
    );
    assert.deepEqual(encodeManagedFields(managers)[0], entries[2]);
    assert.throws(() => decodeManagedFields([{ operation: 'Apply', apiVersion: 'v1' }]), /missing fieldsType in managed fields entry 0/);
    assert.throws(() => decodeManagedFields([{ operation: 'Nope', apiVersion: 'v1', fieldsType: 'FieldsV1' }]), /operation must be `Apply` or `Update`/);
  });

  test('field manager names: at most 128 bytes, printable', () => {
    assert.deepEqual(validateFieldManager('kubectl-client-side-apply', 'fieldManager'), []);
    assert.equal(validateFieldManager('x'.repeat(129), 'fieldManager')[0]?.type, 'FieldValueTooLong');
    assert.equal(validateFieldManager('a\tb', 'fieldManager')[0]?.detail, 'invalid characters at index 1');
  });
});

describe('walks', () => {
  test('toFieldSet: leaves, items, map entries; non-empty structs are not members', () => {
    const set = toFieldSet({ metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } }, rootNode(POD));
    assert.deepEqual(
      set.paths().sort(),
      [join(['f:metadata', 'f:name']), join(['f:metadata', 'f:labels', 'f:a']), join(['f:spec', 'f:containers', 'k:{"name":"c"}', 'f:name']), join(['f:spec', 'f:containers', 'k:{"name":"c"}'])].sort(),
    );
  });

  test('compare: added, modified, removed', () => {
    const c = compare({ data: { a: '1', b: '2' } }, { data: { a: '9', c: '3' } }, rootNode(CM));
    assert.deepEqual(c.modified.paths(), [join(['f:data', 'f:a'])]);
    assert.deepEqual(c.added.paths(), [join(['f:data', 'f:c'])]);
    assert.deepEqual(c.removed.paths(), [join(['f:data', 'f:b'])]);
  });

  test('applyConfig and updateManagers on bare objects', () => {
    const c = ctx(CM);
    const first = applyConfig(c, {}, { data: { a: '1' } }, new Map(), 'm', false);
    assert.deepEqual(first.object, { data: { a: '1' } });
    const updated = updateManagers(c, first.object, { data: { a: '1', b: '2' } }, first.managers, 'u');
    assert.deepEqual(
      [...updated.values()].map((m) => [m.manager, m.operation, m.set.paths()]),
      [
        ['m', 'Apply', [join(['f:data', 'f:a'])]],
        ['u', 'Update', [join(['f:data', 'f:b'])]],
      ],
    );
    assert.ok(new FieldSet().empty);
  });
});
