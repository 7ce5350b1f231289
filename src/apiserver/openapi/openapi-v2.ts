import { componentSchemas, definitionName, OPENAPI_V2, type GroupVersionKind, type OpenAPISchema } from '../../api/schema/openapi.js';
import { schemaType } from '../../api/schema/schema.js';
import type { ResourceDefinition, SubresourceDefinition } from '../registry/resource-definition.js';
import type { ApiResource } from '../registry/resource.js';
import { KUBERNETES_VERSION } from '../../util/version.js';
import { documentPath } from './openapi-v3.js';

/**
 * The Swagger 2.0 document of `/openapi/v2` (model: kube-openapi's builder as kube-apiserver
 * serves it): one `definitions` entry per type, named as upstream (`io.k8s.api.core.v1.ConfigMap`)
 * with the same schema model as the v3 documents (bare `$ref: #/definitions/…`), kinds and their
 * lists carrying `x-kubernetes-group-version-kind`, and one path per served resource, collection,
 * object and subresource with upstream's operation ids (`listCoreV1NamespacedConfigMap`),
 * `x-kubernetes-action` and parameters. Built from the resource list it is given, so every
 * served kind appears without being listed here.
 */
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

/** `GET /openapi/v2` as JSON. */
export function openAPIV2Document(resources: readonly ApiResource[]): Record<string, unknown> {
  const kinds = new Map<string, GroupVersionKind[]>();
  const addKind = (type: string, gvk: GroupVersionKind): void => {
    const list = kinds.get(type) ?? [];
    if (!list.some((k) => k.group === gvk.group && k.version === gvk.version && k.kind === gvk.kind)) list.push(gvk);
    kinds.set(type, list);
  };
  const paths: Record<string, unknown> = {};
  for (const r of resources) {
    const def = r.definition;
    addKind(r.schemaType, { group: def.group, version: def.version, kind: def.kind });
    const listType = `${r.schemaType}List`;
    if (schemaType(listType)) addKind(listType, { group: def.group, version: def.version, kind: `${def.kind}List` });
    // Every group-version registers the meta types its requests and watches carry.
    addKind(`${META}.DeleteOptions`, { group: def.group, version: def.version, kind: 'DeleteOptions' });
    addKind(`${META}.WatchEvent`, { group: def.group, version: def.version, kind: 'WatchEvent' });
    Object.assign(paths, resourcePaths(r, listType));
  }
  addKind(`${META}.Status`, { group: '', version: 'v1', kind: 'Status' });
  const roots = [...kinds.keys(), `${META}.Patch`];
  for (const r of resources) for (const sub of r.definition.subresources ?? []) roots.push(subresourceSchemaType(r, sub) ?? r.schemaType);
  for (const list of kinds.values()) list.sort((a, b) => a.group.localeCompare(b.group) || a.version.localeCompare(b.version));
  const definitions = sortedByKey(componentSchemas(roots, kinds, OPENAPI_V2));
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION.gitVersion },
    paths: sortedByKey(paths),
    definitions,
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' } },
    security: [{ BearerToken: [] }],
  };
}

