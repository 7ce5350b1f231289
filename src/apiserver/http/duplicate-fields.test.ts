import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBodyFields } from './body.js';
import { jsonDuplicateFields, valueShape } from './duplicate-fields.js';

const dupes = (text: string): (string | undefined)[] => jsonDuplicateFields(text, valueShape(JSON.parse(text)).keys).map((d) => d.path);

test('JSON without repeated keys reports nothing, whatever its strings hold', () => {
  assert.deepEqual(dupes('{"a":1,"b":{"c":[{"d":"x\\":"},{"d":"\\\\"}]},"e":"{\\"a\\":1,\\"a\\":2}"}'), []);
  assert.deepEqual(dupes('[1,2,{"a":null}]'), []);
  // The same key in sibling objects is not a duplicate.
  assert.deepEqual(dupes('{"items":[{"name":"a"},{"name":"b"}],"x":{"name":1}}'), []);
});

test('repeated keys are reported by path at any depth, in document order', () => {
  const text = `{
    "metadata": {"name": "a", "labels": {"k": "1", "k": "2"}},
    "spec": {
      "replicas": 1,
      "template": {"spec": {"containers": [{"name": "c"}, {"name": "d", "image": "x", "image" : "y"}]}},
      "replicas": 2
    },
    "data": {"a\\"b": 1, "a\\u0022b": 2}
  }`;
  const found = jsonDuplicateFields(text, valueShape(JSON.parse(text)).keys);
  assert.deepEqual(
    found.map((d) => d.path),
    ['metadata.labels.k', 'spec.template.spec.containers[1].image', 'spec.replicas', 'data.a"b'],
  );
  assert.equal(found[2]!.message, 'duplicate field "spec.replicas"');
});

test('YAML duplicates are reported by line, as go-yaml words them', () => {
  const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\ndata:\n  "x": "1"\n  x: "2"\n  1: a\n  1: b\n';
  const decoded = decodeBodyFields('application/yaml', Buffer.from(yaml));
  assert.deepEqual(decoded.value, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { x: '2', 1: 'b' } });
  assert.deepEqual(
    decoded.duplicates.map((d) => d.message),
    ['line 5: key "name" already set in map', 'line 8: key "x" already set in map', 'line 10: key 1 already set in map'],
  );
  assert.deepEqual(decodeBodyFields('application/yaml', Buffer.from('a: 1\nb: 2\n')).duplicates, []);
});

test('JSON bodies keep the last value of a repeated key, as Go does', () => {
  const decoded = decodeBodyFields('application/json', Buffer.from('{"a":1,"a":2}'));
  assert.deepEqual(decoded.value, { a: 2 });
  assert.deepEqual(decoded.duplicates, [{ path: 'a', message: 'duplicate field "a"' }]);
});

test('values are measured without recursion; bodies nested deeper than Go allows are a 400', () => {
  assert.deepEqual(valueShape({ a: [1, { b: { c: null } }], d: 'x' }), { keys: 4, depth: 4, nonFinite: false });
  const deep = `{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
  assert.deepEqual(valueShape(JSON.parse(deep)), { keys: 1, depth: 200_001, nonFinite: false });
  assert.throws(() => decodeBodyFields('application/json', Buffer.from(deep)), { message: "couldn't get version/kind; json parse error: exceeded max depth" });
  const ok = `{"a":${'['.repeat(999)}${']'.repeat(999)}}`;
  assert.deepEqual(decodeBodyFields('application/json', Buffer.from(ok)).duplicates, []);
  assert.throws(() => decodeBodyFields('application/yaml', Buffer.from(`a: ${'['.repeat(2000)}${']'.repeat(2000)}`)), { code: 400 });
});

test('numbers JSON cannot carry, YAML 1.1 tags and non-scalar YAML keys are handled as Go does', () => {
  assert.throws(() => decodeBodyFields('application/json', Buffer.from('{"a":1e400}')), { code: 400 });
  assert.throws(() => decodeBodyFields('application/yaml', Buffer.from('a: .inf')), { code: 400 });
  assert.throws(() => decodeBodyFields('application/yaml', Buffer.from('? [a, b]\n: 1\n')), { message: 'error converting YAML to JSON: yaml: invalid map key: ["a","b"]' });
  assert.deepEqual(decodeBodyFields('application/yaml', Buffer.from('a: !!binary aGVsbG8=\nb: !!set {x}\n')).value, { a: 'aGVsbG8=', b: { x: null } });
});
