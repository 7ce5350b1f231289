import { invalid as invalidField, required, type FieldError } from '../../../api/field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../api/validation/object-meta.js';
import type { Backend, KeyValue } from '../../../storage/backend.js';
import { KeyConflictError } from '../../../storage/errors.js';
import { BadRequestError, BugError, NotFoundError, StatusError } from '../../../util/errors.js';
import { alreadyExists, conflict, invalid, notFound, OBJECT_MODIFIED, type Subject } from './errors.js';
import { generateName, newUid } from './names.js';
import { cloneObject, timestamp, type KubeObject } from './object.js';
import type { DeleteOptions, ResourceStrategy } from './strategy.js';
import { finishNothing, type StoreHooks } from './store-hooks.js';
import type { SubresourceUpdate } from './subresource-update.js';
import { decodeStored, encodeStored } from './stored-form.js';
import { sameJSON } from '../../../api/json-equal.js';
import { normalizeGoJSON } from '../../../api/schema/go-json.js';

export interface WriteOptions {
  /** Validate and default, but persist nothing (`?dryRun=All`). */
  dryRun?: boolean;
  /**
   * Records the write in `metadata.managedFields` (the field manager): called with the object as
   * it will be validated (defaulted and prepared) and the stored one (undefined on create);
   * returns field errors to report with validation.
   */
  track?: (object: KubeObject, old: KubeObject | undefined) => FieldError[];
}

export interface UpdateOptions extends WriteOptions {
  /** Through a subresource (status, finalize): what it may change; the rest stays as stored. */
  subresource?: SubresourceUpdate;
}

/** The outcome of a delete: gone, or still there with a deletion timestamp (finalizers, grace). */
export interface DeleteResult {
  object: KubeObject;
  deleted: boolean;
}

/**
 * How many times an unconditional write is retried when another writer got there first. Each
 * round one contender wins, so this bounds only a runaway loop, not legitimate contention.
 */
const MAX_RETRIES = 1000;

/**
 * Create, get, update and delete of one resource over the store, with Kubernetes object
 * semantics (model: k8s.io/apiserver/pkg/registry/generic/registry.Store):
 *
 * - keys are `<prefix><namespace>/<name>` (namespaced) or `<prefix><name>`;
 * - objects are stored as JSON without `resourceVersion`, which is the store revision and is
 *   stamped on every object read;
 * - create sets uid, creationTimestamp and generation 1 and honours generateName; update keeps
 *   them, bumps generation when the spec changed, and is a no-op (no new revision) when nothing
 *   changed;
 * - updates are optimistic: a client that sent a resourceVersion gets 409 Conflict if it is
 *   stale; without one the update is retried on the latest object;
 * - delete honours preconditions, finalizers (the object stays with a deletionTimestamp until
 *   they are removed; the update that removes the last one deletes it) and grace periods.
 */
export class GenericStore {
  private readonly subject: Subject;

  constructor(
    private readonly backend: Backend,
    /** Storage key prefix, e.g. `/registry/pods/`. */
    readonly prefix: string,
    readonly strategy: ResourceStrategy,
    /** Per-server state kept in step with writes (see StoreHooks for when each runs). */
    readonly hooks: StoreHooks = {},
    /**
     * The schema type of the stored objects: written as Go's JSON encoding would write them (see
     * normalizeGoJSON), after the field manager has seen them. Undefined: written as given.
     */
    private readonly goType?: string,
  ) {
    this.subject = { group: strategy.group, resource: strategy.resource, kind: strategy.kind };
  }

