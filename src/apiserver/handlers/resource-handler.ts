import type { IncomingMessage, ServerResponse } from 'node:http';
import { prefixEnd } from '../../storage/keys.js';
import { BadRequestError, NotFoundError, StatusError, UnsupportedMediaTypeError } from '../../util/errors.js';
import { decodeBody, decodeBodyFields, mediaTypeOf, readBody } from '../http/body.js';
import type { RequestInfo } from '../http/request-info.js';
import { encodeFresh, encodeOnce, writeJSONList } from '../http/json-list.js';
import { writeJSON } from '../http/status.js';
import { addWarning, checkObject, readObject } from './read-object.js';
import type { KubeObject } from '../registry/generic/object.js';
import type { DeleteOptions } from '../registry/generic/strategy.js';
import { finalizeUpdate, statusUpdate, type SubresourceUpdate } from '../registry/generic/subresource-update.js';
import { groupVersion } from '../registry/resource-definition.js';
import { toTable } from '../table/table.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { parseListOptions, type ListOptions } from './list-options.js';
import { applyStrategicMergePatch } from '../../api/patch/strategic-merge.js';
import { jsonPatch, mergePatch } from './patch.js';
import type { ServedResource } from './served-resource.js';
import { streamWatch } from './watch-stream.js';
import { CacheReader } from './cache-reader.js';
import { includeObject, wantsTable } from './table-request.js';
import { deleteOptionsFrom, isDryRun } from './write-options.js';
import { scaleSpecOf, serveScale } from './scale-handler.js';
import type { UpgradeConnection } from '../registry/connector.js';
import type { ServerFacilities } from '../registry/server-facilities.js';
import { acceptedPatchTypes, APPLY_PATCH, serverSideApply, updateTracker } from './field-manager.js';

type ResourceRequest = Extract<RequestInfo, { isResourceRequest: true }>;

/**
 * Serves the verbs of the registered resources over their stores and watch caches (model:
 * k8s.io/apiserver/pkg/endpoints/handlers). One handler for every resource; what differs per
 * resource lives in its strategy, columns and schema.
 */
export class ResourceHandler {
  private readonly byPath = new Map<string, ServedResource>();
  /** Other resources' objects for admission, from the watch caches. */
  private readonly reader: CacheReader;

  constructor(
    resources: readonly ServedResource[],
    /** Namespaces, for NamespaceLifecycle (objects are only created in existing namespaces). */
    private readonly namespaces: ServedResource,
    /** Server-wide facilities for connectors (the token issuer). */
    private readonly facilities: ServerFacilities = {},
  ) {
    this.reader = new CacheReader(resources);
    for (const served of resources) {
      const def = served.resource.definition;
      this.byPath.set(`${def.group}/${def.version}/${def.resource}`, served);
    }
  }

  /** `upgrade` is set for upgrade requests (`res` then writes onto its socket); only connectors take the socket over. */
  async handle(req: IncomingMessage, res: ServerResponse, info: ResourceRequest, query: URLSearchParams, upgrade?: UpgradeConnection): Promise<void> {
    const served = this.byPath.get(`${info.apiGroup}/${info.apiVersion}/${info.resource}`);
    if (!served) throw new NotFoundError('the server could not find the requested resource');
    const def = served.resource.definition;
    const namespace = def.namespaced ? info.namespace : '';
    if (def.namespaced && namespace === '' && !['list', 'watch'].includes(info.verb)) {
      throw new NotFoundError('the server could not find the requested resource');
    }
    if (info.subresource !== '') return this.subresource(req, res, served, namespace, info, query, upgrade);
    if (!def.verbs.includes(info.verb)) {
      throw new StatusError('MethodNotAllowed', 405, `${info.verb} is not supported on ${def.resource}`);
    }
    switch (info.verb) {
      case 'get':
        return this.respond(req, res, served, 200, await served.store.get(namespace, info.name));
      case 'list':
      case 'watch':
        return this.list(req, res, served, namespace, parseListOptions(query, served.fieldLabels));
      case 'create':
        return this.create(req, res, served, namespace, query);
      case 'update':
        return this.update(req, res, served, namespace, info.name, query);
      case 'patch':
        return this.patch(req, res, served, namespace, info.name, query);
      case 'delete': {
        const options = await deleteOptions(req, query);
        const { object, deleted } = await served.store.delete(namespace, info.name, options);
        return this.respond(req, res, served, deleted ? 200 : 202, object);
      }
      case 'deletecollection':
        return this.deleteCollection(req, res, served, namespace, query);
      default:
        throw new StatusError('MethodNotAllowed', 405, `${info.verb} is not supported`);
    }
  }

