import { isDeepStrictEqual } from 'node:util';
import { conflictError, type Conflicts } from './conflict.js';
import { FieldSet } from './field-set.js';
import { managerIdentifier, type ManagerFields, type Managers } from './managed-fields.js';
import { child, fieldElement, join, type PathString } from './path.js';
import type { TypeNode } from './type-node.js';
import { compare, ensureNamedFieldsAreMembers, merge, removeItems, toFieldSet, type Comparison } from './walk.js';

/**
 * Field ownership through writes (structured-merge-diff's merge.Updater with the apiserver's
 * field manager layers around it). Objects given here carry no `metadata.managedFields`; the
 * caller decodes and encodes them.
 */
export interface UpdaterContext {
  /** The kind's schema. */
  readonly node: TypeNode;
  /** The API version of the request, e.g. `v1`, `apps/v1`. */
  readonly apiVersion: string;
  /** '' for the main resource, `status` for writes through it. */
  readonly subresource: string;
  /** Fields this endpoint resets (upstream ResetFieldsStrategy): nobody owns them through it. */
  readonly ignored?: (path: PathString) => boolean;
  /** RFC 3339 timestamp for entries changed now. */
  readonly now: string;
}

/** Fields never tracked (upstream's stripMeta): type, identity and system metadata. */
const STRIPPED = new FieldSet(
  [['apiVersion'], ['kind'], ['metadata'], ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => ['metadata', f])].map((parts) =>
    join(parts.map(fieldElement)),
  ),
);

function tracked(ctx: UpdaterContext, set: FieldSet): FieldSet {
  if (set.empty) return set;
  const ignored = ctx.ignored;
  return set.filter(ignored ? (p) => !STRIPPED.has(p) && !ignored(p) : (p) => !STRIPPED.has(p));
}

/**
 * An Update (create, update, patch) by `manager`: it takes the fields it added or changed, from
 * whoever had them; fields it removed leave every manager. Its entry (one per manager, API
 * version and subresource) gains those fields and a new time.
 */
export function updateManagers(ctx: UpdaterContext, live: object, next: object, managers: Managers, manager: string): Managers {
  const comparison = trackedComparison(ctx, compare(live, next, ctx.node));
  const out = transfer(managers, comparison, undefined, true).managers;
  const own = comparison.added.union(comparison.modified);
  if (own.empty) return capUpdateManagers(out);
  const id = managerIdentifier({ manager, operation: 'Update', apiVersion: ctx.apiVersion, subresource: ctx.subresource });
  const previous = out.get(id);
  out.set(id, { manager, operation: 'Update', apiVersion: ctx.apiVersion, subresource: ctx.subresource, time: ctx.now, set: previous ? previous.set.union(own) : own });
  return capUpdateManagers(out);
}

/** Upstream DefaultMaxUpdateManagers and the bucket older updates are merged into. */
export const MAX_UPDATE_MANAGERS = 10;
export const ANCIENT_CHANGES = 'ancient-changes';

/**
 * At most MAX_UPDATE_MANAGERS Update entries (upstream capManagersManager): the oldest are merged,
 * per API version, into an `ancient-changes` entry that takes the time of the newest merged one.
 */
