/**
 * Builds the ownership graph from informer events of every deletable resource and feeds the
 * garbage collector's queues (model: upstream garbagecollector/graph_builder.go).
 *
 * Contracts:
 * - one "monitor" (a handler on the shared informer) per watched resource; `syncMonitors` adds
 *   and removes them to match discovery, and starts new informers;
 * - every change (informer events, and the GC's "virtual" delete events for owners found not to
 *   exist) is applied in arrival order, synchronously, on the one JS thread: the graph is never
 *   seen half-changed;
 * - the builder only enqueues uids on `attemptToDelete` / `attemptToOrphan`; workers act on them.
 *
 * Transitions that enqueue work:
 *   object deleted            → its dependents (attemptToDelete); owners waiting on it (foreground)
 *   owner not in the graph    → a virtual node for it (attemptToDelete verifies it exists)
 *   deletionTimestamp+orphan  → the object (attemptToOrphan)
 *   deletionTimestamp+foregroundDeletion → the object and all its dependents (attemptToDelete)
 *   blocking reference removed or unblocked → the owner, if it waits for its dependents
 */
import type { HandlerRegistration } from '../../client/cache/index.js';
import { DeletedFinalStateUnknown } from '../../client/cache/index.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { Logger } from '../../util/logging.js';
import type { ControllerContext } from '../shared/controller.js';
import { apiVersionOf, refOf, resourceName, type ApiResourceInfo } from '../shared/discovery.js';
import { ownerReferencesOf, type OwnerReference } from '../shared/owner-refs.js';
import {
  alternateOwnerIdentity,
  GraphNode,
  identityString,
  ownerIdentity,
  partitionDependents,
  ReferenceCache,
  referencesDiffs,
  sameIdentity,
  type ObjectIdentity,
} from './graph.js';

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

/** Where the builder puts work: uids of graph nodes. */
export interface GraphQueues {
  attemptToDelete: { add(uid: string): void; addRateLimited(uid: string): void };
  attemptToOrphan: { add(uid: string): void };
}

interface Monitor {
  resource: ApiResourceInfo;
  registration: HandlerRegistration;
}

