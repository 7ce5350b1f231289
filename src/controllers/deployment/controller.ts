/**
 * The Deployment controller (model: pkg/controller/deployment/deployment_controller.go).
 *
 * Wiring: Deployments enqueue themselves; a ReplicaSet enqueues its controlling Deployment (an
 * orphan enqueues every Deployment whose selector matches it, which may adopt it); a deleted pod
 * enqueues its Deployment when that uses the Recreate strategy (which waits for old pods to go).
 *
 * `sync(key)`: 1. read the Deployment from the cache (gone: nothing to do) and copy it; 2. an
 * empty selector selects everything: refuse with a SelectingAll event; 3. claim ReplicaSets
 * (adopt matching orphans, release ours that no longer match); 4. hand over to `Rollout`.
 * Workers never sync the same key concurrently (work queue contract).
 */
import { selectorFromLabelSelector } from '../../api/labels/index.js';
import { DeletedFinalStateUnknown, keyFor, objectKey, splitKey, type SharedInformer } from '../../client/cache/index.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext } from '../shared/controller.js';
import { ControllerRefManager } from '../shared/controller-ref-manager.js';
import { controllerOf, type OwnerReference } from '../shared/owner-refs.js';
import { DEPLOYMENTS, PODS, REPLICASETS } from '../shared/resources.js';
import { runQueue } from '../shared/run-queue.js';
import { isRecreate } from './replica-sets.js';
import { Rollout } from './rollout.js';
import { generationOf, type Deployment, type Pod, type ReplicaSet } from './types.js';

export const CONTROLLER_NAME = 'deployment-controller';

export class DeploymentController implements Controller {
  private readonly deployments: SharedInformer<Deployment>;
  private readonly replicaSets: SharedInformer<ReplicaSet>;
  private readonly pods: SharedInformer<Pod>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;

