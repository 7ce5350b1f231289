import type { IncomingMessage, ServerResponse } from 'node:http';
import { aggregateMessage, fieldErrorBody, forbidden, required, type FieldError } from '../../api/field-errors.js';
import { FIELD_MANAGER_MAX_LENGTH, validateFieldManager, validateManagedFields, type ManagedFieldsEntry } from '../../api/fieldmanager/managed-fields.js';
import { trackApply, trackUpdate, type TrackContext } from '../../api/fieldmanager/track.js';
import { rootNode } from '../../api/fieldmanager/type-node.js';
import { ignoreAllBut, ignoreUnder } from '../../api/fieldmanager/updater.js';
import { BadRequestError, NotFoundError, StatusError } from '../../util/errors.js';
import { decodeBody, readBody } from '../http/body.js';
import { conflict, OBJECT_MODIFIED } from '../registry/generic/errors.js';
import type { KubeObject } from '../registry/generic/object.js';
import { timestamp } from '../registry/generic/object.js';
import type { SubresourceUpdate } from '../registry/generic/subresource-update.js';
import { groupVersion } from '../registry/resource-definition.js';
import { checkObject } from './read-object.js';
import type { ServedResource } from './served-resource.js';

/** The server-side apply patch type (upstream types.ApplyYAMLPatchType; JSON is YAML too). */
export const APPLY_PATCH = 'application/apply-patch+yaml';

type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

/** A hook for GenericStore writes: records the write in managedFields, returns their errors. */
export type FieldTracker = (object: KubeObject, old: KubeObject | undefined) => FieldError[];

/** 422 for invalid request options, as upstream words it (`PatchOptions.meta.k8s.io "" is invalid: …`). */
function invalidOptions(kind: OptionsKind, errors: FieldError[]): StatusError {
  return new StatusError('Invalid', 422, `${kind}.meta.k8s.io "" is invalid: ${aggregateMessage(errors)}`, {
    details: { group: 'meta.k8s.io', kind, causes: errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field })) },
  });
}

/**
 * The manager of a write (upstream managerOrUserAgent): `?fieldManager=`, validated, or else the
 * User-Agent up to its first `/` (`kubectl`), printable characters only, at most 128 bytes.
 */
export function fieldManagerOf(req: IncomingMessage, query: URLSearchParams, kind: OptionsKind, extra: FieldError[] = []): string {
  const given = query.get('fieldManager') ?? '';
  const errors = [...extra, ...validateFieldManager(given, 'fieldManager')];
  if (errors.length > 0) throw invalidOptions(kind, errors);
  return given !== '' ? given : prefixFromUserAgent(req.headers['user-agent'] ?? '');
}

