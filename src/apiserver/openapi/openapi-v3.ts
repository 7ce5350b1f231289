import { componentSchemas, definitionName, type GroupVersionKind } from '../../api/schema/openapi.js';
import type { ResourceDefinition } from '../registry/resource-definition.js';
import type { ApiResource } from '../registry/resource.js';
import { KUBERNETES_VERSION } from '../../util/version.js';

/**
 * The OpenAPI v3 documents (`/openapi/v3` index and one document per group-version, model:
 * k8s.io/kube-openapi handler3). Each operation carries `x-kubernetes-action` and
 * `x-kubernetes-group-version-kind`, and writes list the `fieldValidation` and `dryRun`
 * parameters: kubectl looks for them before sending server-side field validation.
 */
export function documentPath(def: { group: string; version: string }): string {
  return def.group === '' ? `api/${def.version}` : `apis/${def.group}/${def.version}`;
}

/** `GET /openapi/v3`. */
export function openAPIIndex(resources: readonly ApiResource[]): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const r of resources) {
    const path = documentPath(r.definition);
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${KUBERNETES_VERSION.gitVersion}` };
  }
  return { paths };
}

/** `GET /openapi/v3/<path>` for one group-version's resources. */
export function openAPIDocument(resources: readonly ApiResource[]): unknown {
  const kinds = new Map<string, GroupVersionKind[]>();
  const paths: Record<string, unknown> = {};
  for (const r of resources) {
    const def = r.definition;
    kinds.set(r.schemaType, [{ group: def.group, version: def.version, kind: def.kind }]);
    Object.assign(paths, resourcePaths(def, definitionName(r.schemaType)));
  }
  const meta = 'k8s.io.apimachinery.pkg.apis.meta.v1';
  const schemas = componentSchemas([...kinds.keys(), `${meta}.Status`, `${meta}.DeleteOptions`], kinds);
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION.gitVersion },
    paths,
    components: { schemas },
  };
}

function resourcePaths(def: ResourceDefinition, definition: string): Record<string, unknown> {
  const gvk = { group: def.group, version: def.version, kind: def.kind };
  const base = `/${documentPath(def)}${def.namespaced ? '/namespaces/{namespace}' : ''}/${def.resource}`;
  const ref = { $ref: `#/components/schemas/${definition}` };
  const body = { content: { 'application/json': { schema: ref }, 'application/yaml': { schema: ref } }, required: true };
  const ok = (code: string): unknown => ({ [code]: { description: 'OK', content: { 'application/json': { schema: ref } } } });
  const query = (name: string): unknown => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
  const writeParams = [query('dryRun'), query('fieldManager'), query('fieldValidation')];
  const op = (action: string, extra: Record<string, unknown>): Record<string, unknown> => ({
    operationId: `${action}${def.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    ...extra,
  });
  const scope = def.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }] : [];
  const named = [{ name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }];
  return {
    [base]: {
      parameters: scope,
      get: op('list', { responses: ok('200') }),
      post: op('post', { parameters: writeParams, requestBody: body, responses: { ...(ok('200') as object), ...(ok('201') as object) } }),
    },
    [`${base}/{name}`]: {
      parameters: [...scope, ...named],
      get: op('get', { responses: ok('200') }),
      put: op('put', { parameters: writeParams, requestBody: body, responses: ok('200') }),
      patch: op('patch', {
        parameters: [...writeParams, query('force')],
        requestBody: {
          content: {
            'application/json-patch+json': { schema: { type: 'object' } },
            'application/merge-patch+json': { schema: { type: 'object' } },
            'application/strategic-merge-patch+json': { schema: { type: 'object' } },
            'application/apply-patch+yaml': { schema: { type: 'object' } },
          },
          required: true,
        },
        responses: ok('200'),
      }),
      delete: op('delete', { parameters: [query('dryRun'), query('gracePeriodSeconds'), query('propagationPolicy')], responses: ok('200') }),
    },
  };
}