  constructor(private readonly context: ControllerContext) {
    this.deployments = context.informer<Deployment>(DEPLOYMENTS);
    this.replicaSets = context.informer<ReplicaSet>(REPLICASETS);
    this.pods = context.informer<Pod>(PODS);
    this.queue = new RateLimitingQueue<string>({ clock: context.clock });
    this.recorder = context.recorder(CONTROLLER_NAME);
    this.logger = context.logger;

    this.deployments.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_old, d) => this.enqueue(d),
      onDelete: (d) => this.enqueue(d instanceof DeletedFinalStateUnknown ? d.obj : d),
    });
    this.replicaSets.addEventHandler({
      onAdd: (rs) => this.replicaSetChanged(undefined, rs),
      onUpdate: (old, rs) => this.replicaSetChanged(old, rs),
      onDelete: (rs) => this.replicaSetDeleted(rs instanceof DeletedFinalStateUnknown ? rs.obj : rs),
    });
    this.pods.addEventHandler({ onDelete: (pod) => this.podDeleted(pod instanceof DeletedFinalStateUnknown ? pod.obj : pod) });
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    return runQueue({ queue: this.queue, waitFor: [this.deployments, this.replicaSets, this.pods] as unknown as SharedInformer[], workers, sync: (key) => this.sync(key), logger: this.logger }, signal);
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.deployments.lister.get(namespace, name);
    if (cached === undefined) return;
    const d: Deployment = { ...structuredClone(cached), apiVersion: 'apps/v1', kind: 'Deployment' };
    const client = this.context.client;

    const selectorSpec = d.spec.selector;
    if (selectorSpec && Object.keys(selectorSpec.matchLabels ?? {}).length === 0 && (selectorSpec.matchExpressions ?? []).length === 0) {
      this.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < generationOf(d)) {
        d.status = { ...(d.status ?? {}), observedGeneration: generationOf(d) };
        await client.resource<Deployment>(DEPLOYMENTS).namespace(namespace).updateStatus(d);
      }
      return;
    }
    const selector = selectorFromLabelSelector(selectorSpec);
    const manager = new ControllerRefManager<ReplicaSet>({
      children: client.resource<ReplicaSet>(REPLICASETS).namespace(namespace),
      owner: d,
      ownerApiVersion: 'apps/v1',
      ownerKind: 'Deployment',
      selector,
      getFreshOwner: () => client.resource<Deployment>(DEPLOYMENTS).namespace(namespace).get(name),
    });
    const rsList = await manager.claim(this.replicaSets.lister.listNamespace(namespace));

    const rollout = new Rollout(
      {
        client,
        recorder: this.recorder,
        now: () => this.context.clock.now(),
        cachedReplicaSet: (ns, rsName) => this.replicaSets.lister.get(ns, rsName),
        podsOf: (dep) => this.pods.lister.listNamespace(dep.metadata.namespace ?? '', selector),
        requeueAfter: (dep, ms) => (ms <= 0 ? this.queue.addRateLimited(objectKey(dep)) : this.queue.addAfter(objectKey(dep), ms)),
      },
      d,
      rsList.map((rs) => structuredClone(rs)),
    );
    await rollout.run();
  }

  private enqueue(d: KubeObjectLike): void {
    this.queue.add(objectKey(d));
  }

  /** The Deployment `ref` names in `namespace`, if it is still the same object (uid). */
  private resolveControllerRef(namespace: string, ref: OwnerReference | undefined): Deployment | undefined {
    if (ref?.kind !== 'Deployment' || !ref.apiVersion.startsWith('apps/')) return undefined;
    const d = this.deployments.lister.get(namespace, ref.name);
    return d?.metadata.uid === ref.uid ? d : undefined;
  }

  /** Deployments whose selector matches an orphan ReplicaSet's labels (candidates to adopt it). */
  private deploymentsMatching(rs: ReplicaSet): Deployment[] {
    const namespace = rs.metadata.namespace ?? '';
    return this.deployments.lister.listNamespace(namespace).filter((d) => {
      const spec = d.spec.selector;
      if (!spec || (Object.keys(spec.matchLabels ?? {}).length === 0 && (spec.matchExpressions ?? []).length === 0)) return false;
      try {
        return selectorFromLabelSelector(spec).matches(rs.metadata.labels ?? {});
      } catch {
        return false;
      }
    });
  }

  /** addReplicaSet / updateReplicaSet. */
  private replicaSetChanged(old: ReplicaSet | undefined, rs: ReplicaSet): void {
    if (old !== undefined && old.metadata.resourceVersion === rs.metadata.resourceVersion) return; // a resync
    const namespace = rs.metadata.namespace ?? '';
    if (old === undefined && rs.metadata.deletionTimestamp !== undefined) return this.replicaSetDeleted(rs);
    const ref = controllerOf(rs);
    const oldRef = old ? controllerOf(old) : undefined;
    if (oldRef && oldRef.uid !== ref?.uid) {
      const previous = this.resolveControllerRef(namespace, oldRef);
      if (previous) this.enqueue(previous);
    }
    if (ref) {
      const d = this.resolveControllerRef(namespace, ref);
      if (d) this.enqueue(d);
      return;
    }
    const labelsChanged = old === undefined || JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(rs.metadata.labels ?? {});
    if (labelsChanged || oldRef !== undefined) for (const d of this.deploymentsMatching(rs)) this.enqueue(d);
  }

  private replicaSetDeleted(rs: ReplicaSet): void {
    const d = this.resolveControllerRef(rs.metadata.namespace ?? '', controllerOf(rs));
    if (d) this.enqueue(d);
  }

  /** deletePod: a Recreate rollout waits for old pods to be gone. */
  private podDeleted(pod: Pod): void {
    const namespace = pod.metadata.namespace ?? '';
    const ref = controllerOf(pod);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.lister.get(namespace, ref.name);
    if (rs?.metadata.uid !== ref.uid) return;
    const d = this.resolveControllerRef(namespace, controllerOf(rs));
    if (d && isRecreate(d)) this.queue.add(keyFor(namespace, d.metadata.name ?? ''));
  }
}
