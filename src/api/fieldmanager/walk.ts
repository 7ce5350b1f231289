import { isDeepStrictEqual } from 'node:util';
import { schemaType } from '../schema/schema.js';
import { FieldSet } from './field-set.js';
import { child, elements, fieldElement, join, keyElement, ROOT, valueElement, type PathString } from './path.js';
import { entryNode, fieldNode, LEAF, type TypeNode } from './type-node.js';

/**
 * The typed walks of structured-merge-diff (typed/toset.go, compare.go, merge.go, remove.go) over
 * plain JSON values, guided by a `TypeNode`. Values are never mutated; results are new values.
 */

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether `value` has the shape `node` expects (objects for structs and maps, arrays for lists). */
function fits(node: TypeNode, value: unknown): boolean {
  if (node.kind === 'struct' || node.kind === 'map') return isObject(value);
  if (node.kind === 'list' || node.kind === 'set') return Array.isArray(value);
  return true;
}

/** The path element of a list item. */
function itemElement(node: TypeNode & { kind: 'list' | 'set' }, item: unknown): string {
  return node.kind === 'list' && isObject(item) ? keyElement(item, node.keys, node.keyDefaults) : valueElement(item);
}

function itemNode(node: TypeNode & { kind: 'list' | 'set' }): TypeNode {
  return node.kind === 'list' ? node.elem : LEAF;
}

/** The node below `node` at one path element. */
function childNode(node: TypeNode, element: string): TypeNode {
  if (element.startsWith('f:')) return entryNode(node, element.slice(2));
  if (node.kind === 'list') return node.elem;
  return LEAF;
}

/**
 * The fields of a value (upstream ToFieldSet): scalars and atomic values, list items, map
 * entries, and fields set to null or `{}`. Structs that hold something are not members
 * themselves; what they hold is.
 */
export function toFieldSet(value: unknown, node: TypeNode): FieldSet {
  const out = new Set<PathString>();
  const walk = (v: unknown, n: TypeNode, path: PathString): void => {
    if (n.kind === 'leaf' || !fits(n, v)) {
      if (path !== ROOT) out.add(path);
      return;
    }
    if (n.kind === 'struct' || n.kind === 'map') {
      for (const [key, entry] of Object.entries(v as JsonObject)) {
        if (entry === undefined) continue;
        const declared = n.kind === 'struct' ? fieldNode(n, key) : undefined;
        const p = child(path, fieldElement(key));
        walk(entry, declared ?? entryNode(n, key), p);
        if (entry === null || (isObject(entry) && Object.keys(entry).length === 0) || !declared) out.add(p);
      }
      return;
    }
    for (const item of v as unknown[]) {
      const p = child(path, itemElement(n, item));
      walk(item, itemNode(n), p);
      out.add(p);
    }
  };
  walk(value, node, ROOT);
  return FieldSet.adopt(out);
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/**
 * What changed from `lhs` to `rhs` (upstream TypedValue.Compare): leaves added, removed or
 * modified, and the structs, maps, lists and items that appeared or disappeared. A value present
 * as null counts as present (upstream's zero-valued objects hold nulls).
 */
export function compare(lhs: unknown, rhs: unknown, node: TypeNode): Comparison {
  const added = new Set<PathString>();
  const modified = new Set<PathString>();
  const removed = new Set<PathString>();
  const walk = (l: unknown, r: unknown, n: TypeNode, path: PathString): void => {
    if (l === undefined && r === undefined) return;
    const shaped = n.kind !== 'leaf' && (l === undefined || l === null || fits(n, l)) && (r === undefined || r === null || fits(n, r));
    if (!shaped) {
      if (l === undefined) added.add(path);
      else if (r === undefined) removed.add(path);
      else if (!isDeepStrictEqual(l, r)) modified.add(path);
      return;
    }
    if (n.kind === 'struct' || n.kind === 'map') {
      const lo = isObject(l) ? l : {};
      const ro = isObject(r) ? r : {};
      for (const key of Object.keys(lo)) walk(lo[key], ro[key], entryNode(n, key), child(path, fieldElement(key)));
      for (const key of Object.keys(ro)) if (!Object.hasOwn(lo, key)) walk(undefined, ro[key], entryNode(n, key), child(path, fieldElement(key)));
    } else if (n.kind === 'list' || n.kind === 'set') {
      const li = indexItems(n, Array.isArray(l) ? l : []);
      const ri = indexItems(n, Array.isArray(r) ? r : []);
      for (const element of new Set([...li.keys(), ...ri.keys()])) walk(li.get(element), ri.get(element), itemNode(n), child(path, element));
    }
    if (path === ROOT) return;
    if (l === undefined) added.add(path);
    else if (r === undefined) removed.add(path);
  };
  walk(lhs, rhs, node, ROOT);
  return { added: FieldSet.adopt(added), modified: FieldSet.adopt(modified), removed: FieldSet.adopt(removed) };
}

/** Items by path element; the first of duplicates wins. */
function indexItems(node: TypeNode & { kind: 'list' | 'set' }, items: readonly unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const item of items) {
    const element = itemElement(node, item);
    if (!out.has(element)) out.set(element, item);
  }
  return out;
}

/**
 * The applied configuration `rhs` merged over the live `lhs` (upstream TypedValue.Merge): leaves
 * and atomic values from `rhs`; structs and maps field by field; associative lists and sets item
 * by item, keeping items only `lhs` has, in upstream's order. A null in `rhs` removes the field.
 */
