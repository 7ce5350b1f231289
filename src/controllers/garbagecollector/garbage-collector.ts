/**
 * The garbage collector (model: upstream pkg/controller/garbagecollector/garbagecollector.go):
 * deletes objects whose owners are gone, carries out the `orphan` and `foregroundDeletion`
 * finalizers the API server adds for `propagationPolicy` Orphan and Foreground, and strips
 * references to owners that do not exist from objects that still have a live owner.
 *
 * Run:
 * 1. discover every resource that supports list, watch and delete (events aside) and watch them
 *    all through the GraphBuilder; wait until it has seen every initial list;
 * 2. run `workers` attemptToDelete workers and `workers` attemptToOrphan workers;
 * 3. every 30 s, discover again and watch what appeared (new resources, custom resources).
 *
 * attemptToDelete(uid) — decides about one object from a live GET (the graph may lag):
 *   being deleted, not in foreground      → nothing (its deletion event comes later)
 *   NotFound / other uid                  → virtual delete event (the graph forgets it)
 *   deleting dependents (foreground)      → no blocking dependents left: remove the finalizer;
 *                                           else enqueue the blocking ones
 *   no owner references                   → nothing
 *   else classify each owner (live GET by name in the dependent's namespace) and `decide`.
 * attemptToOrphan(uid) — strips the owner's references from every dependent, then removes the
 *   `orphan` finalizer.
 */
import type { KubeObjectLike } from '../../client/object.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { errorMessage, isNotFound, StatusError } from '../../util/errors.js';
import { isAbortError, sleep } from '../../util/lifecycle.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext } from '../shared/controller.js';
import { discoverResources, refOf, ResourceMapper, supportsAll, type ApiResourceInfo } from '../shared/discovery.js';
import { ownerReferencesOf, type OwnerReference } from '../shared/owner-refs.js';
import { decide, type ClassifiedOwners, type DeletionPolicy } from './decide.js';
import { FINALIZER_FOREGROUND, FINALIZER_ORPHAN, GraphBuilder, hasFinalizer } from './graph-builder.js';
import { identityString, ownerIdentity, type GraphNode, type ObjectIdentity } from './graph.js';
import {
  deleteOwnerRefJSONMergePatch,
  deleteOwnerRefStrategicMergePatch,
  unblockOwnerReferencesJSONMergePatch,
  unblockOwnerReferencesStrategicMergePatch,
} from './patches.js';
import { runRequeueWorkers, type WorkResult } from '../shared/requeue-workers.js';

export const GARBAGE_COLLECTOR_NAME = 'garbage-collector-controller';
/** How often resources are discovered again (upstream's GC Sync period). */
export const RESYNC_PERIOD_MS = 30_000;
/** What the GC never watches (upstream DefaultIgnoredResources). */
const IGNORED_RESOURCES = new Set(['/events', 'events.k8s.io/events']);
const GC_VERBS = ['delete', 'list', 'watch'];
/** Attempts of a finalizer removal that meets conflicts before the item is requeued (retry.DefaultBackoff.Steps). */
const FINALIZER_UPDATE_ATTEMPTS = 5;

/** An owner's apiVersion/kind is not served (yet): requeued with backoff, since discovery may add it. */
class RestMappingError extends Error {
  constructor(apiVersion: string, kind: string) {
    super(`unable to get REST mapping for ${apiVersion}/${kind}`);
  }
}

/** A cluster-scoped object naming a namespaced owner: invalid, and no retry will fix it. */
class NamespacedOwnerOfClusterScopedObjectError extends Error {}

/** The object of the virtual delete event is gone from the graph's point of view: nothing to requeue. */
const VIRTUAL_DELETE_ENQUEUED: WorkResult = 'forget';

/** Deletable resources the GC watches, from discovery (GetDeletableResources minus the ignored ones). */
export function gcResources(preferred: readonly ApiResourceInfo[]): ApiResourceInfo[] {
  return preferred.filter((r) => supportsAll(r, GC_VERBS) && !IGNORED_RESOURCES.has(`${r.group}/${r.resource}`));
}

export class GarbageCollector implements Controller {
  private readonly attemptToDelete: RateLimitingQueue<string>;
  private readonly attemptToOrphan: RateLimitingQueue<string>;
  private readonly builder: GraphBuilder;
  private readonly logger: Logger;
  private mapper = new ResourceMapper([]);

