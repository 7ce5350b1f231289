import { schemaType, type SchemaField, type ValueType } from '../schema/schema.js';

/**
 * How server-side apply sees a value, from the schema (the structured-merge-diff schema upstream
 * derives from the OpenAPI document):
 *
 * - `leaf`: a scalar, or anything atomic (atomic structs, maps and lists, untyped JSON, fields
 *   the schema does not know): owned and replaced as a whole;
 * - `struct`: a message whose fields are owned separately;
 * - `map`: a granular map (labels, ConfigMap data): entries owned separately;
 * - `list`: an associative list (`listType: map`, or a merge key): items by their key fields;
 * - `set`: a list of scalars (`listType: set`, or patch strategy merge): items by value.
 */
export type TypeNode =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'struct'; readonly message: string }
  | { readonly kind: 'map'; readonly elem: TypeNode }
  | { readonly kind: 'list'; readonly elem: TypeNode; readonly keys: readonly string[]; readonly keyDefaults?: Readonly<Record<string, unknown>> }
  | { readonly kind: 'set' };

export const LEAF: TypeNode = { kind: 'leaf' };

/** The node of a whole object of the message `schemaTypeName` (unknown names are atomic). */
export function rootNode(schemaTypeName: string): TypeNode {
  return valueNode({ ref: schemaTypeName });
}

/** The node of a field of a struct; undefined when the struct does not declare it. */
export function fieldNode(struct: TypeNode & { kind: 'struct' }, name: string): TypeNode | undefined {
  let fields = declaredNodes.get(struct.message);
  if (!fields) declaredNodes.set(struct.message, (fields = new Map()));
  let node = fields.get(name);
  if (node === undefined) {
    const field = schemaType(struct.message)?.jsonFields.get(name);
    if (!field) return undefined;
    fields.set(name, (node = nodeOfField(field)));
  }
  return node;
}

/**
 * Nodes of declared fields by message and field name (every write walks them). Only declared
 * fields are cached, so what clients send cannot grow it.
 */
const declaredNodes = new Map<string, Map<string, TypeNode>>();

/** The node of an entry (struct field or map entry) of `parent`, `LEAF` for undeclared fields. */
export function entryNode(parent: TypeNode, name: string): TypeNode {
  if (parent.kind === 'struct') return fieldNode(parent, name) ?? LEAF;
  if (parent.kind === 'map') return parent.elem;
  return LEAF;
}

const fieldCache = new WeakMap<SchemaField, TypeNode>();

function nodeOfField(field: SchemaField): TypeNode {
  let node = fieldCache.get(field);
  if (!node) {
    node = computeFieldNode(field);
    fieldCache.set(field, node);
  }
  return node;
}

function computeFieldNode(field: SchemaField): TypeNode {
  const elem = valueNode(field.type);
  if (field.collection === 'map') return field.mapType === 'atomic' ? LEAF : { kind: 'map', elem };
  if (field.collection !== 'list') return elem;
  const merge = (field.patchStrategy ?? '').split(',').includes('merge');
  const listType = field.listType ?? (merge ? (field.patchMergeKey ? 'map' : 'set') : 'atomic');
  if (listType === 'map') {
    const keys = field.listMapKeys ?? (field.patchMergeKey ? [field.patchMergeKey] : []);
    if (keys.length === 0 || elem.kind !== 'struct') return LEAF;
    const keyDefaults = KEY_DEFAULTS[elem.message];
    return keyDefaults ? { kind: 'list', elem, keys, keyDefaults } : { kind: 'list', elem, keys };
  }
  if (listType === 'set') return elem.kind === 'leaf' && !('ref' in field.type) ? { kind: 'set' } : LEAF;
  return LEAF;
}

/**
 * Defaults of list-map key fields (`+default=` in upstream's types, carried into the OpenAPI
 * schema): an item that omits such a key is the item with its default (a port without protocol
 * is the TCP one), as structured-merge-diff keys it.
 */
const KEY_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'k8s.io.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'k8s.io.api.core.v1.ServicePort': { protocol: 'TCP' },
};

function valueNode(type: ValueType): TypeNode {
  if (!('ref' in type)) return LEAF;
  const message = schemaType(type.ref);
  if (!message || message.atomic) return LEAF;
  return { kind: 'struct', message: type.ref };
}
