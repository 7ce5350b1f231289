import { BadRequestError, StatusError } from '../../util/errors.js';
import { conflictError } from './conflict.js';
import { decodeManagedFields, encodeManagedFields, isResetManagedFields, type Managers } from './managed-fields.js';
import { allowedConflictsFromLastApplied, KUBECTL_MANAGER, syncLastApplied } from './last-applied.js';
import { tryApply, updateManagers, type UpdaterContext } from './updater.js';
import { zeroObject } from './walk.js';

/**
 * `metadata.managedFields` on whole objects (upstream fieldmanager.FieldManager): decoding what
 * is stored or sent, running the updater, encoding the result onto the object.
 */
export interface TrackContext extends UpdaterContext {
  /** Schema type of the kind (for the empty object creates are compared with). */
  readonly schemaType: string;
}

type JsonObject = Record<string, unknown>;
interface WithMeta extends JsonObject {
  metadata?: { managedFields?: unknown; uid?: string; annotations?: Record<string, string>; [k: string]: unknown };
}

/** The object without metadata.managedFields (a shallow copy down to metadata). */
function withoutManagedFields(object: WithMeta): JsonObject {
  const { managedFields: _m, ...metadata } = object.metadata ?? {};
  return { ...object, metadata };
}

function decodeOrEmpty(entries: unknown): Managers {
  try {
    return decodeManagedFields(entries);
  } catch {
    return new Map();
  }
}

/** Sets (or, when there are none, removes) `metadata.managedFields` on `object`. */
function encodeOnto(object: WithMeta, managers: Managers): void {
  const meta = (object.metadata ??= {});
  const entries = encodeManagedFields(managers);
  if (entries.length > 0) meta.managedFields = entries;
  else delete meta.managedFields;
}

/**
 * Records an Update by `manager` on `next` (created when `live` is undefined), in place. The
 * managed fields to start from are those sent with `next` when it carries valid ones (clients
 * may edit them; `[]` clears them), otherwise the live object's; writes through a subresource
 * always start from the live object's. Like upstream, an existing object without managed fields
 * is not tracked until something applies to it.
 */
export function trackUpdate(ctx: TrackContext, manager: string, live: WithMeta | undefined, next: WithMeta): void {
  const liveManagers = decodeOrEmpty(live?.metadata?.managedFields);
  let base: Managers;
  const sent = next.metadata?.managedFields;
  if (ctx.subresource !== '' || sent === undefined) base = liveManagers;
  else if (isResetManagedFields(sent)) base = new Map();
  else {
    base = decodeOrEmpty(sent);
    if (base.size === 0) base = liveManagers;
  }
  if (base.size === 0 && live?.metadata?.uid) {
    if (next.metadata) delete next.metadata.managedFields;
    return;
  }
  const before = live ? withoutManagedFields(live) : zeroObject(ctx.schemaType);
  encodeOnto(next, updateManagers(ctx, before, withoutManagedFields(next), base, manager));
}

/** Manager of the fields an object had before its first apply (upstream's name). */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/**
 * An Apply of `config` by `manager` to `live` (undefined: the object is created): the new object
 * with its managed fields, or a 409 Conflict StatusError. `kubectl` applying over a client-side
 * applied object may take the fields the annotation says it set, and keeps the annotation in
 * step (upstream lastAppliedManager, lastAppliedUpdater).
 */
export function trackApply(ctx: TrackContext, manager: string, live: WithMeta | undefined, config: WithMeta, force: boolean): JsonObject {
  if (config.metadata?.managedFields !== undefined && config.metadata.managedFields !== null) throw new BadRequestError('metadata.managedFields must be nil');
  let managers: Managers;
  try {
    managers = decodeManagedFields(live?.metadata?.managedFields);
  } catch (err) {
    throw new StatusError('InternalError', 500, `failed to decode managed fields: ${(err as Error).message}`);
  }
  const liveObject = live ? withoutManagedFields(live) : {};
  if (live && managers.size === 0) {
    managers = updateManagers(ctx, zeroObject(ctx.schemaType), liveObject, managers, BEFORE_FIRST_APPLY);
  }
  const cleanConfig = withoutManagedFields(config);
  let result = tryApply(ctx, liveObject, cleanConfig, managers, manager, force);
  if ('conflicts' in result && manager === KUBECTL_MANAGER) {
    const allowed = allowedConflictsFromLastApplied(liveObject, ctx.node);
    if (allowed) {
      let remaining = false;
      for (const { fields } of result.conflicts.values()) if (!fields.difference(allowed).empty) remaining = true;
      if (!remaining) result = tryApply(ctx, liveObject, cleanConfig, managers, manager, true);
      else for (const [id, c] of result.conflicts) result.conflicts.set(id, { ...c, fields: c.fields.difference(allowed) });
    }
  }
  if ('conflicts' in result) {
    for (const [id, c] of result.conflicts) if (c.fields.empty) result.conflicts.delete(id);
    throw conflictError(result.conflicts);
  }
  const object = result.object as WithMeta;
  if (manager === KUBECTL_MANAGER) syncLastApplied(object, cleanConfig);
  encodeOnto(object, result.managers);
  return object;
}
