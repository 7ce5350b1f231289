import { BadRequestError } from '../../util/errors.js';
import type { ListerWatcher, ListOptions, ObjectList, Watch, WatchOptions } from '../lister-watcher.js';
import type { KubeObjectLike } from '../object.js';
import { HttpWatch } from './http-watch.js';
import type { HttpTransport } from './transport.js';

/** Which resource a handle addresses (a GroupVersionResource plus its scope). */
export interface ResourceRef {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural, lower-case, e.g. `configmaps`. */
  resource: string;
  namespaced: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface WriteOptions extends CallOptions {
  fieldManager?: string;
  /** `['All']` to validate and admit without persisting. */
  dryRun?: 'All'[];
  /** `fieldValidation`: Ignore, Warn or Strict. */
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  // JSON is YAML, so an apply configuration is sent as JSON.
  apply: 'application/apply-patch+yaml',
};

export interface PatchOptions extends WriteOptions {
  /** Server-side apply only: take ownership of conflicting fields. */
  force?: boolean;
  /** e.g. `status`. */
  subresource?: string;
}

/** metav1.DeleteOptions. */
export interface DeleteOptions extends CallOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: 'All'[];
}

interface ListBody<T> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: T[];
}

/**
 * One resource on one API server, optionally bound to a namespace (model: client-go's dynamic
 * ResourceInterface). Without a namespace, list and watch span all namespaces and the other verbs
 * of a namespaced resource take the namespace from the object (create/update) or fail.
 */
export class ResourceClient<T extends KubeObjectLike = KubeObjectLike> implements ListerWatcher<T> {
  constructor(
    private readonly transport: HttpTransport,
    readonly ref: ResourceRef,
    readonly namespaceName?: string,
  ) {
    if (namespaceName !== undefined && !ref.namespaced) throw new Error(`${ref.resource} is not namespaced`);
  }

  /** The same resource within `namespace`. */
  namespace(namespace: string): ResourceClient<T> {
    return new ResourceClient<T>(this.transport, this.ref, namespace);
  }

  get(name: string, options: CallOptions & { resourceVersion?: string } = {}): Promise<T> {
    const query = new URLSearchParams();
    if (options.resourceVersion !== undefined) query.set('resourceVersion', options.resourceVersion);
    return this.transport.json<T>({ method: 'GET', path: this.path(this.namespaceName, name), query, signal: options.signal });
  }

