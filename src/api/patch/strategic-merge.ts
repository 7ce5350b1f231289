import { isDeepStrictEqual } from 'node:util';
import { BadRequestError } from '../../util/errors.js';
import {
  DELETE_FROM_PRIMITIVE_LIST,
  PATCH,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  badArgTypeError,
  directiveField,
  isDirective,
  mergeKeyOf,
  unknownPatchTypeError,
} from './directives.js';
import { orderElements, validateElementOrder } from './element-order.js';
import { goString, isObject, type JsonObject } from './json.js';
import { fieldPatchMeta, type FieldPatchMeta, type PatchContext } from './patch-meta.js';

/**
 * Applies a strategic merge patch to `original`, an object of the protobuf message `typeName`
 * (e.g. `k8s.io.api.apps.v1.Deployment`), as the API server does (upstream
 * `strategicpatch.StrategicMergePatch`):
 * - `null` deletes a field; objects merge field by field; lists are replaced, unless the field's
 *   patch strategy is `merge`: then lists of objects merge by the merge key and lists of
 *   primitives as sets, ordered as `orderElements` says;
 * - directives: `$patch: replace|delete` on an object; `{$patch: delete, <key>: v}` and
 *   `{$patch: replace}` items in keyed lists; `$retainKeys`; `$setElementOrder/<list>`;
 *   `$deleteFromPrimitiveList/<list>`. No directive reaches the result.
 * Returns a new object and never mutates its inputs. A patch that is not an object, and misused
 * directives, are BadRequestError; a `null` patch changes nothing (both as upstream).
 *
 * Where upstream copies patch content verbatim (a field the original lacks, a replaced object or
 * list), this applies it as a patch to nothing, so directives and nulls inside it do not leak
 * (upstream's typed decoding drops them afterwards).
 */
export function applyStrategicMergePatch(typeName: string, original: unknown, patch: unknown): unknown {
  const base: JsonObject = isObject(original) ? structuredClone(original) : {};
  if (patch === null) return base;
  if (!isObject(patch)) {
    const kind = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw new BadRequestError(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  return mergeObject(base, patch, { message: typeName });
}

/** A merged list, and the server's order as upstream sees it afterwards (see `mergeKeyedList`). */
interface MergedList {
  readonly list: unknown[];
  readonly serverOrder: readonly unknown[];
}

/** Upstream `mergeMap`, in its order of steps. */
function mergeObject(original: JsonObject, patch: JsonObject, context: PatchContext): JsonObject {
  // 1. `$patch` on an object replaces or deletes it whole.
  if (Object.hasOwn(patch, PATCH)) return objectDirective(patch, context);
  const out = new Map(Object.entries(original));
  // 2. `$retainKeys` clears the fields it does not name.
  retainKeys(out, patch);
  // 3. Lists with a `$setElementOrder` merge and take its order.
  const ordered = mergeOrderedLists(out, patch, context);
  // 4. All other fields.
  for (const [key, value] of Object.entries(patch)) {
    if (!isDirective(key) && !ordered.has(key)) mergeField(out, key, value, fieldPatchMeta(context, key));
  }
  // 5. Deletions from lists of primitives, after their additions.
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) deleteFromPrimitiveList(out, directiveField(key, DELETE_FROM_PRIMITIVE_LIST), value);
  }
  return Object.fromEntries(out);
}

function objectDirective(patch: JsonObject, context: PatchContext): JsonObject {
  const { [PATCH]: directive, ...rest } = patch;
  if (directive === 'delete') return {};
  if (directive === 'replace') return mergeObject({}, rest, context);
  throw unknownPatchTypeError(directive, patch);
}

/** Upstream `applyRetainKeysDirective`: fields the patch sets must be retained; the others are cleared. */
function retainKeys(out: Map<string, unknown>, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const retained = patch[RETAIN_KEYS];
  if (!Array.isArray(retained)) throw new BadRequestError('invalid patch format of retainKeys');
  for (const [key, value] of Object.entries(patch)) {
    if (!isDirective(key) && value !== null && !retained.includes(key)) throw new BadRequestError('invalid patch format of retainKeys');
  }
  for (const key of [...out.keys()]) if (!retained.includes(key)) out.delete(key);
}

/**
 * Upstream `mergePatchIntoOriginal`: for each `$setElementOrder/<field>`, merges the field's patch
 * list (if any) into the original's and orders the result: the directive's items in its order,
 * server-only items where the server had them. Returns the fields it merged.
 */
function mergeOrderedLists(out: Map<string, unknown>, patch: JsonObject, context: PatchContext): Set<string> {
  const done = new Set<string>();
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const field = directiveField(key, SET_ELEMENT_ORDER);
    const meta = fieldPatchMeta(context, field);
    const orderList = asList(order);
    const current = out.has(field) ? asList(out.get(field)) : undefined;
    const patchList = Object.hasOwn(patch, field) ? asList(patch[field]) : undefined;
    validateElementOrder(patchList ?? [], orderList, meta.mergeKey);
    let merged: MergedList;
    if (patchList !== undefined) merged = current === undefined ? { list: freshList(patchList, meta), serverOrder: [] } : mergeList(current, patchList, meta);
    else if (current !== undefined) merged = { list: current, serverOrder: current };
    else continue;
    out.set(field, orderElements(merged.list, orderList, merged.serverOrder, meta.mergeKey));
    done.add(field);
  }
  return done;
}

