import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { RESOURCES, REVIEW_RESOURCES } from '../registry/resources.js';
import { GnosticDocument, encodeGnosticDocument } from './gnostic.js';
import { openAPIV2Document } from './openapi-v2.js';

type Json = Record<string, unknown>;

const served = [...RESOURCES, ...REVIEW_RESOURCES];
const doc = openAPIV2Document(served);
const definitions = doc['definitions'] as Record<string, Json>;
const paths = doc['paths'] as Record<string, Record<string, Json>>;

/** Every `$ref` string anywhere under `value`. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

test('the v2 document is Swagger 2.0 with upstream definition names', () => {
  assert.equal(doc['swagger'], '2.0');
  assert.ok(definitions['io.k8s.api.core.v1.ConfigMap']);
  assert.ok(definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
  assert.ok(definitions['io.k8s.apimachinery.pkg.apis.meta.v1.Patch']);
});

test('every served kind and its list carry x-kubernetes-group-version-kind', () => {
  for (const r of served) {
    const def = r.definition;
    const name = `io.k8s.${r.schemaType.slice('k8s.io.'.length)}`;
    assert.deepEqual(definitions[name]?.['x-kubernetes-group-version-kind'], [{ group: def.group, version: def.version, kind: def.kind }], name);
  }
  assert.deepEqual(definitions['io.k8s.api.core.v1.ConfigMapList']!['x-kubernetes-group-version-kind'], [{ group: '', version: 'v1', kind: 'ConfigMapList' }]);
  const deleteOptions = definitions['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']!['x-kubernetes-group-version-kind'] as Json[];
  assert.ok(deleteOptions.some((g) => g['group'] === '' && g['kind'] === 'DeleteOptions'));
  assert.ok(deleteOptions.some((g) => g['group'] === 'rbac.authorization.k8s.io'));
});

test('every $ref points at a definition that exists', () => {
  const all = refs(doc);
  assert.ok(all.length > 100);
  for (const ref of all) {
    assert.match(ref, /^#\/definitions\//);
    assert.ok(definitions[ref.slice('#/definitions/'.length)], `unresolved ${ref}`);
  }
});

test('fields keep patch, list and required metadata, with bare references', () => {
  const meta = definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!['properties'] as Record<string, Json>;
  assert.deepEqual(meta['ownerReferences'], {
    type: 'array',
    items: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference' },
    'x-kubernetes-patch-strategy': 'merge',
    'x-kubernetes-patch-merge-key': 'uid',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['uid'],
  });
  const configMap = definitions['io.k8s.api.core.v1.ConfigMap']!['properties'] as Record<string, Json>;
  assert.deepEqual(configMap['metadata'], { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' });
  assert.deepEqual(definitions['io.k8s.api.rbac.v1.PolicyRule']!['required'], ['verbs']);
});

test('paths cover every verb of a served resource with upstream operation ids and parameters', () => {
  const collection = paths['/api/v1/namespaces/{namespace}/configmaps']!;
  const object = paths['/api/v1/namespaces/{namespace}/configmaps/{name}']!;
  const ids = (item: Record<string, Json>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(item).filter(([k]) => k !== 'parameters').map(([k, op]) => [k, [op['operationId'], op['x-kubernetes-action']]]));
  assert.deepEqual(ids(collection), {
    get: ['listCoreV1NamespacedConfigMap', 'list'],
    post: ['createCoreV1NamespacedConfigMap', 'post'],
    delete: ['deleteCoreV1CollectionNamespacedConfigMap', 'deletecollection'],
  });
  assert.deepEqual(ids(object), {
    get: ['readCoreV1NamespacedConfigMap', 'get'],
    put: ['replaceCoreV1NamespacedConfigMap', 'put'],
    patch: ['patchCoreV1NamespacedConfigMap', 'patch'],
    delete: ['deleteCoreV1NamespacedConfigMap', 'delete'],
  });
  assert.equal(paths['/api/v1/configmaps']!['get']!['operationId'], 'listCoreV1ConfigMapForAllNamespaces');
  assert.equal(paths['/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}']!['get']!['operationId'], 'readRbacAuthorizationV1ClusterRole');
  assert.equal(paths['/api/v1/namespaces/{name}/status']!['put']!['operationId'], 'replaceCoreV1NamespaceStatus');
  const patch = object['patch']!;
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', version: 'v1', kind: 'ConfigMap' });
  const names = (patch['parameters'] as Json[]).map((p) => p['name']);
  assert.deepEqual(names, ['body', 'dryRun', 'fieldManager', 'fieldValidation', 'force']);
  assert.deepEqual(((object['put']!['parameters'] as Json[])[0]!['schema'] as Json)['$ref'], '#/definitions/io.k8s.api.core.v1.ConfigMap');
  // Create-only review resources get only a POST.
  assert.deepEqual(Object.keys(paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']!), ['parameters', 'post']);
});

test('the protobuf form decodes back to the same document with protobufjs', () => {
  const bytes = encodeGnosticDocument(doc);
  const back = GnosticDocument.toObject(GnosticDocument.decode(bytes)) as Json;
  assert.equal(back['swagger'], '2.0');
  type Named<T> = { name: string; value: T };
  const defs = (back['definitions'] as { additional_properties: Named<Json>[] }).additional_properties;
  assert.deepEqual(
    defs.map((d) => d.name),
    Object.keys(definitions),
  );
  const configMap = defs.find((d) => d.name === 'io.k8s.api.core.v1.ConfigMap')!.value;
  assert.deepEqual(configMap['type'], { value: ['object'] });
  const extension = (configMap['vendor_extension'] as Named<{ yaml: string }>[]).find((e) => e.name === 'x-kubernetes-group-version-kind')!;
  assert.deepEqual(parseYaml(extension.value.yaml), [{ group: '', version: 'v1', kind: 'ConfigMap' }]);
  const properties = (configMap['properties'] as { additional_properties: Named<Json>[] }).additional_properties;
  assert.deepEqual(properties.find((p) => p.name === 'metadata')!.value, { _ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' });
  assert.deepEqual(properties.find((p) => p.name === 'data')!.value, { type: { value: ['object'] }, additional_properties: { schema: { type: { value: ['string'] } } } });

  const pathItems = (back['paths'] as { path: Named<Json>[] }).path;
  assert.equal(pathItems.length, Object.keys(paths).length);
  const object = pathItems.find((p) => p.name === '/api/v1/namespaces/{namespace}/configmaps/{name}')!.value;
  const patch = object['patch'] as Json;
  assert.equal(patch['operation_id'], 'patchCoreV1NamespacedConfigMap');
  const parameters = patch['parameters'] as Json[];
  assert.deepEqual(parameters[0], {
    parameter: { body_parameter: { name: 'body', in: 'body', required: true, schema: { _ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } } },
  });
  const fieldValidation = ((parameters[3]!['parameter'] as Json)['non_body_parameter'] as Json)['query_parameter_sub_schema'] as Json;
  assert.equal(fieldValidation['name'], 'fieldValidation');
  const responses = (patch['responses'] as { response_code: Named<Json>[] }).response_code;
  assert.deepEqual(
    responses.map((r) => r.name),
    ['200', '201', '401'],
  );
  const security = (back['security_definitions'] as { additional_properties: Named<Json>[] }).additional_properties;
  assert.deepEqual(security[0], { name: 'BearerToken', value: { api_key_security: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' } } });
});