  constructor(private readonly context: ControllerContext) {
    this.logger = context.logger;
    this.attemptToDelete = new RateLimitingQueue<string>({ clock: context.clock });
    this.attemptToOrphan = new RateLimitingQueue<string>({ clock: context.clock });
    this.builder = new GraphBuilder(context, { attemptToDelete: this.attemptToDelete, attemptToOrphan: this.attemptToOrphan }, context.recorder(GARBAGE_COLLECTOR_NAME), this.logger);
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const shutDown = () => {
      this.attemptToDelete.shutDown();
      this.attemptToOrphan.shutDown();
    };
    signal.addEventListener('abort', shutDown, { once: true });
    try {
      // 1.
      while (!signal.aborted && !(await this.resync(signal))) await sleep(1000, signal);
      while (!signal.aborted && !this.builder.isSynced()) await sleep(20, signal);
      this.logger.info({ nodes: this.builder.size }, 'garbage collector: all resource monitors have synced, proceeding to collect garbage');
      // 2. and 3.
      await Promise.all([
        runRequeueWorkers(this.attemptToDelete, workers, (uid) => this.attemptToDeleteWorker(uid), signal, this.logger),
        runRequeueWorkers(this.attemptToOrphan, workers, (uid) => this.attemptToOrphanWorker(uid), signal, this.logger),
        this.resyncPeriodically(signal),
      ]);
    } catch (err) {
      if (!isAbortError(err) && !signal.aborted) throw err;
    } finally {
      signal.removeEventListener('abort', shutDown);
      shutDown();
      await this.builder.dispose();
    }
  }

  private async resyncPeriodically(signal: AbortSignal): Promise<void> {
    try {
      for (;;) {
        await sleep(RESYNC_PERIOD_MS, signal);
        await this.resync(signal);
      }
    } catch (err) {
      if (!isAbortError(err)) throw err;
    }
  }

  /** Discovers resources and watches the deletable ones; false when discovery failed entirely. */
  private async resync(signal: AbortSignal): Promise<boolean> {
    try {
      const discovered = await discoverResources(this.context.client, signal);
      for (const [groupVersion, error] of discovered.failed) this.logger.warn({ groupVersion, err: error }, 'garbage collector: failed to discover some groups');
      this.mapper = new ResourceMapper(discovered.all);
      const { added, removed } = this.builder.syncMonitors(gcResources(discovered.preferred));
      if (added > 0 || removed > 0) this.logger.info({ added, removed }, 'garbage collector: resource monitors changed');
      return true;
    } catch (err) {
      if (isAbortError(err) || signal.aborted) throw err;
      this.logger.warn({ err: errorMessage(err) }, 'garbage collector: failed to discover resources');
      return false;
    }
  }

  private async attemptToDeleteWorker(uid: string): Promise<WorkResult> {
    const node = this.builder.node(uid);
    if (!node) return 'forget';
    try {
      return await this.attemptToDeleteItem(node);
    } catch (err) {
      if (err instanceof NamespacedOwnerOfClusterScopedObjectError) return 'forget';
      if (err instanceof RestMappingError) this.logger.debug({ item: identityString(node.identity), err: err.message }, 'error syncing item');
      else this.logger.warn({ item: identityString(node.identity), err: errorMessage(err) }, 'error syncing item');
      return 'requeue';
    }
  }