function mergeField(out: Map<string, unknown>, key: string, value: unknown, meta: FieldPatchMeta): void {
  const current = out.get(key);
  if (value === null) out.delete(key);
  else if (isObject(current) && isObject(value) && meta.strategy !== 'replace') out.set(key, mergeObject(current, value, meta.context));
  else if (Array.isArray(current) && Array.isArray(value)) out.set(key, mergeList(current, value, meta).list);
  else out.set(key, fresh(value, meta));
}

/** Upstream `mergeSlice`: merging lists merge, all others are replaced by the patch's. */
function mergeList(current: unknown[], patch: unknown[], meta: FieldPatchMeta): MergedList {
  if (meta.strategy !== 'merge') return { list: freshList(patch, meta), serverOrder: current };
  if (current.length === 0 && patch.length === 0) return { list: [], serverOrder: current };
  if (elementKind([...current, ...patch]) === 'primitive') {
    return { list: orderElements(unique([...current, ...patch]), patch, current, undefined), serverOrder: current };
  }
  if (meta.mergeKey === undefined) throw new BadRequestError('cannot merge lists without merge key for type struct');
  // elementKind found only objects.
  return mergeKeyedList(current as JsonObject[], patch as JsonObject[], meta.mergeKey, meta.context);
}

/**
 * A keyed list: deletions first, then each patch item merges into the first item with its key or
 * is appended; a `{$patch: replace}` item makes the patch's items the whole list.
 * `serverOrder` is the original list after deletions and appends, cut to its original length:
 * upstream edits the live list in place (Go slices share storage) and orders a
 * `$setElementOrder` list by what it then holds; upstream's expected results depend on it.
 */
function mergeKeyedList(current: JsonObject[], patch: JsonObject[], mergeKey: string, context: PatchContext): MergedList {
  const { items, deletes, replace } = listDirectives(patch, mergeKey);
  const survivors = current.filter((item) => !deletes.some((key) => hasKey(item, mergeKey, key)));
  if (replace) return { list: items.map((item) => mergeObject({}, item, context)), serverOrder: survivors };
  const merged = [...survivors];
  const appended: JsonObject[] = [];
  for (const item of items) {
    const at = merged.findIndex((other) => hasKey(other, mergeKey, item[mergeKey]));
    const target = merged[at];
    if (target) {
      merged[at] = mergeObject(target, item, context);
    } else {
      const added = mergeObject({}, item, context);
      merged.push(added);
      appended.push(added);
    }
  }
  return { list: orderElements(merged, items, survivors, mergeKey), serverOrder: [...survivors, ...appended].slice(0, current.length) };
}

/** Upstream `mergeSliceWithSpecialElements`: plain items (each with the merge key), keys to delete, and whether to replace. */
function listDirectives(patch: JsonObject[], mergeKey: string): { items: JsonObject[]; deletes: unknown[]; replace: boolean } {
  const items: JsonObject[] = [];
  const deletes: unknown[] = [];
  let replace = false;
  for (const item of patch) {
    const directive = Object.hasOwn(item, PATCH) ? item[PATCH] : undefined;
    if (directive === undefined) {
      mergeKeyOf(item, mergeKey);
      items.push(item);
    } else if (directive === 'delete') deletes.push(mergeKeyOf(item, mergeKey));
    else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw new BadRequestError('merging lists cannot yet be specified in the patch');
    else throw unknownPatchTypeError(directive, item);
  }
  return { items, deletes, replace };
}

/**
 * `$deleteFromPrimitiveList/<field>`: removes every occurrence of these values. Upstream sets the
 * list to the values when the original has none; here there is nothing to delete from.
 */
function deleteFromPrimitiveList(out: Map<string, unknown>, field: string, values: unknown): void {
  if (values === null) {
    out.delete(field);
    return;
  }
  if (!Array.isArray(values)) throw badArgTypeError('list', values);
  const current = out.get(field);
  if (Array.isArray(current)) out.set(field, current.filter((item) => !values.some((value) => isDeepStrictEqual(value, item))));
}

/** Patch content with nothing to merge into: applied to nothing, directive items of merging lists dropped. */
function fresh(value: unknown, meta: FieldPatchMeta): unknown {
  if (isObject(value)) return mergeObject({}, value, meta.context);
  return Array.isArray(value) ? freshList(value, meta) : value;
}

function freshList(list: unknown[], meta: FieldPatchMeta): unknown[] {
  const items = meta.strategy === 'merge' ? list.filter((item) => !(isObject(item) && Object.hasOwn(item, PATCH))) : list;
  const element: FieldPatchMeta = { strategy: undefined, mergeKey: undefined, context: meta.context };
  return items.map((item) => fresh(item, element));
}

/** Upstream `sliceElementType`: a merging list holds objects, or primitives of one type, never lists. */
function elementKind(items: readonly unknown[]): 'object' | 'primitive' {
  const kinds = new Set(items.map((item) => (Array.isArray(item) ? 'list' : item === null ? 'null' : typeof item)));
  if (kinds.has('list')) throw new BadRequestError('lists of lists are not supported');
  if (kinds.size > 1) throw new BadRequestError(`list element types are not identical: ${goString(items)}`);
  return kinds.has('object') ? 'object' : 'primitive';
}

function hasKey(item: JsonObject, mergeKey: string, key: unknown): boolean {
  return Object.hasOwn(item, mergeKey) && isDeepStrictEqual(item[mergeKey], key);
}

function unique(values: readonly unknown[]): unknown[] {
  return values.filter((value, i) => values.findIndex((other) => isDeepStrictEqual(other, value)) === i);
}

function asList(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw badArgTypeError('list', value);
  return value;
}
