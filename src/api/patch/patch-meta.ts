import { schemaType } from '../schema/schema.js';

/**
 * Patch metadata from the schema, as upstream reads it from Go struct tags: only `patchStrategy`
 * and `patchMergeKey` matter (not listType/mapType, which are server-side apply's).
 */

/** What a JSON object is: a message, a map (collection 'map') with values of some kind, or untyped JSON. */
export type PatchContext = { readonly message: string } | { readonly mapOf: PatchContext } | null;

export interface FieldPatchMeta {
  /** 'merge' for keyed lists and sets, 'replace' for wholesale replacement, undefined for the default. */
  readonly strategy: 'merge' | 'replace' | undefined;
  readonly mergeKey: string | undefined;
  /** What the field's value is; for lists, what each element is. */
  readonly context: PatchContext;
}

const UNTYPED: FieldPatchMeta = { strategy: undefined, mergeKey: undefined, context: null };

/**
 * Metadata of `key` in an object of `context`. Fields the schema does not know, and untyped JSON
 * (RawExtension, FieldsV1), have none: objects merge and lists are replaced, as in a JSON merge patch.
 */
export function fieldPatchMeta(context: PatchContext, key: string): FieldPatchMeta {
  if (context === null) return UNTYPED;
  if ('mapOf' in context) return { strategy: undefined, mergeKey: undefined, context: context.mapOf };
  const field = schemaType(context.message)?.jsonFields.get(key);
  if (!field) return UNTYPED;
  const value: PatchContext = 'ref' in field.type ? { message: field.type.ref } : null;
  return {
    strategy: strategyOf(field.patchStrategy),
    mergeKey: field.patchMergeKey,
    context: field.collection === 'map' ? { mapOf: value } : value,
  };
}

/** `retainKeys` only tells clients to send `$retainKeys`; the server honours the directive wherever it is. */
function strategyOf(tag: string | undefined): FieldPatchMeta['strategy'] {
  const strategies = (tag ?? '').split(',');
  if (strategies.includes('merge')) return 'merge';
  return strategies.includes('replace') ? 'replace' : undefined;
}
