import { schemaType, type SchemaField, type SchemaType } from './schema.js';

/**
 * Makes an object of the message `typeName` read as Kubernetes' Go JSON encoding writes it once
 * decoded into its Go type (which is what upstream stores and serves), in place:
 *
 * - an empty (or null) list or map in an omitempty field is left out, as Go omits an empty slice
 *   or map (`ownerReferences: []` after the last owner goes reads as no field at all);
 * - a value-typed (non-pointer) `metav1.Time`/`MicroTime` field that is absent or null reads
 *   `null`: Go's omitempty never omits a struct, and the zero time encodes as null (a pod
 *   condition's `lastProbeTime: null`, a template's `metadata.creationTimestamp: null`).
 *
 * The schema's `optional` (a `+optional` marker or `omitempty`) stands for omitempty: the API
 * conventions pair them. Fields the schema does not know, and types without Go facts, are left as
 * they are. Idempotent.
 */
export function normalizeGoJSON(typeName: string, value: Record<string, unknown>): void {
  const type = schemaType(typeName);
  if (type) normalizeObject(type, value);
}

function normalizeObject(type: SchemaType, object: Record<string, unknown>): void {
  for (const [key, child] of Object.entries(object)) {
    const field = type.jsonFields.get(key);
    if (!field || !field.described) continue;
    if (field.collection !== undefined) {
      if (field.optional && isEmptyCollection(child)) delete object[key];
      else normalizeCollection(field, child);
      continue;
    }
    if ('ref' in field.type && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      const inner = schemaType(field.type.ref);
      if (inner) normalizeObject(inner, child as Record<string, unknown>);
    }
  }
  if (!type.factsKnown) return;
  for (const [key, field] of type.jsonFields) {
    if (isValueTime(field) && (object[key] === undefined || object[key] === null)) object[key] = null;
  }
}

function normalizeCollection(field: SchemaField, value: unknown): void {
  if (!('ref' in field.type) || value === null || typeof value !== 'object') return;
  const inner = schemaType(field.type.ref);
  if (!inner) return;
  const items = Array.isArray(value) ? value : Object.values(value);
  for (const item of items) {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) normalizeObject(inner, item as Record<string, unknown>);
  }
}

function isEmptyCollection(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function isValueTime(field: SchemaField): boolean {
  return field.described && !field.pointer && field.collection === undefined && 'special' in field.type && (field.type.special === 'time' || field.type.special === 'micro-time');
}