  /**
   * Lists objects; with `limit`, fetches page after page (following `continue`) and returns them
   * all at the first page's revision. Items get apiVersion/kind from the list when they lack them.
   */
  async list(options: ListOptions & CallOptions = {}): Promise<ObjectList<T>> {
    const items: T[] = [];
    let resourceVersion: string | undefined;
    let continueToken: string | undefined;
    do {
      const query = selectorQuery(options);
      if (options.limit !== undefined) query.set('limit', String(options.limit));
      if (continueToken) query.set('continue', continueToken);
      else if (options.resourceVersion !== undefined) query.set('resourceVersion', options.resourceVersion);
      const page = await this.transport.json<ListBody<T>>({ method: 'GET', path: this.path(this.namespaceName), query, signal: options.signal });
      resourceVersion ??= page.metadata?.resourceVersion ?? '';
      const kind = page.kind?.endsWith('List') ? page.kind.slice(0, -'List'.length) : undefined;
      for (const item of page.items ?? []) {
        items.push(page.apiVersion && kind ? { apiVersion: page.apiVersion, kind, ...item } : item);
      }
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
    return { resourceVersion, items };
  }

  create(object: T, options: WriteOptions = {}): Promise<T> {
    return this.transport.json<T>({
      method: 'POST',
      path: this.path(this.namespaceFor(object)),
      query: writeQuery(options),
      body: object,
      signal: options.signal,
    });
  }

  /** POST to a subresource of `name` (e.g. `serviceaccounts/x/token`, `pods/x/eviction`); answers the server's body. */
  createSubresource<R = unknown>(name: string, subresource: string, body: unknown, options: WriteOptions = {}): Promise<R> {
    return this.transport.json<R>({
      method: 'POST',
      path: this.path(this.namespaceName, name, subresource),
      query: writeQuery(options),
      body,
      signal: options.signal,
    });
  }

  /** PUT of the whole object; `metadata.resourceVersion` makes it conditional (409 Conflict when stale). */
  update(object: T, options: WriteOptions = {}): Promise<T> {
    return this.put(object, undefined, options);
  }

  /** PUT to the `status` subresource: only status changes are kept. */
  updateStatus(object: T, options: WriteOptions = {}): Promise<T> {
    return this.put(object, 'status', options);
  }

  /**
   * PUT to another subresource that replaces part of the object (e.g. namespaces' `finalize`);
   * `metadata.resourceVersion` makes it conditional as with `update`.
   */
  updateSubresource(object: T, subresource: string, options: WriteOptions = {}): Promise<T> {
    return this.put(object, subresource, options);
  }

  /** PATCH; `patch` is the patch document (an object, or an operation array for `json`). */
  patch(name: string, type: PatchType, patch: unknown, options: PatchOptions = {}): Promise<T> {
    const query = writeQuery(options);
    if (options.force !== undefined) query.set('force', String(options.force));
    if (type === 'apply' && !options.fieldManager) throw new BadRequestError('fieldManager is required for apply patch');
    return this.transport.json<T>({
      method: 'PATCH',
      path: this.path(this.namespaceName, name, options.subresource),
      query,
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
      signal: options.signal,
    });
  }

  /** Deletes; answers the object (still terminating, or as deleted) or a success `Status`. */
  delete(name: string, options: DeleteOptions = {}): Promise<KubeObjectLike> {
    const { signal, ...deleteOptions } = options;
    return this.transport.json<KubeObjectLike>({
      method: 'DELETE',
      path: this.path(this.namespaceName, name),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', ...deleteOptions },
      signal,
    });
  }

  /**
   * Deletes every object the selectors match (in the handle's namespace, or everywhere);
   * answers what the server sent (a list of what was deleted or marked for deletion).
   */
  deleteCollection(options: DeleteOptions & { labelSelector?: string; fieldSelector?: string } = {}): Promise<unknown> {
    const { signal, labelSelector, fieldSelector, ...deleteOptions } = options;
    return this.transport.json<unknown>({
      method: 'DELETE',
      path: this.path(this.namespaceName),
      query: selectorQuery({ labelSelector, fieldSelector }),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', ...deleteOptions },
      signal,
    });
  }

  /** Watches from `resourceVersion`; the stream stays open until the server ends it or `stop()`. */
  async watch(options: WatchOptions & CallOptions): Promise<Watch<T>> {
    const query = selectorQuery(options);
    query.set('watch', 'true');
    query.set('resourceVersion', options.resourceVersion);
    if (options.allowWatchBookmarks) query.set('allowWatchBookmarks', 'true');
    if (options.timeoutSeconds !== undefined) query.set('timeoutSeconds', String(options.timeoutSeconds));
    const response = await this.transport.stream({ method: 'GET', path: this.path(this.namespaceName), query, signal: options.signal });
    return new HttpWatch<T>(response, options.signal);
  }

  private put(object: T, subresource: string | undefined, options: WriteOptions): Promise<T> {
    const name = object.metadata.name;
    if (!name) throw new BadRequestError('metadata.name is required to update an object');
    return this.transport.json<T>({
      method: 'PUT',
      path: this.path(this.namespaceFor(object), name, subresource),
      query: writeQuery(options),
      body: object,
      signal: options.signal,
    });
  }

  private namespaceFor(object: T): string | undefined {
    if (!this.ref.namespaced) return undefined;
    const own = object.metadata.namespace;
    if (this.namespaceName !== undefined && own !== undefined && own !== this.namespaceName) {
      throw new BadRequestError(`the namespace of the object (${own}) does not match the namespace of the client (${this.namespaceName})`);
    }
    return this.namespaceName ?? own;
  }

  /** `/api/v1[/namespaces/<ns>]/<resource>[/<name>[/<subresource>]]`. */
  private path(namespace: string | undefined, name?: string, subresource?: string): string {
    const { group, version, resource, namespaced } = this.ref;
    let path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
    if (namespaced && namespace !== undefined) path += `/namespaces/${encodeURIComponent(namespace)}`;
    else if (namespaced && name !== undefined) throw new BadRequestError(`a namespace is required for ${resource}`);
    path += `/${resource}`;
    if (name !== undefined) path += `/${encodeURIComponent(name)}`;
    if (subresource !== undefined) path += `/${subresource}`;
    return path;
  }
}

function selectorQuery(options: { labelSelector?: string; fieldSelector?: string }): URLSearchParams {
  const query = new URLSearchParams();
  if (options.labelSelector) query.set('labelSelector', options.labelSelector);
  if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
  return query;
}

function writeQuery(options: WriteOptions): URLSearchParams {
  const query = new URLSearchParams();
  if (options.fieldManager) query.set('fieldManager', options.fieldManager);
  for (const value of options.dryRun ?? []) query.append('dryRun', value);
  if (options.fieldValidation) query.set('fieldValidation', options.fieldValidation);
  return query;
}