export function capUpdateManagers(managers: Managers): Managers {
  const updaters = [...managers].filter(([, m]) => m.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return managers;
  const out: Managers = new Map(managers);
  updaters.sort(([, a], [, b]) => (a.time ?? '').localeCompare(b.time ?? ''));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (const [id, m] of updaters) {
    if (length <= MAX_UPDATE_MANAGERS) break;
    const first = firstByVersion.get(m.apiVersion);
    if (first === undefined) {
      firstByVersion.set(m.apiVersion, id);
      continue;
    }
    const bucketWho = { manager: ANCIENT_CHANGES, operation: 'Update' as const, apiVersion: m.apiVersion, subresource: '' };
    const bucketId = managerIdentifier(bucketWho);
    let bucket = out.get(bucketId);
    if (!bucket) {
      const firstFields = out.get(first)!;
      out.delete(first);
      bucket = { ...bucketWho, time: firstFields.time, set: firstFields.set };
    }
    out.delete(id);
    out.set(bucketId, { ...bucket, time: m.time, set: bucket.set.union(m.set) });
    length--;
  }
  return out;
}

export interface ApplyResult {
  object: Record<string, unknown>;
  managers: Managers;
}

/**
 * An Apply of `config` by `manager` (upstream Updater.Apply): merges it over `live`, makes the
 * applier own exactly the fields of `config`, removes fields it applied last time and no longer
 * does unless another manager owns them, and throws a 409 conflict error when the result changes
 * fields other managers own (unless `force`, which takes them over).
 */
export function applyConfig(ctx: UpdaterContext, live: Record<string, unknown>, config: Record<string, unknown>, managers: Managers, manager: string, force: boolean): ApplyResult {
  const result = tryApply(ctx, live, config, managers, manager, force);
  if ('conflicts' in result) throw conflictError(result.conflicts);
  return result;
}

/** `applyConfig` without throwing: the conflicts instead. */
export function tryApply(
  ctx: UpdaterContext,
  live: Record<string, unknown>,
  config: Record<string, unknown>,
  managers: Managers,
  manager: string,
  force: boolean,
): ApplyResult | { conflicts: Conflicts } {
  const merged = merge(live, config, ctx.node) as Record<string, unknown>;
  const who = { manager, operation: 'Apply' as const, apiVersion: ctx.apiVersion, subresource: ctx.subresource };
  const id = managerIdentifier(who);
  const last = managers.get(id)?.set;
  const applied = toFieldSet(config, ctx.node).filter((p) => !ctx.ignored?.(p));
  const withSelf: Managers = new Map(managers);
  withSelf.set(id, { ...who, time: managers.get(id)?.time, set: tracked(ctx, applied) });
  let object = merged;
  if (last && !last.empty) {
    // What the applier gave up and nobody (itself included, identity fields too) still owns.
    let owned = applied;
    for (const m of withSelf.values()) owned = owned.union(m.set);
    const toRemove = ensureNamedFieldsAreMembers(last, ctx.node).difference(ensureNamedFieldsAreMembers(owned, ctx.node));
    object = removeItems(merged, toRemove, ctx.node) as Record<string, unknown>;
  }
  const comparison = trackedComparison(ctx, compare(live, object, ctx.node));
  const transferred = transfer(withSelf, comparison, id, force);
  if (transferred.conflicts.size > 0 && !force) return { conflicts: transferred.conflicts };
  const self = transferred.managers.get(id)!;
  const changed = !isDeepStrictEqual(live, object);
  transferred.managers.set(id, { ...self, time: changed || !self.time ? ctx.now : self.time });
  return { object, managers: capUpdateManagers(transferred.managers) };
}

function trackedComparison(ctx: UpdaterContext, c: Comparison): Comparison {
  return { added: tracked(ctx, c.added), modified: tracked(ctx, c.modified), removed: tracked(ctx, c.removed) };
}

/**
 * Upstream Updater.update: fields changed by the writer `self` conflict with the managers owning
 * them; with `force` they lose them, and every manager loses removed fields. Managers left with
 * nothing are dropped.
 */
function transfer(managers: Managers, comparison: Comparison, self: string | undefined, force: boolean): { managers: Managers; conflicts: Conflicts } {
  const changed = comparison.added.union(comparison.modified);
  const conflicts: Conflicts = new Map();
  for (const [id, m] of managers) {
    if (id === self) continue;
    const fields = m.set.intersection(changed);
    if (!fields.empty) conflicts.set(id, { manager: m, fields });
  }
  const out: Managers = new Map();
  if (conflicts.size > 0 && !force) return { managers: out, conflicts };
  for (const [id, m] of managers) {
    if (id === self) {
      out.set(id, m);
      continue;
    }
    const set = m.set.difference(conflicts.get(id)?.fields ?? new FieldSet()).difference(comparison.removed);
    if (!set.empty) out.set(id, withSet(m, set));
  }
  return { managers: out, conflicts };
}

function withSet(m: ManagerFields, set: FieldSet): ManagerFields {
  return { ...m, set };
}

/** An `ignored` predicate for the fields under the given top-level fields (e.g. `status`). */
export function ignoreUnder(...fields: string[]): (path: PathString) => boolean {
  const roots = fields.map(fieldElement);
  const below = roots.map((root) => child(root, ''));
  return (path) => {
    for (let i = 0; i < roots.length; i++) if (path === roots[i] || path.startsWith(below[i]!)) return true;
    return false;
  };
}

/** An `ignored` predicate for everything but the given top-level fields (status endpoints). */
export function ignoreAllBut(...fields: string[]): (path: PathString) => boolean {
  const keep = ignoreUnder(...fields);
  return (path) => !keep(path);
}