  /**
   * Subresources: scale (scale-handler.ts); those with a connector (nodes' proxy, pods' binding,
   * log, exec…), which serve themselves; and those that limit an update to part of the object
   * (status, namespaces' finalize, pods' ephemeralcontainers).
   */
  private async subresource(req: IncomingMessage, res: ServerResponse, served: ServedResource, namespace: string, info: ResourceRequest, query: URLSearchParams, upgrade?: UpgradeConnection): Promise<void> {
    if (info.subresource === 'scale' && info.parts.length === 0) {
      const request = { namespace, name: info.name, verb: info.verb, query, dryRun: isDryRun(query), patchers: PATCHERS };
      return serveScale(req, res, served, scaleSpecOf(served), request);
    }
    const sub = served.resource.definition.subresources?.find((s) => s.name === info.subresource);
    const connector = sub ? served.resource.connectors?.[sub.name] : undefined;
    if (sub && connector) {
      if (!sub.verbs.includes(info.verb)) throw new StatusError('MethodNotAllowed', 405, `${info.verb} is not supported on ${info.resource}/${sub.name}`);
      const request = { req, res, verb: info.verb, namespace, name: info.name, parts: info.parts, query, store: served.store, backend: served.backend, reader: this.reader, server: this.facilities };
      return connector(upgrade ? { ...request, upgrade } : request);
    }
    const limit = sub ? (served.resource.subresourceUpdates?.[sub.name] ?? SUBRESOURCE_UPDATES[sub.name]) : undefined;
    if (!sub || !limit || info.parts.length > 0) throw new NotFoundError('the server could not find the requested resource');
    if (!sub.verbs.includes(info.verb)) throw new StatusError('MethodNotAllowed', 405, `${info.verb} is not supported on ${info.resource}/${sub.name}`);
    switch (info.verb) {
      case 'get':
        return this.respond(req, res, served, 200, await served.store.get(namespace, info.name));
      case 'update': {
        const object = await readObject(req, res, served.resource, query);
        const track = updateTracker(req, query, served, 'UpdateOptions', sub.name);
        return this.respond(req, res, served, 200, await served.store.update(namespace, info.name, object, { dryRun: isDryRun(query), subresource: limit, track }));
      }
      default:
        return this.patch(req, res, served, namespace, info.name, query, limit, sub.name);
    }
  }

  private async list(req: IncomingMessage, res: ServerResponse, served: ServedResource, namespace: string, options: ListOptions): Promise<void> {
    const def = served.resource.definition;
    const prefix = namespace === '' ? served.resource.prefix : `${served.resource.prefix}${namespace}/`;
    if (options.watch) {
      const watcher = await served.cache.watch(
        options.sinceRevision !== undefined && !options.sendInitialEvents
          ? { from: 'revision', revision: options.sinceRevision }
          : { from: 'state', read: options.read, initialEventsEndBookmark: options.sendInitialEvents },
        { filter: options.filter, bookmarks: options.allowBookmarks, prefix, ...triggerOf(served, options) },
      );
      const bookmark = (revision: number, end: boolean): Record<string, unknown> => ({
        kind: def.kind,
        apiVersion: groupVersion(def),
        metadata: { resourceVersion: String(revision), ...(end ? { annotations: { 'k8s.io/initial-events-end': 'true' } } : {}) },
      });
      const include = includeObject(req); // once per watch, not per event
      const render = wantsTable(req)
        ? (object: KubeObject): Buffer => encodeFresh(toTable(served.resource.columns, [object], { resourceVersion: object.metadata.resourceVersion ?? '' }, include))
        : encodeOnce; // events carry cached objects, shared by every watcher
      return streamWatch(res, watcher, bookmark, render, options.timeoutSeconds);
    }
    const page = options.continueToken || options.exactRevision ? await this.listFromStore(served, prefix, options) : await this.listFromCache(served, prefix, options);
    const listMeta = { resourceVersion: String(page.revision), ...(page.continue ? { continue: page.continue } : {}) };
    if (wantsTable(req)) {
      writeJSON(res, 200, toTable(served.resource.columns, page.items, listMeta, includeObject(req)));
      return;
    }
    // Cached objects are shared and immutable: their encodings are memoized (stored pages are fresh objects).
    await writeJSONList(res, 200, { kind: `${def.kind}List`, apiVersion: groupVersion(def), metadata: listMeta }, page.items, page.cached ? encodeOnce : encodeFresh);
  }