export class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly monitors = new Map<string, Monitor>();
  readonly absentOwnerCache = new ReferenceCache(500);

  constructor(
    private readonly context: ControllerContext,
    private readonly queues: GraphQueues,
    private readonly recorder: EventRecorder,
    private readonly logger: Logger,
  ) {}

  node(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** Whether every monitor's handler has seen its informer's initial list. */
  isSynced(): boolean {
    return [...this.monitors.values()].every((m) => m.registration.hasSynced());
  }

  /** Watches exactly `resources` (keyed by group/version/resource): adds monitors for new ones, removes gone ones. */
  syncMonitors(resources: readonly ApiResourceInfo[]): { added: number; removed: number } {
    const wanted = new Map(resources.map((r) => [resourceName(r), r]));
    let removed = 0;
    for (const [key, monitor] of this.monitors) {
      if (wanted.has(key)) continue;
      void monitor.registration.dispose();
      this.monitors.delete(key);
      removed++;
    }
    let added = 0;
    for (const [key, resource] of wanted) {
      if (this.monitors.has(key)) continue;
      const informer = this.context.informer<KubeObjectLike>(refOf(resource));
      const registration = informer.addEventHandler({
        onAdd: (obj) => this.processChange({ type: 'add', obj, resource }),
        onUpdate: (old, obj) => this.processChange({ type: 'update', obj, old, resource }),
        onDelete: (obj) => this.processChange({ type: 'delete', obj: obj instanceof DeletedFinalStateUnknown ? obj.obj : obj, resource }),
      });
      this.monitors.set(key, { resource, registration });
      added++;
    }
    if (added > 0) this.context.informers.start();
    return { added, removed };
  }

  /** Stops every monitor (the informers themselves belong to the shared factory). */
  async dispose(): Promise<void> {
    await Promise.all([...this.monitors.values()].map((m) => m.registration.dispose()));
    this.monitors.clear();
  }

  /**
   * Told by a GC worker that `identity` does not exist (a live GET said NotFound or found another
   * uid): removes the node unless it was observed under other coordinates.
   */
  enqueueVirtualDeleteEvent(identity: ObjectIdentity): void {
    this.processVirtualDelete(identity);
  }

  private processChange(event: { type: 'add' | 'update' | 'delete'; obj: KubeObjectLike; old?: KubeObjectLike; resource: ApiResourceInfo }): void {
    const meta = event.obj.metadata;
    const uid = meta.uid;
    if (!uid) return;
    const identity: ObjectIdentity = {
      apiVersion: apiVersionOf(event.resource),
      kind: event.resource.kind,
      name: meta.name ?? '',
      namespace: meta.namespace ?? '',
      uid,
    };
    const existing = this.nodes.get(uid);
    if (event.type === 'delete') {
      if (existing) this.removeObserved(existing, identity);
      return;
    }
    const owners = ownerReferencesOf(event.obj).map((ref) => ({ ...ref }));
    const beingDeleted = meta.deletionTimestamp !== undefined;
    if (!existing) {
      const node = new GraphNode(identity, { owners, beingDeleted, deletingDependents: beingDeleted && hasFinalizer(event.obj, FINALIZER_FOREGROUND) });
      this.nodes.set(uid, node);
      this.addDependentToOwners(node, owners);
      this.processTransitions(event.old, event.obj, node);
      return;
    }
    const node = existing;
    if (!sameIdentity(node.identity, identity)) {
      // Referenced under other coordinates than observed: dependents that used wrong ones are
      // rechecked (if their owners are still solid, attemptToDelete does nothing).
      const { nonMatching } = partitionDependents(node.dependents, identity);
      for (const dep of nonMatching) {
        if (identity.namespace !== '' && dep.identity.namespace !== identity.namespace) this.reportInvalidNamespaceOwnerRef(dep, identity.uid);
        this.queues.attemptToDelete.add(dep.identity.uid);
      }
      node.identity = identity;
    }
    node.virtual = false;
    const { added, removed, changed } = referencesDiffs(node.owners, owners);
    if (added.length > 0 || removed.length > 0 || changed.length > 0) {
      this.addUnblockedOwnersToDeleteQueue(removed, changed);
      node.owners = owners;
      this.addDependentToOwners(node, added);
      this.removeDependentFromOwners(node, removed);
    }
    if (beingDeleted) node.beingDeleted = true;
    this.processTransitions(event.old, event.obj, node);
  }

  /** An object was observed deleted: drop its node; its dependents and waiting owners get another look. */
  private removeObserved(node: GraphNode, deleted: ObjectIdentity): void {
    this.removeNode(node);
    if (node.dependents.size > 0) this.absentOwnerCache.add(deleted);
    for (const dep of node.dependents) this.queues.attemptToDelete.add(dep.identity.uid);
    for (const ref of node.owners) {
      const owner = this.nodes.get(ref.uid);
      if (owner?.deletingDependents) this.queues.attemptToDelete.add(owner.identity.uid);
    }
  }

  private processVirtualDelete(deleted: ObjectIdentity): void {
    const node = this.nodes.get(deleted.uid);
    if (!node) return;
    if (node.virtual) {
      // We are not sure of a virtual node's coordinates: if some dependents name it differently,
      // only those that used the verified-absent coordinates are rechecked.
      const { matching, nonMatching } = partitionDependents(node.dependents, deleted);
      if (nonMatching.length > 0) {
        this.absentOwnerCache.add(deleted);
        for (const dep of matching) this.queues.attemptToDelete.add(dep.identity.uid);
        if (sameIdentity(node.identity, deleted)) {
          const replacement = alternateOwnerIdentity(nonMatching, deleted);
          if (replacement) {
            node.identity = replacement;
            this.queues.attemptToDelete.addRateLimited(node.identity.uid);
          }
        }
        return;
      }
    } else if (!sameIdentity(node.identity, deleted)) {
      // The observed object disagrees with the coordinates found absent: keep it, recheck the
      // dependents that used those coordinates.
      const { matching } = partitionDependents(node.dependents, deleted);
      if (matching.length > 0) {
        this.absentOwnerCache.add(deleted);
        for (const dep of matching) this.queues.attemptToDelete.add(dep.identity.uid);
      }
      return;
    }
    this.removeObserved(node, deleted);
  }

  /** Adds `node` to the dependents of each owner in `refs`, creating virtual nodes for unknown owners. */
  private addDependentToOwners(node: GraphNode, refs: readonly OwnerReference[]): void {
    let potentialNamespaceMismatch = false;
    for (const ref of refs) {
      let owner = this.nodes.get(ref.uid);
      if (!owner) {
        owner = new GraphNode(ownerIdentity(ref, node.identity.namespace), { virtual: true });
        this.nodes.set(ref.uid, owner);
        owner.dependents.add(node);
        // The worker checks with the API whether this owner exists; a virtual delete removes it if not.
        this.queues.attemptToDelete.add(ref.uid);
        continue;
      }
      owner.dependents.add(node);
      const ownerNamespaced = owner.identity.namespace !== '';
      if (ownerNamespaced && owner.identity.namespace !== node.identity.namespace) {
        // A namespaced owner must be in the dependent's namespace.
        if (owner.observed) this.reportInvalidNamespaceOwnerRef(node, ref.uid);
        potentialNamespaceMismatch = true;
      }
    }
    if (potentialNamespaceMismatch) this.queues.attemptToDelete.add(node.identity.uid);
  }

  private removeDependentFromOwners(node: GraphNode, refs: readonly OwnerReference[]): void {
    for (const ref of refs) this.nodes.get(ref.uid)?.dependents.delete(node);
  }

  private removeNode(node: GraphNode): void {
    if (this.nodes.get(node.identity.uid) === node) this.nodes.delete(node.identity.uid);
    this.removeDependentFromOwners(node, node.owners);
  }

  /** Owners waiting for dependents (foreground) that a removed or unblocked reference may release. */
  private addUnblockedOwnersToDeleteQueue(removed: readonly OwnerReference[], changed: readonly { old: OwnerReference; next: OwnerReference }[]): void {
    const recheck = (uid: string) => {
      const owner = this.nodes.get(uid);
      if (owner?.deletingDependents) this.queues.attemptToDelete.add(uid);
    };
    for (const ref of removed) if (ref.blockOwnerDeletion === true) recheck(ref.uid);
    for (const { old, next } of changed) if (old.blockOwnerDeletion === true && next.blockOwnerDeletion !== true) recheck(next.uid);
  }

  private processTransitions(old: KubeObjectLike | undefined, obj: KubeObjectLike, node: GraphNode): void {
    if (startsWaitingFor(old, obj, FINALIZER_ORPHAN)) {
      this.logger.debug({ item: identityString(node.identity) }, 'add item to attemptToOrphan');
      this.queues.attemptToOrphan.add(node.identity.uid);
      return;
    }
    if (startsWaitingFor(old, obj, FINALIZER_FOREGROUND)) {
      // A node first added as virtual has not had deletingDependents set: set it here.
      node.markDeletingDependents();
      for (const dep of node.dependents) this.queues.attemptToDelete.add(dep.identity.uid);
      this.queues.attemptToDelete.add(node.identity.uid);
    }
  }

  private reportInvalidNamespaceOwnerRef(node: GraphNode, ownerUid: string): void {
    const ref = node.owners.find((r) => r.uid === ownerUid);
    if (!ref) return;
    const invalid = ownerIdentity(ref, node.identity.namespace);
    this.recorder.event(
      { apiVersion: node.identity.apiVersion, kind: node.identity.kind, metadata: { name: node.identity.name, namespace: node.identity.namespace, uid: node.identity.uid } },
      'Warning',
      'OwnerRefInvalidNamespace',
      `ownerRef ${identityString(invalid)} does not resolve to a parent with uid ${ownerUid} in namespace ${node.identity.namespace}`,
    );
  }
}

export function hasFinalizer(obj: KubeObjectLike, finalizer: string): boolean {
  const finalizers = obj.metadata['finalizers'];
  return Array.isArray(finalizers) && finalizers.includes(finalizer);
}

/** The object now has a deletionTimestamp and `finalizer`, and did not have both before. */
function startsWaitingFor(old: KubeObjectLike | undefined, obj: KubeObjectLike, finalizer: string): boolean {
  if (obj.metadata.deletionTimestamp === undefined || !hasFinalizer(obj, finalizer)) return false;
  return old === undefined || old === obj || old.metadata.deletionTimestamp === undefined || !hasFinalizer(old, finalizer);
}
