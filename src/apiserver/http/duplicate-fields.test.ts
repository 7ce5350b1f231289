import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBodyFields } from './body.js';
import { jsonDuplicateFields } from './duplicate-fields.js';

const dupes = (text: string): (string | undefined)[] => jsonDuplicateFields(text, JSON.parse(text)).map((d) => d.path);

test('JSON without repeated keys reports nothing, whatever its strings hold', () => {
  assert.deepEqual(dupes('{"a":1,"b":{"c":[{"d":"x\\":"},{"d":"\\\\"}]},"e":"{\\"a\\":1,\\"a\\":2}"}'), []);
  assert.deepEqual(dupes('[1,2,{"a":null}]'), []);
  assert.deepEqual(jsonDuplicateFields('"a"', 'a'), []);
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
  const found = jsonDuplicateFields(text, JSON.parse(text));
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
