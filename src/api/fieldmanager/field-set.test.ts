import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldSet } from './field-set.js';
import { describePath, fieldElement, join, keyElement, valueElement } from './path.js';

const p = (...parts: string[]): string => join(parts);

test('FieldsV1 round trip: members, "." for members with children, upstream key order', () => {
  const fields = {
    'f:metadata': { 'f:finalizers': { '.': {}, 'v:"a"': {} }, 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } }, 'f:replicas': {} },
  };
  const set = FieldSet.fromFieldsV1(fields);
  assert.equal(set.size, 8);
  assert.ok(set.has(p('f:metadata', 'f:labels')));
  assert.ok(!set.has(p('f:metadata')), 'a node with only children is not a member');
  assert.ok(set.has(p('f:spec', 'f:containers', 'k:{"name":"c"}', 'f:image')));
  assert.equal(JSON.stringify(set.toFieldsV1()), JSON.stringify(fields));
  // Fields sort before keys, keys before values; "." first.
  const mixed = new FieldSet([p('f:list', 'v:"z"'), p('f:list', 'k:{"a":1}'), p('f:list', 'f:b'), p('f:list')]);
  assert.deepEqual(Object.keys(mixed.toFieldsV1()['f:list'] as object), ['.', 'f:b', 'k:{"a":1}', 'v:"z"']);
  // Indexes last, by number; names within a kind by code unit.
  const indexed = new FieldSet([p('f:l', 'i:10'), p('f:l', 'i:9'), p('f:l', 'v:"b"'), p('f:l', 'f:b'), p('f:l', 'f:B'), p('f:l', 'v:"a"')]);
  assert.deepEqual(Object.keys(indexed.toFieldsV1()['f:l'] as object), ['f:B', 'f:b', 'v:"a"', 'v:"b"', 'i:9', 'i:10']);
});

test('malformed FieldsV1 is refused', () => {
  assert.throws(() => FieldSet.fromFieldsV1({ 'x:bad': {} }), /invalid path element/);
  assert.throws(() => FieldSet.fromFieldsV1({ 'k:notjson': {} }), /invalid path element/);
  assert.throws(() => FieldSet.fromFieldsV1([]), /must be a JSON object/);
});

test('set operations and hasBelow', () => {
  const a = new FieldSet([p('f:data', 'f:x'), p('f:data', 'f:y')]);
  const b = new FieldSet([p('f:data', 'f:y'), p('f:data', 'f:z')]);
  assert.deepEqual(a.union(b).paths().sort(), [p('f:data', 'f:x'), p('f:data', 'f:y'), p('f:data', 'f:z')].sort());
  assert.deepEqual(a.difference(b).paths(), [p('f:data', 'f:x')]);
  assert.deepEqual(a.intersection(b).paths(), [p('f:data', 'f:y')]);
  assert.ok(a.hasBelow('f:data'));
  assert.ok(a.hasBelow(''));
  assert.ok(!a.hasBelow(p('f:data', 'f:x')));
});

test('paths print as upstream fieldpath.Path.String()', () => {
  assert.equal(describePath(p(fieldElement('data'), fieldElement('key'))), '.data.key');
  const port = keyElement({ containerPort: 80, protocol: 'TCP', name: 'http' }, ['protocol', 'containerPort']);
  assert.equal(port, 'k:{"containerPort":80,"protocol":"TCP"}');
  assert.equal(describePath(p('f:spec', 'f:containers', keyElement({ name: 'nginx' }, ['name']), 'f:ports', port)), '.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]');
  assert.equal(describePath(p('f:metadata', 'f:finalizers', valueElement('example.com/x'))), '.metadata.finalizers[="example.com/x"]');
});
