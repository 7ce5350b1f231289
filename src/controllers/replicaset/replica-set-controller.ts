/**
 * The ReplicaSet controller, which also runs ReplicationControllers (model: upstream
 * pkg/controller/replicaset/replica_set.go; `kinds.ts` holds what differs between the two).
 *
 * Informer handlers (they only enqueue owner keys and account expectations):
 * - owner added/updated → sync it; deleted (or replaced under the same name) → forget its
 *   expectations and sync it (the sync finds it gone);
 * - pod added → its controlling owner (resolved by kind, name and uid) observes a creation; an
 *   orphan wakes every owner whose selector matches it, to adopt it;
 * - pod updated → its owner, and its previous owner when the controller reference changed; a pod
 *   given a deletionTimestamp counts as deleted at once; a pod turning Ready requeues its owner
 *   after minReadySeconds + 1 s so availability is recounted; an orphan whose labels or
 *   reference changed wakes the owners that match it;
 * - pod deleted → its owner observes the deletion.
 *
 * sync(key), for one owner (never two workers on the same key: the queue guarantees it):
 * 1. gone → drop its expectations;
 * 2. claim the namespace's active pods (adopt matching orphans, release owned pods that no
 *    longer match);
 * 3. if the expectations are satisfied and the owner is not being deleted, create or delete pods
 *    towards spec.replicas (at most 500 per sync; creates in slow-start batches);
 * 4. write the status computed by `calculateStatus` when it changed;
 * 5. with minReadySeconds, requeue while Ready pods are not yet available;
 * 6. rethrow a failure of step 3 so the key is retried with backoff.
 */
import { isPodActive, isPodReady } from '../../api/pod/readiness.js';
import { sameJSON } from '../../api/json-equal.js';
import type { LabelSelector } from '../../api/labels/index.js';
import { DeletedFinalStateUnknown, objectKey, splitKey, type Lister, type SharedInformer } from '../../client/cache/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { errorMessage, isNotFound } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext } from '../shared/controller.js';
import { ControllerRefManager } from '../shared/controller-ref-manager.js';
import { ControllerExpectations } from '../shared/expectations.js';
import { controllerOf, newControllerRef, type OwnerReference } from '../shared/owner-refs.js';
import { isNamespaceTerminating, PodControl } from '../shared/pod-control.js';
import { PODS } from '../shared/resources.js';
import { runQueue } from '../shared/run-queue.js';
import { slowStartBatch } from '../shared/slow-start.js';
import type { ReplicaKind } from './kinds.js';
import { podsToDelete } from './ranking.js';
import { calculateStatus, statusChanged } from './status.js';
import { desiredReplicas, type PodLike, type ReplicaSetLike, type ReplicaSetStatus } from './types.js';

/** upstream BurstReplicas: the most pods one sync creates or deletes. */
export const BURST_REPLICAS = 500;
/** upstream SlowStartInitialBatchSize. */
const SLOW_START_INITIAL_BATCH = 1;
/** Index of owners by the uid of their own controller (e.g. a Deployment). */
const CONTROLLER_UID_INDEX = 'controllerUID';

export class ReplicaSetController implements Controller {
  private readonly queue: RateLimitingQueue<string>;
  private readonly expectations: ControllerExpectations;
  private readonly owners: SharedInformer<ReplicaSetLike>;
  private readonly pods: SharedInformer<PodLike>;
  private readonly ownerLister: Lister<ReplicaSetLike>;
  private readonly podLister: Lister<PodLike>;
  private readonly podControl: PodControl;
  private readonly logger: Logger;

