import assert from 'node:assert/strict';
import { test } from 'node:test';
import { componentSchemas, definitionName } from './openapi.js';

test('definition names follow upstream', () => {
  assert.equal(definitionName('k8s.io.api.core.v1.Pod'), 'io.k8s.api.core.v1.Pod');
  assert.equal(definitionName('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta'), 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
});

test('components cover a kind and everything it references', () => {
  const kinds = new Map([['k8s.io.api.core.v1.ConfigMap', [{ group: '', version: 'v1', kind: 'ConfigMap' }]]]);
  const schemas = componentSchemas(['k8s.io.api.core.v1.ConfigMap'], kinds);
  const configMap = schemas['io.k8s.api.core.v1.ConfigMap']!;
  assert.deepEqual(configMap['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: 'ConfigMap' }]);
  const properties = configMap['properties'] as Record<string, Record<string, unknown>>;
  assert.deepEqual(properties['data'], { type: 'object', additionalProperties: { type: 'string' } });
  assert.deepEqual(properties['binaryData'], { type: 'object', additionalProperties: { type: 'string', format: 'byte' } });
  assert.deepEqual(properties['metadata'], { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }] });
  assert.deepEqual(properties['apiVersion'], { type: 'string' });
  // Referenced types are included, special ones in their JSON form.
  assert.ok(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
  assert.deepEqual(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time'], { type: 'string', format: 'date-time' });
  assert.ok(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry']);
});