  private async attemptToDeleteItem(item: GraphNode): Promise<WorkResult> {
    // Being deleted is a one-way trip: wait for the deletion, then its dependents are processed.
    if (item.beingDeleted && !item.deletingDependents) return 'forget';
    const latest = await this.getObject(item.identity);
    if (latest === undefined || latest.metadata.uid !== item.identity.uid) {
      this.builder.enqueueVirtualDeleteEvent(item.identity);
      return VIRTUAL_DELETE_ENQUEUED;
    }
    // Requeue until an informer has shown the object (a virtual node added and removed during a
    // watch gap would otherwise stay in the graph).
    if (!item.observed) return 'requeue';
    if (item.deletingDependents) {
      await this.processDeletingDependentsItem(item);
      return 'forget';
    }
    const references = ownerReferencesOf(latest);
    if (references.length === 0) return 'forget';
    const classified = await this.classifyReferences(item, references);
    const dependents = [...item.dependents];
    const decision = decide(classified, {
      hasDependents: dependents.length > 0,
      someDependentDeletingDependents: dependents.some((dep) => dep.deletingDependents),
      finalizers: (latest.metadata['finalizers'] as string[] | undefined) ?? [],
    });
    switch (decision.action) {
      case 'keep':
        return 'forget';
      case 'removeOwnerReferences':
        this.logger.debug({ item: identityString(item.identity), owners: decision.ownerUids }, 'item has at least one existing owner, will not garbage collect; removing dangling references');
        await this.patchWithFallback(item, deleteOwnerRefStrategicMergePatch(item.identity.uid, decision.ownerUids), (current) =>
          deleteOwnerRefJSONMergePatch(current, decision.ownerUids),
        );
        return 'forget';
      case 'deleteForeground':
        if (decision.unblockOwnerReferences) {
          // A dependent is deleting its dependents too: unblock our references so that a cycle cannot wait on itself.
          await this.patchWithFallback(item, unblockOwnerReferencesStrategicMergePatch(item.identity.uid, item.owners), unblockOwnerReferencesJSONMergePatch);
        }
        await this.deleteObject(item.identity, 'Foreground');
        return 'forget';
      case 'delete':
        this.logger.debug({ item: identityString(item.identity), propagationPolicy: decision.policy }, 'deleting item');
        await this.deleteObject(item.identity, decision.policy);
        return 'forget';
    }
  }

