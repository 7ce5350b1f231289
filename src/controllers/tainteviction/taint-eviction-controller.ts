/**
 * The taint eviction controller (model: pkg/controller/tainteviction, v1.32): deletes pods from
 * nodes with NoExecute taints they do not tolerate, at once, or after the smallest
 * tolerationSeconds of the tolerations they use; pods tolerating forever stay.
 *
 * 1. node add/update/delete whose NoExecute taints changed → node queue: remember the node's
 *    NoExecute taints, then decide (decide.ts) for every pod on it; no taints left cancels
 *    every scheduled eviction on it;
 * 2. pod add/update/delete whose node or tolerations changed → pod queue: decide for that pod
 *    against the remembered taints of its node; a deleted pod's eviction is cancelled;
 * 3. a due eviction: event TaintManagerEviction, the DisruptionTarget condition
 *    (DeletionByTaintManager) patched into the pod status, then a (graceful) delete; up to 5
 *    attempts. A cancelled eviction records "Cancelling deletion of Pod ns/name".
 *
 * Evictions are timed from when the controller decided (as upstream), not from the taint's
 * timeAdded. Queues are processed one item at a time (1 worker each), so the taint map and the
 * scheduled evictions change in event order.
 */
import { podCondition, updatePodCondition } from '../../api/pod/conditions.js';
import type { Taint } from '../../api/taints/index.js';
import { DeletedFinalStateUnknown, keyFor, splitKey, type SharedInformer } from '../../client/cache/index.js';
import { formatTime, type EventRecorder } from '../../client/events/index.js';
import type { Clock } from '../../client/flowcontrol/clock.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { errorMessage, isNotFound } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext } from '../shared/controller.js';
import { cloneObject, type NodeObject, type PodObject } from '../shared/node-types.js';
import { ensurePodNodeNameIndex, podsOnNode } from '../shared/pods-by-node.js';
import { NODES, PODS } from '../shared/resources.js';
import { runQueue } from '../shared/run-queue.js';
import { decideEviction, noExecuteTaints, sameTaints, sameTolerations } from './decide.js';
import { TimedWorkers } from './timed-workers.js';

export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';
const DELETE_ATTEMPTS = 5;
const RETRY_DELAY_MS = 10;

export class TaintEvictionController implements Controller {
  private readonly nodeInformer: SharedInformer<NodeObject>;
  private readonly podInformer: SharedInformer<PodObject>;
  private readonly podsApi: ResourceClient<PodObject>;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly nodeQueue: RateLimitingQueue<string>;
  private readonly podQueue: RateLimitingQueue<string>;
  /** Node name → its NoExecute taints (only nodes that have some). */
  private readonly taintedNodes = new Map<string, Taint[]>();
  private readonly evictions: TimedWorkers;

  constructor(context: ControllerContext) {
    this.clock = context.clock;
    this.logger = context.logger;
    this.recorder = context.recorder(TAINT_EVICTION_CONTROLLER);
    this.podsApi = context.client.resource<PodObject>(PODS);
    this.nodeQueue = new RateLimitingQueue<string>({ clock: this.clock });
    this.podQueue = new RateLimitingQueue<string>({ clock: this.clock });
    this.evictions = new TimedWorkers(this.clock, (key, fireAt) => this.evict(key, fireAt));
    this.nodeInformer = context.informer<NodeObject>(NODES);
    this.podInformer = context.informer<PodObject>(PODS);
    ensurePodNodeNameIndex(this.podInformer);
    this.nodeInformer.addEventHandler({
      onAdd: (node) => this.nodeQueue.add(node.metadata.name ?? ''),
      onUpdate: (old, node) => {
        if (!sameTaints(noExecuteTaints(old.spec?.taints), noExecuteTaints(node.spec?.taints))) this.nodeQueue.add(node.metadata.name ?? '');
      },
      onDelete: (obj) => {
        const node = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
        if (node) this.nodeQueue.add(node.metadata.name ?? '');
      },
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.podQueue.add(podKey(pod)),
      onUpdate: (old, pod) => {
        if (old.spec?.nodeName !== pod.spec?.nodeName || !sameTolerations(old.spec?.tolerations, pod.spec?.tolerations)) this.podQueue.add(podKey(pod));
      },
      onDelete: (obj) => {
        const pod = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
        if (pod) this.podQueue.add(podKey(pod));
      },
    });
  }