export function merge(lhs: unknown, rhs: unknown, node: TypeNode): unknown {
  if (rhs === undefined) return lhs;
  if (rhs === null) return undefined;
  if (node.kind === 'leaf' || !fits(node, rhs) || !fits(node, lhs)) return dropNulls(rhs);
  if (node.kind === 'struct' || node.kind === 'map') {
    const out: JsonObject = { ...(lhs as JsonObject) };
    for (const [key, value] of Object.entries(rhs as JsonObject)) {
      const merged = merge(out[key], value, entryNode(node, key));
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    }
    return out;
  }
  return mergeItems(node, lhs as unknown[], rhs as unknown[]);
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) out[key] = dropNulls(v);
  return out;
}

/** structured-merge-diff's list merge: shared items in `rhs` order, `lhs`-only items kept in place. */
function mergeItems(node: TypeNode & { kind: 'list' | 'set' }, lhs: readonly unknown[], rhs: readonly unknown[]): unknown[] {
  const lPEs = lhs.map((item) => itemElement(node, item));
  const rPEs = rhs.map((item) => itemElement(node, item));
  const observedL = indexItems(node, lhs);
  const observedR = indexItems(node, rhs);
  const sharedOrder = rPEs.filter((pe) => observedL.has(pe));
  let nextShared = sharedOrder.shift();
  const mergedR = new Set<string>();
  const out: unknown[] = [];
  const push = (l: unknown, r: unknown): void => {
    const merged = r === undefined ? l : merge(l, r, itemNode(node));
    if (merged !== undefined) out.push(merged);
  };
  let li = 0;
  let ri = 0;
  while (li < lhs.length || ri < rhs.length) {
    if (li < lhs.length && ri < rhs.length) {
      const pe = lPEs[li]!;
      if (pe === rPEs[ri]) {
        mergedR.add(pe);
        push(observedL.get(pe), observedR.get(pe));
        li++;
        ri++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (observedR.has(pe) && nextShared !== undefined && nextShared !== pe) {
        li++;
        continue;
      }
    }
    if (li < lhs.length) {
      const pe = lPEs[li]!;
      if (!observedR.has(pe)) {
        push(lhs[li], undefined);
        li++;
        continue;
      }
      if (mergedR.has(pe)) {
        li++;
        continue;
      }
    }
    if (ri < rhs.length) {
      const pe = rPEs[ri]!;
      mergedR.add(pe);
      push(observedL.get(pe), observedR.get(pe));
      ri++;
      if (nextShared !== undefined && nextShared === pe) nextShared = sharedOrder.shift();
    }
  }
  return out;
}

/**
 * `value` without the members of `set` (upstream RemoveItems): a member path goes with all it
 * holds; paths with members below are entered. Maps and lists left empty by removals go too.
 */
export function removeItems(value: unknown, set: FieldSet, node: TypeNode): unknown {
  const walk = (v: unknown, n: TypeNode, path: PathString): unknown => {
    if (n.kind === 'leaf' || !fits(n, v)) return v;
    if (n.kind === 'struct' || n.kind === 'map') {
      const out: JsonObject = {};
      for (const [key, entry] of Object.entries(v as JsonObject)) {
        const p = child(path, fieldElement(key));
        if (set.has(p)) continue;
        const kept = set.hasBelow(p) ? walk(entry, entryNode(n, key), p) : entry;
        if (kept !== undefined) out[key] = kept;
      }
      return Object.keys(out).length > 0 || Object.keys(v as JsonObject).length === 0 ? out : undefined;
    }
    const out: unknown[] = [];
    for (const item of v as unknown[]) {
      const p = child(path, itemElement(n, item));
      if (set.has(p)) continue;
      const kept = set.hasBelow(p) ? walk(item, itemNode(n), p) : item;
      if (kept !== undefined) out.push(kept);
    }
    return out.length > 0 || (v as unknown[]).length === 0 ? out : undefined;
  };
  return walk(value, node, ROOT) ?? {};
}

/**
 * `set` plus every struct field that has members below it (upstream
 * EnsureNamedFieldsAreMembers), so that removing a struct field that nobody owns any more
 * removes it whole.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, node: TypeNode): FieldSet {
  const out = new Set(set.paths());
  for (const member of set.paths()) {
    const parts = elements(member);
    let n = node;
    for (let i = 0; i < parts.length - 1; i++) {
      const element = parts[i]!;
      if (n.kind === 'struct' && element.startsWith('f:') && fieldNode(n, element.slice(2))) out.add(join(parts.slice(0, i + 1)));
      n = childNode(n, element);
    }
  }
  return new FieldSet(out);
}

/**
 * The JSON form of a new, empty Go object of the message (what upstream compares a created
 * object with): struct fields that are not pointers are present (recursively), other fields that
 * are not optional are null, the rest absent. Shared: callers must not mutate it.
 */
export function zeroObject(message: string): Readonly<JsonObject> {
  let zero = zeroCache.get(message);
  if (!zero) zeroCache.set(message, (zero = buildZero(message, 0)));
  return zero;
}

const zeroCache = new Map<string, JsonObject>();

function buildZero(message: string, depth: number): JsonObject {
  const type = schemaType(message);
  const out: JsonObject = {};
  if (!type || depth > 16) return out;
  for (const [name, field] of type.jsonFields) {
    if (!field.described || field.pointer) continue;
    if (field.collection) {
      if (!field.optional) out[name] = null;
    } else if ('ref' in field.type && schemaType(field.type.ref)) {
      out[name] = buildZero(field.type.ref, depth + 1);
    }
  }
  return out;
}