  key(namespace: string, name: string): string {
    return this.strategy.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`;
  }

  decode(kv: KeyValue, revision = kv.modRevision): KubeObject {
    return decodeStored(kv.value, revision);
  }

  async get(namespace: string, name: string): Promise<KubeObject> {
    const { kv } = await this.backend.get(this.key(namespace, name));
    if (!kv) throw notFound(this.subject, name);
    return this.decode(kv);
  }

  async create(namespace: string, input: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const object = cloneObject(input);
    const meta = (object.metadata ??= {});
    this.checkNamespace(namespace, object);
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    if (!meta.name) throw invalid(this.subject, '', [required('metadata.name', 'name or generateName is required')]);
    meta.uid = newUid();
    meta.creationTimestamp = timestamp(new Date());
    meta.generation = 1;
    for (const field of ['resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'] as const) delete meta[field];
    this.strategy.applyDefaults?.(object);
    this.strategy.prepareForCreate?.(object);
    const trackErrors = options.track?.(object, undefined) ?? [];
    if (this.goType) normalizeGoJSON(this.goType, object);
    this.check(meta.name, [
      ...validateObjectMeta(meta, this.strategy.namespaced, this.strategy.nameRule),
      ...trackErrors,
      ...(this.strategy.validate?.(object) ?? []),
      ...(this.strategy.validateCreate?.(object) ?? []),
    ]);
    const finish = this.hooks.beginCreate?.(object, { dryRun: options.dryRun === true }) ?? finishNothing;
    let stored = false;
    try {
      if (options.dryRun) return object;
      const { revision } = await this.backend.create(this.key(namespace, meta.name), encodeStored(object), this.ttl(object));
      stored = true;
      meta.resourceVersion = String(revision);
      return object;
    } catch (err) {
      if (err instanceof StatusError && err.reason === 'AlreadyExists') throw alreadyExists(this.subject, meta.name);
      throw err;
    } finally {
      finish(stored);
    }
  }

  /**
   * Replaces the object with `input` (PUT). `input.metadata.resourceVersion`, when set, must be
   * the current one. `mutate`, when given instead, computes the new object from the current one
   * (PATCH, subresources) and is re-run on a fresh copy if another writer got there first.
   */
  async update(namespace: string, name: string, change: KubeObject | ((current: KubeObject) => KubeObject), options: UpdateOptions = {}): Promise<KubeObject> {
    for (let attempt = 0; ; attempt++) {
      const { kv } = await this.backend.get(this.key(namespace, name));
      if (!kv) throw notFound(this.subject, name);
      const old = this.decode(kv);
      const object = typeof change === 'function' ? change(cloneObject(old)) : cloneObject(change);
      const meta = (object.metadata ??= {});
      if (meta.name !== undefined && meta.name !== name) {
        throw new BadRequestError(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
      }
      meta.name = name;
      this.checkNamespace(namespace, object);
      const uidErrors = this.checkUid(kv.key, name, meta.uid, old.metadata.uid, typeof change === 'function');
      // The new object's resourceVersion is the precondition, whether the client sent the object
      // (PUT) or a patch computed it from the current one (a patch that sets it, as upstream's
      // patch handler: the patched object goes through the same check).
      const requestedVersion = meta.resourceVersion;
      if (requestedVersion !== undefined && requestedVersion !== '' && requestedVersion !== old.metadata.resourceVersion) {
        throw conflict(this.subject, name, OBJECT_MODIFIED);
      }
      // System fields are the store's: a client cannot change them.
      for (const field of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
        if (old.metadata[field] === undefined) delete meta[field];
        else meta[field] = old.metadata[field] as never;
      }
      delete meta.selfLink;
      this.strategy.applyDefaults?.(object);
      if (options.subresource) {
        // Replaced in place: `object` and `meta` are used below.
        const { metadata, ...rest } = options.subresource(object, old);
        for (const key of Object.keys(object)) if (key !== 'metadata') delete object[key];
        for (const key of Object.keys(meta)) delete meta[key];
        Object.assign(object, rest);
        Object.assign(meta, metadata);
        this.strategy.prepareForSubresourceUpdate?.(object, old);
      } else {
        this.strategy.prepareForUpdate?.(object, old);
      }
      const trackErrors = options.track?.(object, old) ?? [];
      if (this.goType) normalizeGoJSON(this.goType, object);
      // A subresource write bumps the generation only if it changed the spec: the strategy's wider
      // rule (deployments: annotations too) is for writes through the main resource.
      const specChanged = this.strategy.specChanged && !options.subresource ? this.strategy.specChanged(object, old) : !sameJSON(object['spec'], old['spec']);
      if (specChanged) meta.generation = (old.metadata.generation ?? 0) + 1;
      this.check(name, [
        ...validateObjectMeta(meta, this.strategy.namespaced, this.strategy.nameRule),
        ...validateObjectMetaUpdate(meta, old.metadata),
        ...uidErrors,
        ...trackErrors,
        ...(this.strategy.validate?.(object) ?? []),
        ...(this.strategy.validateUpdate?.(object, old) ?? []),
      ]);

      meta.resourceVersion = old.metadata.resourceVersion;
      if (sameJSON(object, old)) return old; // nothing changed: no new revision
      const begun = this.hooks.beginUpdate?.(object, old, { dryRun: options.dryRun === true }) ?? finishNothing;
      let finished = false;
      const finish = (success: boolean): void => {
        if (!finished) begun(success);
        finished = true;
      };
      try {
        if (options.dryRun) return object;
        if (
          meta.deletionTimestamp !== undefined &&
          (meta.finalizers?.length ?? 0) === 0 &&
          (meta.deletionGracePeriodSeconds ?? 0) === 0 &&
          !this.strategy.deletionPending?.(object)
        ) {
          // The last finalizer is gone from an object being deleted: it goes now. Nothing new was
          // stored (the update's own allocations go back), and what the stored object held is freed.
          await this.backend.delete(kv.key, kv.modRevision);
          finish(false);
          this.hooks.afterDelete?.(old);
          return object;
        }
        const { revision } = await this.backend.update(kv.key, encodeStored(object), kv.modRevision, this.ttl(object));
        finish(true);
        meta.resourceVersion = String(revision);
        return object;
      } catch (err) {
        if (!(err instanceof KeyConflictError || err instanceof NotFoundError)) throw err;
        // A computed object is computed again from the fresh one (its precondition checked again then).
        if ((typeof change !== 'function' && requestedVersion) || attempt >= MAX_RETRIES) throw conflict(this.subject, name, OBJECT_MODIFIED);
        if (err instanceof NotFoundError) throw notFound(this.subject, name);
      } finally {
        finish(false);
      }
    }
  }

  /**
   * Deletes the object, or marks it for deletion: with finalizers (or a propagation policy that
   * adds one) or a grace period, it gets a deletionTimestamp and stays until they are done.
   */
  async delete(namespace: string, name: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    for (let attempt = 0; ; attempt++) {
      const { kv } = await this.backend.get(this.key(namespace, name));
      if (!kv) throw notFound(this.subject, name);
      const object = this.decode(kv);
      const meta = object.metadata;
      this.checkPreconditions(name, object, options);
      this.strategy.admitDelete?.(object);
      const finalizers = withPropagationFinalizer(meta.finalizers ?? [], options.propagationPolicy);
      const grace = this.strategy.gracePeriodSeconds?.(object, options) ?? 0;
      const alreadyDeleting = meta.deletionTimestamp !== undefined;
      const pending = this.strategy.deletionPending?.(object) ?? false;
      try {
        if (finalizers.length === 0 && grace === 0 && !pending) {
          if (!options.dryRun) {
            await this.backend.delete(kv.key, kv.modRevision);
            this.hooks.afterDelete?.(object);
          }
          return { object, deleted: true };
        }
        // Graceful or finalized: mark it (a later delete may only shorten the grace period).
        if (alreadyDeleting && grace >= (meta.deletionGracePeriodSeconds ?? 0) && sameSet(finalizers, meta.finalizers ?? [])) {
          return { object, deleted: false };
        }
        const now = Date.now();
        if (!alreadyDeleting || grace < (meta.deletionGracePeriodSeconds ?? 0)) {
          meta.deletionTimestamp = timestamp(new Date(now + grace * 1000));
          meta.deletionGracePeriodSeconds = grace;
        }
        if (finalizers.length > 0) meta.finalizers = finalizers;
        this.strategy.prepareForDelete?.(object);
        if (options.dryRun) return { object, deleted: false };
        const { revision } = await this.backend.update(kv.key, encodeStored(object), kv.modRevision, this.ttl(object));
        meta.resourceVersion = String(revision);
        return { object, deleted: false };
      } catch (err) {
        if (!(err instanceof KeyConflictError) || attempt >= MAX_RETRIES) throw err instanceof KeyConflictError ? conflict(this.subject, name, OBJECT_MODIFIED) : err;
      }
    }
  }

  /**
   * A uid in the new object must be the stored one's. Upstream: a PUT's uid is a storage
   * precondition (409 with the storage error's text); a patched object's uid meets only the
   * immutable-field validation (422, reported with the other field errors, returned here).
   */
  private checkUid(key: string, name: string, uid: string | undefined, stored: string | undefined, computed: boolean): FieldError[] {
    if (uid === undefined || uid === '' || uid === stored) return [];
    if (computed) return [invalidField('metadata.uid', uid, 'field is immutable')];
    throw conflict(
      this.subject,
      name,
      `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${uid}, UID in object meta: ${stored ?? ''}`,
    );
  }

  private checkPreconditions(name: string, object: KubeObject, options: DeleteOptions): void {
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid !== undefined && uid !== object.metadata.uid) {
      throw conflict(this.subject, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${object.metadata.uid ?? ''}`);
    }
    if (resourceVersion !== undefined && resourceVersion !== object.metadata.resourceVersion) {
      throw conflict(
        this.subject,
        name,
        `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${object.metadata.resourceVersion ?? ''}`,
      );
    }
  }

  private checkNamespace(namespace: string, object: KubeObject): void {
    const meta = object.metadata;
    if (!this.strategy.namespaced) {
      delete meta.namespace;
      return;
    }
    if (namespace === '') throw new BugError(`${this.strategy.resource} is namespaced but no namespace was given`);
    if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== namespace) {
      throw new BadRequestError('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = namespace;
  }

  private check(name: string, errors: FieldError[]): void {
    if (errors.length > 0) throw invalid(this.subject, name, errors);
  }

  private ttl(object: KubeObject): { ttlSeconds?: number } {
    const ttlSeconds = this.strategy.ttlSeconds?.(object);
    return ttlSeconds === undefined ? {} : { ttlSeconds };
  }
}

/** The finalizers through which the garbage collector carries out a propagation policy. */
const GC_FINALIZERS: Record<string, string> = { Orphan: 'orphan', Foreground: 'foregroundDeletion' };

/**
 * Finalizers after a delete with `policy`: Orphan and Foreground add the garbage collector's
 * finalizer (replacing the other's); Background removes both; no policy keeps what is there.
 */
function withPropagationFinalizer(finalizers: readonly string[], policy: DeleteOptions['propagationPolicy']): string[] {
  if (policy === undefined) return [...finalizers];
  const result = finalizers.filter((f) => !Object.values(GC_FINALIZERS).includes(f));
  const added = GC_FINALIZERS[policy];
  if (added) result.push(added);
  return result;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