  async run(_workers: number, signal: AbortSignal): Promise<void> {
    const waitFor = [this.nodeInformer, this.podInformer];
    try {
      // One worker per queue: see the ordering contract above.
      await Promise.all([
        runQueue({ queue: this.nodeQueue, waitFor, workers: 1, sync: async (name) => this.handleNodeUpdate(name), logger: this.logger }, signal),
        runQueue({ queue: this.podQueue, waitFor, workers: 1, sync: async (key) => this.handlePodUpdate(key), logger: this.logger }, signal),
      ]);
    } finally {
      this.evictions.dispose();
      await this.evictions.idle();
    }
  }

  private handleNodeUpdate(name: string): void {
    const node = this.nodeInformer.lister.get('', name);
    if (!node) {
      this.taintedNodes.delete(name);
      return;
    }
    const taints = noExecuteTaints(node.spec?.taints);
    if (taints.length === 0) this.taintedNodes.delete(name);
    else this.taintedNodes.set(name, taints);
    const pods = podsOnNode(this.podInformer, name);
    if (taints.length === 0) {
      for (const pod of pods) this.cancelWithEvent(podKey(pod));
      return;
    }
    const now = this.clock.now();
    for (const pod of pods) this.processPodOnNode(pod, taints, now);
  }

  private handlePodUpdate(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.podInformer.lister.get(namespace, name);
    if (!pod) {
      this.cancelWithEvent(key);
      return;
    }
    const nodeName = pod.spec?.nodeName;
    if (!nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    // Node gone or untainted: its update cancelled what was scheduled.
    if (!taints) return;
    this.processPodOnNode(pod, taints, this.clock.now());
  }

  private processPodOnNode(pod: PodObject, taints: readonly Taint[], now: number): void {
    const key = podKey(pod);
    const decision = decideEviction(taints, pod.spec?.tolerations);
    switch (decision.kind) {
      case 'cancel':
      case 'tolerate-forever':
        this.cancelWithEvent(key);
        return;
      case 'evict-now':
        this.cancelWithEvent(key);
        this.evictions.add(key, now, now);
        return;
      case 'evict-after': {
        let start = now;
        const scheduled = this.evictions.get(key);
        if (scheduled) {
          start = scheduled.createdAt;
          // Already scheduled earlier: keep that schedule.
          if (start + decision.afterMs < now + decision.afterMs) return;
          this.cancelWithEvent(key);
        }
        this.evictions.add(key, start, now + decision.afterMs);
      }
    }
  }

  private cancelWithEvent(key: string): void {
    if (!this.evictions.cancel(key)) return;
    const { namespace, name } = splitKey(key);
    this.recorder.event(podRef(namespace, name), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  /** Step 3: the eviction of pod `key`, due at `fireAt`. */
  private async evict(key: string, fireAt: number): Promise<void> {
    const { namespace, name } = splitKey(key);
    this.logger.info({ pod: key, lateMs: this.clock.now() - fireAt }, 'Deleting pod');
    this.recorder.event(podRef(namespace, name), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${key}`);
    let lastError: unknown;
    for (let attempt = 1; attempt <= DELETE_ATTEMPTS; attempt++) {
      try {
        await this.addConditionAndDeletePod(namespace, name);
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        lastError = err;
        await new Promise((resolve) => this.clock.setTimer(RETRY_DELAY_MS, () => resolve(undefined)));
      }
    }
    this.logger.error({ pod: key, err: errorMessage(lastError) }, 'failed to evict pod');
    throw lastError;
  }

  private async addConditionAndDeletePod(namespace: string, name: string): Promise<void> {
    const pods = this.podsApi.namespace(namespace);
    const pod = await pods.get(name);
    const status = cloneObject(pod.status ?? {});
    const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' };
    if (updatePodCondition(status, condition, formatTime(this.clock.now()))) {
      await pods.patch(name, 'strategic', { metadata: { uid: pod.metadata.uid }, status: { conditions: [podCondition(status, 'DisruptionTarget')] } }, { subresource: 'status' });
    }
    await pods.delete(name);
  }
}

function podKey(pod: PodObject): string {
  return keyFor(pod.metadata.namespace, pod.metadata.name ?? '');
}

function podRef(namespace: string, name: string): { apiVersion: string; kind: string; namespace: string; name: string } {
  return { apiVersion: 'v1', kind: 'Pod', namespace, name };
}