  constructor(
    private readonly kind: ReplicaKind,
    private readonly context: ControllerContext,
  ) {
    this.logger = context.logger;
    this.queue = new RateLimitingQueue<string>({ clock: context.clock });
    this.expectations = new ControllerExpectations(context.clock);
    this.podControl = new PodControl(context.client, context.recorder(kind.component));
    this.owners = context.informer<ReplicaSetLike>(kind.resource);
    this.pods = context.informer<PodLike>(PODS);
    this.ownerLister = this.owners.lister;
    this.podLister = this.pods.lister;
    addIndexOnce(this.owners, CONTROLLER_UID_INDEX, (owner) => {
      const ref = controllerOf(owner);
      return ref ? [ref.uid] : [];
    });
    this.owners.addEventHandler({
      onAdd: (owner) => this.enqueue(owner),
      onUpdate: (old, cur) => this.updateOwner(old, cur),
      onDelete: (obj) => this.deleteOwner(obj),
    });
    this.pods.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (obj) => this.deletePod(obj),
    });
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    return runQueue({ queue: this.queue, waitFor: [this.owners, this.pods], workers, sync: (key) => this.sync(key), logger: this.logger }, signal);
  }

  // ---- informer handlers ------------------------------------------------------------------

  private enqueue(owner: ReplicaSetLike): void {
    this.queue.add(objectKey(owner));
  }

  private updateOwner(old: ReplicaSetLike, cur: ReplicaSetLike): void {
    // A delete and re-create between two observations shows as an update with a new uid.
    if (old.metadata.uid !== cur.metadata.uid) this.deleteOwner(new DeletedFinalStateUnknown(objectKey(old), old));
    this.enqueue(cur);
  }

  private deleteOwner(obj: ReplicaSetLike | DeletedFinalStateUnknown<ReplicaSetLike>): void {
    const owner = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
    const key = objectKey(owner);
    this.expectations.delete(key);
    this.queue.add(key);
  }

  private addPod(pod: PodLike): void {
    if (pod.metadata.deletionTimestamp !== undefined) {
      // Seen for the first time already terminating (e.g. after a restart): not a creation.
      this.deletePod(pod);
      return;
    }
    const ref = controllerOf(pod);
    if (ref !== undefined) {
      const owner = this.resolveControllerRef(pod.metadata.namespace, ref);
      if (owner === undefined) return;
      const key = objectKey(owner);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    // An orphan: every owner that selects it may adopt it. No creation is observed for it.
    for (const owner of this.ownersSelecting(pod)) this.enqueue(owner);
  }

  private updatePod(old: PodLike, cur: PodLike): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return; // a resync
    const labelsChanged = !sameJSON(old.metadata.labels ?? {}, cur.metadata.labels ?? {});
    if (cur.metadata.deletionTimestamp !== undefined) {
      // Graceful deletion started: the owner need not wait for the pod to be gone to replace it.
      this.deletePod(cur);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const curRef = controllerOf(cur);
    const oldRef = controllerOf(old);
    const refChanged = !sameJSON(curRef ?? null, oldRef ?? null);
    if (refChanged && oldRef !== undefined) {
      const previous = this.resolveControllerRef(old.metadata.namespace, oldRef);
      if (previous) this.enqueue(previous);
    }
    if (curRef !== undefined) {
      const owner = this.resolveControllerRef(cur.metadata.namespace, curRef);
      if (owner === undefined) return;
      this.enqueue(owner);
      const minReadySeconds = owner.spec?.minReadySeconds ?? 0;
      if (!isPodReady(old) && isPodReady(cur) && minReadySeconds > 0) {
        // A second more than minReadySeconds, so the pod is surely available when recounted.
        this.queue.addAfter(objectKey(owner), (minReadySeconds + 1) * 1000);
      }
      return;
    }
    if (labelsChanged || refChanged) {
      for (const owner of this.ownersSelecting(cur)) this.enqueue(owner);
    }
  }

  private deletePod(obj: PodLike | DeletedFinalStateUnknown<PodLike>): void {
    const pod = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
    const ref = controllerOf(pod);
    if (ref === undefined) return; // nobody waits for an orphan to go
    const owner = this.resolveControllerRef(pod.metadata.namespace, ref);
    if (owner === undefined) return;
    const key = objectKey(owner);
    this.expectations.deletionObserved(key, pod.metadata.uid ?? '');
    this.queue.add(key);
  }

  /** The owner a controller reference names, if it is of our kind and still has that uid. */
  private resolveControllerRef(namespace: string | undefined, ref: OwnerReference): ReplicaSetLike | undefined {
    if (ref.kind !== this.kind.kind) return undefined;
    const owner = this.ownerLister.get(namespace ?? '', ref.name);
    return owner?.metadata.uid === ref.uid ? owner : undefined;
  }

  /** Owners in the pod's namespace whose (valid, non-empty) selector matches its labels. */
  private ownersSelecting(pod: PodLike): ReplicaSetLike[] {
    const found = this.ownerLister.listNamespace(pod.metadata.namespace ?? '').filter((owner) => {
      const selector = this.selectorOrUndefined(owner);
      return selector !== undefined && !selector.isEmpty() && selector.matches(pod.metadata.labels);
    });
    if (found.length > 1) {
      this.logger.warn({ kind: this.kind.kind, pod: objectKey(pod), labels: pod.metadata.labels }, `user error! more than one ${this.kind.kind} is selecting pods with the same labels`);
    }
    return found;
  }

  private selectorOrUndefined(owner: ReplicaSetLike): LabelSelector | undefined {
    try {
      return this.kind.selector(owner);
    } catch {
      return undefined;
    }
  }

  // ---- sync -------------------------------------------------------------------------------

  /** See the numbered steps in the file comment. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const owner = this.ownerLister.get(namespace, name);
    if (owner === undefined) {
      this.expectations.delete(key);
      return;
    }
    const needsSync = this.expectations.satisfied(key);
    let selector: LabelSelector;
    try {
      selector = this.kind.selector(owner);
    } catch (err) {
      // An invalid selector will not become valid by retrying (upstream drops the key too).
      this.logger.error({ key, err: errorMessage(err) }, `error converting pod selector to selector for ${this.kind.kind} ${key}`);
      return;
    }

    // Step 2: every pod of the namespace, so pods with our stale controller reference are released too.
    const active = this.podLister.listNamespace(namespace).filter(isPodActive);
    const claimed = await this.claimPods(owner, selector, active);

    let manageError: unknown;
    if (needsSync && owner.metadata.deletionTimestamp === undefined) {
      try {
        await this.manageReplicas(key, owner, claimed);
      } catch (err) {
        manageError = err ?? new Error('unknown error');
      }
    }

    const status = calculateStatus(owner, claimed, manageError, this.context.clock.now());
    const updated = await this.updateStatus(owner, status);

    const minReadySeconds = updated.spec?.minReadySeconds ?? 0;
    const replicas = desiredReplicas(updated);
    const readyReplicas = updated.status?.readyReplicas ?? 0;
    const availableReplicas = updated.status?.availableReplicas ?? 0;
    if (manageError === undefined && minReadySeconds > 0 && readyReplicas === replicas && availableReplicas !== replicas) {
      this.queue.addAfter(key, minReadySeconds * 1000);
    }
    if (manageError !== undefined) throw manageError;
  }

  private claimPods(owner: ReplicaSetLike, selector: LabelSelector, pods: PodLike[]): Promise<PodLike[]> {
    const namespace = owner.metadata.namespace ?? '';
    const manager = new ControllerRefManager<PodLike>({
      children: this.context.client.resource<PodLike>(PODS).namespace(namespace),
      owner,
      ownerApiVersion: this.kind.apiVersion,
      ownerKind: this.kind.kind,
      selector,
      getFreshOwner: () => this.ownerClient(namespace).get(owner.metadata.name ?? ''),
    });
    return manager.claim(pods);
  }

  /** Step 3: creates or deletes pods so `pods` (the claimed active ones) reach spec.replicas. */
  private async manageReplicas(key: string, owner: ReplicaSetLike, pods: PodLike[]): Promise<void> {
    const namespace = owner.metadata.namespace ?? '';
    const diff = pods.length - desiredReplicas(owner);
    if (diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      // Expect before writing: the informer may deliver the new pods before the creates return.
      this.expectations.expect(key, count);
      this.logger.debug({ key, need: desiredReplicas(owner), creating: count }, 'too few replicas');
      const controllerRef = newControllerRef(owner, this.kind.apiVersion, this.kind.kind);
      const template = owner.spec?.template ?? {};
      const { successes, error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH, async () => {
        try {
          await this.podControl.createPod(namespace, template, owner, controllerRef);
        } catch (err) {
          // Every create fails while the namespace goes away; there is nothing to do about it.
          if (!isNamespaceTerminating(err)) throw err;
        }
      });
      // Creates never attempted (after a failed batch) or failed will never be observed.
      if (count - successes > 0) this.expectations.lowerCreations(key, count - successes);
      if (error !== undefined) throw error;
      return;
    }
    if (diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      this.logger.debug({ key, need: desiredReplicas(owner), deleting: count }, 'too many replicas');
      const victims = podsToDelete(pods, this.indirectlyRelatedPods(owner), count, this.context.clock.now());
      this.expectations.expect(key, 0, victims.map((pod) => pod.metadata.uid ?? ''));
      const results = await Promise.allSettled(
        victims.map(async (pod) => {
          const uid = pod.metadata.uid ?? '';
          try {
            await this.podControl.deletePod(namespace, pod.metadata.name ?? '', uid, owner);
          } catch (err) {
            this.expectations.lowerDeletion(key, uid);
            if (!isNotFound(err)) throw err;
          }
        }),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  /**
   * Pods of every owner that shares this owner's controller (e.g. all ReplicaSets of one
   * Deployment), each counted once; only this owner's own pods when it has no controller.
   */
  private indirectlyRelatedPods(owner: ReplicaSetLike): PodLike[] {
    const ref = controllerOf(owner);
    const siblings = ref ? this.owners.indexer.byIndex(CONTROLLER_UID_INDEX, ref.uid) : [owner];
    const seen = new Map<string, PodLike>();
    for (const sibling of siblings) {
      const selector = this.selectorOrUndefined(sibling);
      if (selector === undefined) continue;
      for (const pod of this.podLister.listNamespace(sibling.metadata.namespace ?? '', selector)) {
        const uid = pod.metadata.uid ?? '';
        if (!seen.has(uid)) seen.set(uid, pod);
      }
    }
    return [...seen.values()];
  }

  /**
   * Step 4 (upstream updateReplicaSetStatus): PUT status when it changed, retrying once on a
   * fresh copy if the first write fails. Returns the owner as it now is.
   */
  private async updateStatus(owner: ReplicaSetLike, status: ReplicaSetStatus): Promise<ReplicaSetLike> {
    if (!statusChanged(owner.status, status)) return owner;
    const client = this.ownerClient(owner.metadata.namespace ?? '');
    const write = (current: ReplicaSetLike): Promise<ReplicaSetLike> => {
      const next = structuredClone(current);
      next.status = status;
      return client.updateStatus(next);
    };
    try {
      return await write(owner);
    } catch (err) {
      this.logger.debug({ key: objectKey(owner), err: errorMessage(err) }, 'status update failed; retrying once on a fresh copy');
      const fresh = await client.get(owner.metadata.name ?? '');
      return write(fresh);
    }
  }

  private ownerClient(namespace: string): ResourceClient<ReplicaSetLike> {
    return this.context.client.resource<ReplicaSetLike>(this.kind.resource).namespace(namespace);
  }
}

/** Adds an index unless another controller sharing the informer already did. */
function addIndexOnce<T extends KubeObjectLike>(informer: SharedInformer<T>, name: string, fn: (obj: T) => string[]): void {
  try {
    informer.indexer.listIndexValues(name);
  } catch {
    informer.indexer.addIndexers({ [name]: fn });
  }
}
