import { schemaType, SPECIAL_TYPES, type SchemaField, type SpecialKind, type ValueType } from './schema.js';

/**
 * OpenAPI v3 component schemas derived from the schema model, named and shaped as upstream's
 * `/openapi/v3` documents (`io.k8s.api.core.v1.Container`, `x-kubernetes-*` extensions) so that
 * `kubectl explain`, client-side apply and `kubectl edit` find what they look for.
 */
export type OpenAPISchema = Record<string, unknown>;

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** `k8s.io.api.core.v1.Pod` → `io.k8s.api.core.v1.Pod` (upstream's definition names). */
export function definitionName(typeName: string): string {
  return typeName.startsWith('k8s.io.') ? `io.k8s.${typeName.slice('k8s.io.'.length)}` : typeName;
}

const SPECIAL_SCHEMAS: Readonly<Record<SpecialKind, OpenAPISchema>> = {
  time: { type: 'string', format: 'date-time' },
  'micro-time': { type: 'string', format: 'date-time' },
  duration: { type: 'string' },
  quantity: { type: 'string' },
  'int-or-string': { type: 'string', format: 'int-or-string' },
  'raw-extension': { type: 'object' },
  'fields-v1': { type: 'object' },
  'string-list': { type: 'array', items: { type: 'string', default: '' } },
};

/**
 * How references are written: OpenAPI v3 points into `#/components/schemas/` and wraps a field's
 * single reference in `allOf` (so siblings such as `default` may stand beside it); Swagger 2.0
 * (`/openapi/v2`) points into `#/definitions/` with a bare `$ref`, as upstream's documents do.
 */
export interface SchemaFlavor {
  readonly refPrefix: string;
  readonly wrapRefs: boolean;
}

export const OPENAPI_V3: SchemaFlavor = { refPrefix: '#/components/schemas/', wrapRefs: true };
export const OPENAPI_V2: SchemaFlavor = { refPrefix: '#/definitions/', wrapRefs: false };

/**
 * Component schemas for `roots` and every type they reference, by definition name. `kinds` tells
 * which messages are top-level kinds (they get apiVersion/kind and x-kubernetes-group-version-kind).
 */
export function componentSchemas(
  roots: readonly string[],
  kinds: ReadonlyMap<string, GroupVersionKind[]>,
  flavor: SchemaFlavor = OPENAPI_V3,
): Record<string, OpenAPISchema> {
  const out: Record<string, OpenAPISchema> = {};
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop()!;
    const definition = definitionName(name);
    if (out[definition]) continue;
    const special = SPECIAL_TYPES[name];
    if (special) {
      out[definition] = { ...SPECIAL_SCHEMAS[special] };
      continue;
    }
    const type = schemaType(name);
    if (!type) continue;
    const properties: Record<string, OpenAPISchema> = {};
    const required: string[] = [];
    const gvks = kinds.get(name);
    if (gvks) {
      properties['apiVersion'] = { type: 'string' };
      properties['kind'] = { type: 'string' };
    }
    for (const [fieldName, field] of type.jsonFields) {
      properties[fieldName] = fieldSchema(field, pending, flavor);
      // As upstream's openapi-gen: required unless omitempty or +optional (known only with Go facts).
      if (field.described && (field.required || !field.optional)) required.push(fieldName);
    }
    const schema: OpenAPISchema = { type: 'object', properties };
    if (required.length > 0) schema['required'] = required;
    if (type.atomic) schema['x-kubernetes-map-type'] = 'atomic';
    if (gvks) schema['x-kubernetes-group-version-kind'] = gvks;
    out[definition] = schema;
  }
  return out;
}

function valueSchema(type: ValueType, pending: string[], flavor: SchemaFlavor): OpenAPISchema {
  if ('scalar' in type) {
    switch (type.scalar) {
      case 'string':
        return { type: 'string' };
      case 'bytes':
        return { type: 'string', format: 'byte' };
      case 'int32':
        return { type: 'integer', format: 'int32' };
      case 'int64':
        return { type: 'integer', format: 'int64' };
      case 'boolean':
        return { type: 'boolean' };
      case 'double':
        return { type: 'number', format: 'double' };
    }
  }
  const name = 'ref' in type ? type.ref : Object.entries(SPECIAL_TYPES).find(([, kind]) => kind === type.special)![0];
  pending.push(name);
  return { $ref: `${flavor.refPrefix}${definitionName(name)}` };
}

function fieldSchema(field: SchemaField, pending: string[], flavor: SchemaFlavor): OpenAPISchema {
  let schema = valueSchema(field.type, pending, flavor);
  if (field.enum) schema = { ...schema, enum: [...field.enum] };
  if (field.collection === 'list') schema = { type: 'array', items: schema };
  else if (field.collection === 'map') schema = { type: 'object', additionalProperties: schema };
  else if (schema['$ref'] !== undefined && flavor.wrapRefs) schema = { allOf: [schema] }; // upstream's v3 wraps single refs
  if (field.patchStrategy) schema['x-kubernetes-patch-strategy'] = field.patchStrategy;
  if (field.patchMergeKey) schema['x-kubernetes-patch-merge-key'] = field.patchMergeKey;
  if (field.listType) schema['x-kubernetes-list-type'] = field.listType;
  if (field.listMapKeys) schema['x-kubernetes-list-map-keys'] = field.listMapKeys;
  if (field.mapType) schema['x-kubernetes-map-type'] = field.mapType;
  return schema;
}