export function prefixFromUserAgent(userAgent: string): string {
  let out = '';
  for (const ch of userAgent.split('/')[0]!) {
    if (validateFieldManager(ch, '').length > 0) continue;
    if (Buffer.byteLength(out + ch) > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
  }
  return out;
}

function trackContext(served: ServedResource, subresource: string): TrackContext {
  const def = served.resource.definition;
  const hasStatus = def.subresources?.some((s) => s.name === 'status') ?? false;
  const ignored = subresource === 'status' ? ignoreAllBut('status') : subresource === '' && hasStatus ? ignoreUnder('status') : undefined;
  const ctx: TrackContext = { node: rootNode(served.resource.schemaType), schemaType: served.resource.schemaType, apiVersion: groupVersion(def), subresource, now: timestamp(new Date()) };
  return ignored ? { ...ctx, ignored } : ctx;
}

/**
 * The tracker for a create, update or non-apply patch: an `Update` entry for the request's
 * manager; `subresource` is '' for the main resource.
 */
export function updateTracker(req: IncomingMessage, query: URLSearchParams, served: ServedResource, kind: OptionsKind, subresource = ''): FieldTracker {
  const extra = kind === 'PatchOptions' && query.has('force') ? [forbidden('force', 'may not be specified for non-apply patch')] : [];
  const manager = fieldManagerOf(req, query, kind, extra);
  return (object, old) => {
    trackUpdate(trackContext(served, subresource), manager, old, object);
    return validateManagedFields((object.metadata.managedFields ?? []) as ManagedFieldsEntry[]);
  };
}

export interface ApplyRequest {
  req: IncomingMessage;
  res: ServerResponse;
  served: ServedResource;
  namespace: string;
  name: string;
  query: URLSearchParams;
  dryRun: boolean;
  /** Through a subresource: its name and what it may change. */
  subresource?: { name: string; limit: SubresourceUpdate };
  /** Throws unless objects may be created in the namespace. */
  requireNamespace(namespace: string): Promise<void>;
  /** The resource's create admission (see Resource.admitCreate). */
  admitCreate(object: KubeObject): Promise<void>;
}

/**
 * A server-side apply (PATCH `application/apply-patch+yaml`): the body is the manager's whole
 * intent for the object; it is merged over the live object (created when absent) with field
 * ownership, conflicts answered with 409 unless `?force=true`. Resolves with the status code
 * and the object to answer with.
 */
export async function serverSideApply(r: ApplyRequest): Promise<{ code: number; object: KubeObject }> {
  const { served, query } = r;
  const def = served.resource.definition;
  const manager = fieldManagerOf(r.req, r.query, 'PatchOptions', query.get('fieldManager') ? [] : [required('fieldManager', 'is required for apply patch')]);
  const force = parseForce(query.get('force'));
  const config = decodeBody(APPLY_PATCH, await readBody(r.req));
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new BadRequestError('error decoding YAML: the apply patch must be an object');
  const object = config as KubeObject;
  const gv = groupVersion(def);
  if (object.apiVersion !== gv) {
    throw new BadRequestError(`Incorrect version specified in apply patch. Specified patch version: ${String(object.apiVersion ?? '')}, expected: ${gv}`);
  }
  if (object.kind !== def.kind) {
    const gvk = `${def.group}/${def.version}, Kind=${String(object.kind ?? '')}`;
    throw new BadRequestError(`failed to create typed patch object (${gvk}): no corresponding type for ${gvk}`);
  }
  object.metadata ??= {};
  checkObject(r.res, served.resource, object, query);
  const ctx = trackContext(served, r.subresource?.name ?? '');
  let exists = true;
  try {
    await served.store.get(r.namespace, r.name);
  } catch (err) {
    if (!(err instanceof StatusError && err.code === 404)) throw err;
    exists = false;
  }
  if (!exists) {
    if (r.subresource) throw new NotFoundError(`${def.group === '' ? def.resource : `${def.resource}.${def.group}`} "${r.name}" not found`);
    if (r.namespace !== '') await r.requireNamespace(r.namespace);
    const created = trackApply(ctx, manager, undefined, object, force) as KubeObject;
    delete created.metadata.resourceVersion;
    created.metadata.name ??= r.name;
    if (created.metadata.name !== r.name) throw new BadRequestError(`the name of the object (${created.metadata.name}) does not match the name on the URL (${r.name})`);
    await r.admitCreate(created);
    return { code: 201, object: await served.store.create(r.namespace, created, { dryRun: r.dryRun }) };
  }
  // A subresource keeps the stored metadata: the managed fields the apply computed are put back
  // after it (the store calls `track` then).
  let managedFields: unknown;
  const apply = (current: KubeObject): KubeObject => {
    // A resourceVersion in the configuration is a precondition, as in every other write.
    const wanted = object.metadata.resourceVersion;
    if (wanted !== undefined && wanted !== '' && wanted !== current.metadata.resourceVersion) {
      throw conflict({ group: def.group, resource: def.resource, kind: def.kind }, r.name, OBJECT_MODIFIED);
    }
    const applied = trackApply(ctx, manager, current, object, force) as KubeObject;
    managedFields = applied.metadata.managedFields;
    return applied;
  };
  const track: FieldTracker = (next) => {
    if (managedFields === undefined) delete next.metadata.managedFields;
    else next.metadata.managedFields = managedFields as unknown[];
    return [];
  };
  const updated = await served.store.update(r.namespace, r.name, apply, { dryRun: r.dryRun, track, ...(r.subresource ? { subresource: r.subresource.limit } : {}) });
  return { code: 200, object: updated };
}

function parseForce(value: string | null): boolean {
  if (value === null || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new BadRequestError(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
}

/** Upstream's order of the patch types in the 415 message (endpoints/installer.go). */
const PATCH_TYPE_ORDER = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', APPLY_PATCH];

/** The patch media types a PATCH accepts (`others` and apply), in upstream's order, for the 415 message. */
export function acceptedPatchTypes(others: readonly string[]): string {
  const rank = (t: string): number => (PATCH_TYPE_ORDER.includes(t) ? PATCH_TYPE_ORDER.indexOf(t) : PATCH_TYPE_ORDER.length);
  return [...others, APPLY_PATCH].sort((a, b) => rank(a) - rank(b)).join(', ');
}