  private async listFromCache(served: ServedResource, prefix: string, options: ListOptions): Promise<Page> {
    const { revision, items } = await served.cache.list(options.read, options.filter, prefix);
    const objects = items.map((i) => i.object);
    if (options.limit === 0 || objects.length <= options.limit) return { revision, items: objects, cached: true };
    const next = items[options.limit]!.key;
    return { revision, items: objects.slice(0, options.limit), cached: true, continue: encodeContinue({ revision, start: next.slice(served.resource.prefix.length) }) };
  }

  /** Pages after the first, and exact-revision lists, come from the store at one revision. */
  private async listFromStore(served: ServedResource, prefix: string, options: ListOptions): Promise<Page> {
    const token = options.continueToken ? decodeContinue(options.continueToken) : undefined;
    const revision = token?.revision ?? options.exactRevision!;
    let startKey = token ? served.resource.prefix + token.start : prefix;
    if (startKey < prefix || startKey >= prefixEnd(prefix)) throw new BadRequestError('continue key is not valid for this list');
    const items: KubeObject[] = [];
    for (;;) {
      let result;
      try {
        result = await served.backend.list(prefix, { startKey, revision, limit: options.limit || 500 });
      } catch (err) {
        if (err instanceof StatusError && err.code === 410 && token) throw expiredContinue();
        throw err;
      }
      for (const kv of result.items) {
        const cached = served.toCached(kv);
        if (!options.filter(cached)) continue;
        if (options.limit > 0 && items.length === options.limit) {
          return { revision, items, cached: false, continue: encodeContinue({ revision, start: kv.key.slice(served.resource.prefix.length) }) };
        }
        items.push(cached.object);
      }
      if (!result.continueKey) return { revision, items, cached: false };
      startKey = result.continueKey;
    }
  }

  private async create(req: IncomingMessage, res: ServerResponse, served: ServedResource, namespace: string, query: URLSearchParams): Promise<void> {
    const object = await readObject(req, res, served.resource, query);
    if (namespace !== '') await this.requireNamespace(namespace);
    await served.resource.admitCreate?.(object, this.reader);
    const created = await served.store.create(namespace, object, { dryRun: isDryRun(query), track: updateTracker(req, query, served, 'CreateOptions') });
    for (const warning of served.resource.strategy.warningsOnCreate?.(created) ?? []) addWarning(res, warning);
    this.respond(req, res, served, 201, created);
  }

  private async update(req: IncomingMessage, res: ServerResponse, served: ServedResource, namespace: string, name: string, query: URLSearchParams): Promise<void> {
    const object = await readObject(req, res, served.resource, query);
    this.respond(req, res, served, 200, await served.store.update(namespace, name, object, { dryRun: isDryRun(query), track: updateTracker(req, query, served, 'UpdateOptions') }));
  }