  /** Foreground: the owner goes once no dependent blocks it; otherwise its blocking dependents get deleted. */
  private async processDeletingDependentsItem(item: GraphNode): Promise<void> {
    const blocking = item.blockingDependents();
    if (blocking.length === 0) {
      this.logger.debug({ item: identityString(item.identity) }, 'remove DeleteDependents finalizer for item');
      await this.removeFinalizer(item, FINALIZER_FOREGROUND);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.attemptToDelete.add(dep.identity.uid);
  }

  private async classifyReferences(item: GraphNode, references: readonly OwnerReference[]): Promise<ClassifiedOwners> {
    const result: ClassifiedOwners = { solid: [], dangling: [], waitingForDependentsDeletion: [] };
    for (const ref of references) {
      const { dangling, owner } = await this.isDangling(ref, item);
      if (dangling) result.dangling.push(ref);
      else if (owner && owner.metadata.deletionTimestamp !== undefined && hasFinalizer(owner, FINALIZER_FOREGROUND)) result.waitingForDependentsDeletion.push(ref);
      else result.solid.push(ref);
    }
    return result;
  }

  /** Whether the owner `ref` names is absent, checked against the API (the graph may lag). */
  private async isDangling(ref: OwnerReference, item: GraphNode): Promise<{ dangling: boolean; owner?: KubeObjectLike }> {
    const clusterScoped = ownerIdentity(ref, '');
    const namespaced = ownerIdentity(ref, item.identity.namespace);
    if (this.builder.absentOwnerCache.has(clusterScoped) || this.builder.absentOwnerCache.has(namespaced)) return { dangling: true };
    const info = this.mapper.forKind(ref.apiVersion, ref.kind);
    if (!info) throw new RestMappingError(ref.apiVersion, ref.kind);
    if (info.namespaced && item.identity.namespace === '') {
      this.logger.info({ item: identityString(item.identity), owner: ref.name }, 'item is cluster-scoped, but refers to a namespaced owner');
      throw new NamespacedOwnerOfClusterScopedObjectError();
    }
    const absentKey = info.namespaced ? namespaced : clusterScoped;
    let owner: KubeObjectLike;
    try {
      owner = await this.clientFor(info, item.identity.namespace).get(ref.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.builder.absentOwnerCache.add(absentKey);
      return { dangling: true };
    }
    if (owner.metadata.uid !== ref.uid) {
      this.builder.absentOwnerCache.add(absentKey);
      return { dangling: true };
    }
    return { dangling: false, owner };
  }

  private async attemptToOrphanWorker(uid: string): Promise<WorkResult> {
    const owner = this.builder.node(uid);
    if (!owner) return 'forget';
    try {
      for (const dependent of [...owner.dependents]) {
        try {
          await this.patchWithFallback(dependent, deleteOwnerRefStrategicMergePatch(dependent.identity.uid, [owner.identity.uid]), (current) =>
            deleteOwnerRefJSONMergePatch(current, [owner.identity.uid]),
          );
        } catch (err) {
          if (!isNotFound(err)) throw new Error(`orphaning ${identityString(dependent.identity)} failed: ${errorMessage(err)}`);
        }
      }
      await this.removeFinalizer(owner, FINALIZER_ORPHAN);
      return 'forget';
    } catch (err) {
      this.logger.warn({ owner: identityString(owner.identity), err: errorMessage(err) }, 'orphanDependents failed');
      return 'requeue';
    }
  }

  /** The live object, or undefined when it does not exist. */
  private async getObject(identity: ObjectIdentity): Promise<KubeObjectLike | undefined> {
    const info = this.mapper.forKind(identity.apiVersion, identity.kind);
    if (!info) throw new RestMappingError(identity.apiVersion, identity.kind);
    try {
      return await this.clientFor(info, identity.namespace).get(identity.name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private async deleteObject(identity: ObjectIdentity, policy: DeletionPolicy): Promise<void> {
    const info = this.mapper.forKind(identity.apiVersion, identity.kind);
    if (!info) throw new RestMappingError(identity.apiVersion, identity.kind);
    try {
      await this.clientFor(info, identity.namespace).delete(identity.name, { preconditions: { uid: identity.uid }, propagationPolicy: policy });
    } catch (err) {
      // Already gone: its deletion event reaches the graph.
      if (!isNotFound(err)) throw err;
    }
  }

  /**
   * Patches `item` with a strategic merge patch, or, where the resource does not take one (415,
   * custom resources), with the JSON merge patch `fallback` computes from the live object.
   */
  private async patchWithFallback(
    item: GraphNode,
    strategic: unknown,
    fallback: (current: { uid: string; resourceVersion: string; ownerReferences: OwnerReference[] }) => unknown,
  ): Promise<void> {
    const info = this.mapper.forKind(item.identity.apiVersion, item.identity.kind);
    if (!info) throw new RestMappingError(item.identity.apiVersion, item.identity.kind);
    const client = this.clientFor(info, item.identity.namespace);
    try {
      await client.patch(item.identity.name, 'strategic', strategic);
      return;
    } catch (err) {
      if (!(err instanceof StatusError && err.reason === 'UnsupportedMediaType')) throw err;
    }
    const current = await client.get(item.identity.name);
    if (current.metadata.uid !== item.identity.uid) return;
    const patch = fallback({ uid: item.identity.uid, resourceVersion: current.metadata.resourceVersion ?? '', ownerReferences: ownerReferencesOf(current) });
    await client.patch(item.identity.name, 'merge', patch);
  }

  /** Removes `finalizer` from the live object with a conditional update, retrying on conflicts. */
  private async removeFinalizer(node: GraphNode, finalizer: string): Promise<void> {
    const info = this.mapper.forKind(node.identity.apiVersion, node.identity.kind);
    if (!info) throw new RestMappingError(node.identity.apiVersion, node.identity.kind);
    const client = this.clientFor(info, node.identity.namespace);
    for (let attempt = 1; ; attempt++) {
      let current: KubeObjectLike;
      try {
        current = await client.get(node.identity.name);
      } catch (err) {
        if (isNotFound(err)) return;
        throw new Error(`cannot finalize owner ${identityString(node.identity)}, because cannot get it: ${errorMessage(err)}. The garbage collector will retry later`);
      }
      if (current.metadata.uid !== node.identity.uid || !hasFinalizer(current, finalizer)) return;
      const updated = structuredClone(current);
      updated.metadata['finalizers'] = (current.metadata['finalizers'] as string[]).filter((f) => f !== finalizer);
      try {
        await client.update(updated);
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!(err instanceof StatusError && err.reason === 'Conflict')) throw err;
        if (attempt >= FINALIZER_UPDATE_ATTEMPTS) {
          throw new Error(`updateMaxRetries(${FINALIZER_UPDATE_ATTEMPTS}) has reached. The garbage collector will retry later for owner ${identityString(node.identity)}`);
        }
      }
    }
  }

  private clientFor(info: ApiResourceInfo, namespace: string): ResourceClient<KubeObjectLike> {
    const client = this.context.client.resource<KubeObjectLike>(refOf(info));
    return info.namespaced ? client.namespace(namespace) : client;
  }
}