/** `apps` → `Apps`, `rbac.authorization.k8s.io` → `RbacAuthorization`, core → `Core` (operation ids). */
function groupWord(group: string): string {
  if (group === '') return 'Core';
  return group
    .replace(/\.k8s\.io$/, '')
    .split('.')
    .map(capitalize)
    .join('');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `core_v1`, `apps_v1`, `rbacAuthorization_v1` (upstream's tags). */
function tag(def: ResourceDefinition): string {
  const word = groupWord(def.group);
  return `${word.charAt(0).toLowerCase()}${word.slice(1)}_${def.version}`;
}

/** The schema type of a subresource's body: the parent's kind, or e.g. autoscaling/v1 Scale. */
function subresourceSchemaType(r: ApiResource, sub: SubresourceDefinition): string | undefined {
  if (sub.kind === r.definition.kind && sub.group === undefined) return r.schemaType;
  const group = sub.group ?? r.definition.group;
  const pkg = group === '' ? 'core' : group.split('.')[0]!;
  const name = `k8s.io.api.${pkg}.${sub.version ?? r.definition.version}.${sub.kind}`;
  return schemaType(name) ? name : undefined;
}

const ref = (type: string): OpenAPISchema => ({ $ref: `#/definitions/${definitionName(type)}` });
const query = (name: string, type: 'string' | 'boolean' | 'integer', description: string): OpenAPISchema => ({
  uniqueItems: true,
  type,
  description,
  name,
  in: 'query',
});
const pathParam = (name: string, description: string): OpenAPISchema => ({ uniqueItems: true, type: 'string', description, name, in: 'path', required: true });
const body = (type: string): OpenAPISchema => ({ name: 'body', in: 'body', required: true, schema: ref(type) });

const PARAM = {
  pretty: query('pretty', 'string', "If 'true', then the output is pretty printed."),
  dryRun: query('dryRun', 'string', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed'),
  fieldManager: query('fieldManager', 'string', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  fieldValidation: query(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
  ),
  force: query('force', 'boolean', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.'),
  allowWatchBookmarks: query('allowWatchBookmarks', 'boolean', 'allowWatchBookmarks requests watch events with type "BOOKMARK".'),
  continue: query('continue', 'string', 'The continue option should be set when retrieving more results from the server.'),
  fieldSelector: query('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  labelSelector: query('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  limit: query('limit', 'integer', 'limit is a maximum number of responses to return for a list call.'),
  resourceVersion: query('resourceVersion', 'string', 'resourceVersion sets a constraint on what resource versions a request may be served from.'),
  resourceVersionMatch: query('resourceVersionMatch', 'string', 'resourceVersionMatch determines how resourceVersion is applied to list calls.'),
  sendInitialEvents: query('sendInitialEvents', 'boolean', 'sendInitialEvents=true may be set together with watch=true.'),
  timeoutSeconds: query('timeoutSeconds', 'integer', 'Timeout for the list/watch call.'),
  watch: query('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.'),
  gracePeriodSeconds: query('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted.'),
  orphanDependents: query('orphanDependents', 'boolean', 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.'),
  propagationPolicy: query('propagationPolicy', 'string', "Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Foreground', 'Background'."),
} as const;

const LIST_PARAMS = [
  PARAM.allowWatchBookmarks,
  PARAM.continue,
  PARAM.fieldSelector,
  PARAM.labelSelector,
  PARAM.limit,
  PARAM.resourceVersion,
  PARAM.resourceVersionMatch,
  PARAM.sendInitialEvents,
  PARAM.timeoutSeconds,
  PARAM.watch,
];
const WRITE_PARAMS = [PARAM.dryRun, PARAM.fieldManager, PARAM.fieldValidation];
const DELETE_PARAMS = [PARAM.dryRun, PARAM.gracePeriodSeconds, PARAM.orphanDependents, PARAM.propagationPolicy];

/** What kts answers with (it reads protobuf and YAML bodies, but writes JSON). */
const OBJECT_TYPES = ['application/json'];
const LIST_TYPES = [...OBJECT_TYPES, 'application/json;stream=watch'];
const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

function responses(codes: readonly string[], type: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const code of codes) out[code] = { description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK', schema: ref(type) };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

/** The paths of one resource: collection, all-namespaces list, object and subresources. */
function resourcePaths(r: ApiResource, listType: string): Record<string, unknown> {
  const def = r.definition;
  const gvk = { group: def.group, version: def.version, kind: def.kind };
  const gv = `${groupWord(def.group)}${capitalize(def.version)}`;
  const scope = def.namespaced ? 'Namespaced' : '';
  const listSchema = schemaType(listType) ? listType : r.schemaType;
  const op = (action: string, id: string, extra: Record<string, unknown>, kind: GroupVersionKind = gvk, subresource = ''): Record<string, unknown> => ({
    description: describe(action, def.kind, subresource),
    consumes: ['*/*'],
    produces: OBJECT_TYPES,
    schemes: ['https'],
    tags: [tag(def)],
    operationId: id,
    ...extra,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': kind,
  });
  const has = (verb: string): boolean => def.verbs.includes(verb);
  const root = `/${documentPath(def)}`;
  const base = `${root}${def.namespaced ? '/namespaces/{namespace}' : ''}/${def.resource}`;
  const namespaceParam = def.namespaced ? [pathParam('namespace', 'object name and auth scope, such as for teams and projects')] : [];
  const nameParam = pathParam('name', `name of the ${def.kind}`);
  const paths: Record<string, unknown> = {};

  const collection: Record<string, unknown> = { parameters: [...namespaceParam, PARAM.pretty] };
  if (has('list')) collection['get'] = op('list', `list${gv}${scope}${def.kind}`, { produces: LIST_TYPES, parameters: LIST_PARAMS, responses: responses(['200'], listSchema) });
  if (has('create')) {
    collection['post'] = op('post', `create${gv}${scope}${def.kind}`, { parameters: [body(r.schemaType), ...WRITE_PARAMS], responses: responses(['200', '201', '202'], r.schemaType) });
  }
  if (has('deletecollection')) {
    collection['delete'] = op('deletecollection', `delete${gv}Collection${scope}${def.kind}`, {
      parameters: [body(`${META}.DeleteOptions`), ...DELETE_PARAMS, ...LIST_PARAMS.filter((p) => p['name'] !== 'watch' && p['name'] !== 'allowWatchBookmarks')],
      responses: responses(['200'], `${META}.Status`),
    });
  }
  if (Object.keys(collection).length > 1) paths[base] = collection;

  if (def.namespaced && has('list')) {
    paths[`${root}/${def.resource}`] = {
      parameters: [...LIST_PARAMS, PARAM.pretty],
      get: op('list', `list${gv}${def.kind}ForAllNamespaces`, { produces: LIST_TYPES, responses: responses(['200'], listSchema) }),
    };
  }

  const object: Record<string, unknown> = { parameters: [nameParam, ...namespaceParam, PARAM.pretty] };
  if (has('get')) object['get'] = op('get', `read${gv}${scope}${def.kind}`, { responses: responses(['200'], r.schemaType) });
  if (has('update')) object['put'] = op('put', `replace${gv}${scope}${def.kind}`, { parameters: [body(r.schemaType), ...WRITE_PARAMS], responses: responses(['200', '201'], r.schemaType) });
  if (has('patch')) {
    object['patch'] = op('patch', `patch${gv}${scope}${def.kind}`, {
      consumes: PATCH_TYPES,
      parameters: [body(`${META}.Patch`), ...WRITE_PARAMS, PARAM.force],
      responses: responses(['200', '201'], r.schemaType),
    });
  }
  if (has('delete')) {
    object['delete'] = op('delete', `delete${gv}${scope}${def.kind}`, { parameters: [body(`${META}.DeleteOptions`), ...DELETE_PARAMS], responses: responses(['200', '202'], `${META}.Status`) });
  }
  if (Object.keys(object).length > 1) paths[`${base}/{name}`] = object;

  for (const sub of def.subresources ?? []) {
    const type = subresourceSchemaType(r, sub);
    if (!type) continue;
    const subGvk = { group: sub.group ?? def.group, version: sub.version ?? def.version, kind: sub.kind };
    const suffix = `${scope}${def.kind}${capitalize(sub.name)}`;
    const item: Record<string, unknown> = { parameters: [nameParam, ...namespaceParam, PARAM.pretty] };
    if (sub.verbs.includes('get')) item['get'] = op('get', `read${gv}${suffix}`, { responses: responses(['200'], type) }, subGvk, sub.name);
    if (sub.verbs.includes('update')) {
      item['put'] = op('put', `replace${gv}${suffix}`, { parameters: [body(type), ...WRITE_PARAMS], responses: responses(['200', '201'], type) }, subGvk, sub.name);
    }
    if (sub.verbs.includes('patch')) {
      const patchOp = { consumes: PATCH_TYPES, parameters: [body(`${META}.Patch`), ...WRITE_PARAMS, PARAM.force], responses: responses(['200', '201'], type) };
      item['patch'] = op('patch', `patch${gv}${suffix}`, patchOp, subGvk, sub.name);
    }
    if (sub.verbs.includes('create')) {
      item['post'] = op('post', `create${gv}${suffix}`, { parameters: [body(type), ...WRITE_PARAMS], responses: responses(['200', '201', '202'], type) }, subGvk, sub.name);
    }
    if (Object.keys(item).length > 1) paths[`${base}/{name}/${sub.name}`] = item;
  }
  return paths;
}

/** Upstream's operation descriptions (`create a ConfigMap`, `read status of the specified Namespace`). */
function describe(action: string, kind: string, subresource: string): string {
  const of = subresource === '' ? '' : `${subresource} of `;
  switch (action) {
    case 'list':
      return `list or watch objects of kind ${kind}`;
    case 'post':
      return subresource === '' ? `create a ${kind}` : `create ${subresource} of a ${kind}`;
    case 'get':
      return `read ${of}the specified ${kind}`;
    case 'put':
      return `replace ${of}the specified ${kind}`;
    case 'patch':
      return `partially update ${of}the specified ${kind}`;
    case 'delete':
      return `delete a ${kind}`;
    default:
      return `delete collection of ${kind}`;
  }
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