  private async patch(req: IncomingMessage, res: ServerResponse, served: ServedResource, namespace: string, name: string, query: URLSearchParams, subresource?: SubresourceUpdate, subresourceName = ''): Promise<void> {
    const mediaType = mediaTypeOf(req.headers['content-type']);
    if (mediaType === APPLY_PATCH) {
      const sub = subresource ? { name: subresourceName, limit: subresource } : undefined;
      const { code, object } = await serverSideApply({ req, res, served, namespace, name, query, dryRun: isDryRun(query), ...(sub ? { subresource: sub } : {}), requireNamespace: (ns) => this.requireNamespace(ns), admitCreate: async (o) => served.resource.admitCreate?.(o, this.reader) });
      return this.respond(req, res, served, code, object);
    }
    const apply = PATCHERS[mediaType];
    if (!apply) throw new UnsupportedMediaTypeError(`the body of the request was in an unknown format - accepted media types include: ${acceptedPatchTypes(Object.keys(PATCHERS))}`);
    const track = updateTracker(req, query, served, 'PatchOptions', subresourceName);
    const { value: patch, duplicates } = decodeBodyFields('application/json', await readBody(req));
    const schema = served.resource.schemaType;
    const updated = await served.store.update(
      namespace,
      name,
      (current) => {
        const patched = apply(schema, current, patch) as KubeObject;
        if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) throw new BadRequestError('the patched object must be a JSON object');
        checkObject(res, served.resource, patched, query, mediaType === 'application/json-patch+json' ? [] : duplicates);
        return patched;
      },
      { dryRun: isDryRun(query), track, ...(subresource ? { subresource } : {}) },
    );
    this.respond(req, res, served, 200, updated);
  }

  private async deleteCollection(req: IncomingMessage, res: ServerResponse, served: ServedResource, namespace: string, query: URLSearchParams): Promise<void> {
    const options = parseListOptions(query, served.fieldLabels);
    const deleteOpts = await deleteOptions(req, query);
    const prefix = namespace === '' ? served.resource.prefix : `${served.resource.prefix}${namespace}/`;
    const { items, revision } = await served.cache.list(options.read, options.filter, prefix);
    const deleted: KubeObject[] = [];
    for (const item of items) {
      try {
        deleted.push((await served.store.delete(item.object.metadata.namespace ?? '', item.object.metadata.name ?? '', deleteOpts)).object);
      } catch (err) {
        if (!(err instanceof StatusError && err.code === 404)) throw err;
      }
    }
    const def = served.resource.definition;
    writeJSON(res, 200, { kind: `${def.kind}List`, apiVersion: groupVersion(def), metadata: { resourceVersion: String(revision) }, items: deleted });
  }

  /**
   * NamespaceLifecycle: the namespace must exist and not be terminating. Read as upstream's plugin
   * does: from the cache (a lister), with a live lookup when it is missing there (just created).
   */
  private async requireNamespace(namespace: string): Promise<void> {
    const object = (await this.reader.get(`${this.namespaces.resource.prefix}${namespace}`)) as { status?: { phase?: string } } | undefined;
    if (!object) throw new NotFoundError(`namespaces "${namespace}" not found`);
    if (object.status?.phase === 'Terminating') {
      const message = `unable to create new content in namespace ${namespace} because it is being terminated`;
      // The cause lets controllers tell this expected refusal from a real failure (upstream's NamespaceTerminatingCause).
      throw new StatusError('Forbidden', 403, message, { details: { name: namespace, kind: 'namespaces', causes: [{ reason: 'NamespaceTerminating', message, field: 'metadata.namespace' }] } });
    }
  }

  private respond(req: IncomingMessage, res: ServerResponse, served: ServedResource, code: number, object: KubeObject): void {
    if (wantsTable(req)) writeJSON(res, code, toTable(served.resource.columns, [object], { resourceVersion: object.metadata.resourceVersion ?? '' }, includeObject(req)));
    else writeJSON(res, code, object);
  }
}

interface Page {
  revision: number;
  items: KubeObject[];
  /** Whether the items are the watch cache's own (immutable, shared) objects. */
  cached: boolean;
  continue?: string;
}

const SUBRESOURCE_UPDATES: Record<string, SubresourceUpdate> = { status: statusUpdate, finalize: finalizeUpdate };

type Patcher = (schemaType: string, current: unknown, patch: unknown) => unknown;
const PATCHERS: Record<string, Patcher> = {
  'application/merge-patch+json': (_t, current, patch) => mergePatch(current, patch),
  'application/json-patch+json': (_t, current, patch) => jsonPatch(current, patch),
  'application/strategic-merge-patch+json': (t, current, patch) => applyStrategicMergePatch(t, current, patch),
};

/** The trigger field value a watch's field selector pins, so the cache sends it only matching events. */
function triggerOf(served: ServedResource, options: ListOptions): { trigger?: string } {
  const field = served.resource.triggerField;
  const value = field === undefined ? undefined : options.fields.requiresExactMatch(field);
  return value === undefined ? {} : { trigger: value };
}

/** DeleteOptions from the body (kubectl sends them there) or the query. */
async function deleteOptions(req: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req);
  const fromBody = body.length > 0 ? (decodeBody(mediaTypeOf(req.headers['content-type']) || 'application/json', body) as Record<string, unknown>) : {};
  return deleteOptionsFrom(fromBody, query);
}

function expiredContinue(): StatusError {
  return new StatusError(
    'Expired',
    410,
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  );
}
