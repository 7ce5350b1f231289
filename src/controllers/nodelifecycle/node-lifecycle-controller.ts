/**
 * The node lifecycle controller (model: pkg/controller/nodelifecycle, v1.32 with the separate
 * taint eviction controller): watches node heartbeats, turns the conditions of silent nodes
 * Unknown, marks their pods NotReady, and taints nodes so the taint eviction controller and the
 * scheduler act on them.
 *
 * Loops (all stop when the run signal aborts):
 * 1. every nodeMonitorPeriod, `monitorNodeHealth`: per node, observe health (node-health.ts),
 *    write Unknown conditions when the grace period ran out, emit NodeNotReady and mark the pods
 *    NotReady on the Ready→not Ready transition, queue the node for its NoExecute taint
 *    (`unreachable` when Unknown, `not-ready` when False) or take those taints off when Ready;
 *    then settle the zones' disruption states (zones.ts);
 * 2. every 100 ms (NodeEvictionPeriod), the NoExecute tainting pass over each zone's rate-limited
 *    queue (taint-queue.ts);
 * 3. a node queue (node add/update → the NoSchedule taints its conditions call for);
 * 4. a pod queue (a pod bound to a node that is not Ready is marked NotReady at once).
 *
 * The health map, zone states and taint queues are touched only from these loops; each
 * node's monitor step runs at most once at a time (one monitor pass at a time).
 */
import { updatePodCondition } from '../../api/pod/conditions.js';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, taintExists, type Taint } from '../../api/taints/index.js';
import { keyFor, splitKey, type SharedInformer } from '../../client/cache/index.js';
import { formatTime, type EventRecorder } from '../../client/events/index.js';
import { clockSleep, type Clock } from '../../client/flowcontrol/clock.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { errorMessage, isNotFound } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext } from '../shared/controller.js';
import { changeNodeTaints } from '../shared/node-taints.js';
import { parallelize } from '../shared/parallelize.js';
import { cloneObject, NODE_LEASE_NAMESPACE, nodeCondition, type LeaseObject, type NodeCondition, type NodeObject, type PodObject } from '../shared/node-types.js';
import { ensurePodNodeNameIndex, podsOnNode } from '../shared/pods-by-node.js';
import { LEASES, NODES, PODS } from '../shared/resources.js';
import { runQueue } from '../shared/run-queue.js';
import { observeNodeHealth, type HealthObservation, type HealthPeriods, type NodeHealth } from './node-health.js';
import { noScheduleTaintChanges } from './no-schedule-taints.js';
import { RateLimitedTaintQueue } from './taint-queue.js';
import { decideDisruption, DEFAULT_EVICTION_RATES, isExcludedFromDisruption, zoneKey, type EvictionRates, type ZoneState } from './zones.js';

export const NODE_LIFECYCLE_CONTROLLER = 'node-lifecycle-controller';
/** The event source upstream's node lifecycle controller records as. */
const EVENT_COMPONENT = 'node-controller';

export const DEFAULT_NODE_MONITOR_PERIOD_MS = 5_000;
export const DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS = 40_000;
export const DEFAULT_NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
const NODE_EVICTION_PERIOD_MS = 100;
const NODE_HEALTH_UPDATE_RETRY = 5;
/** Nodes checked concurrently in one monitor pass (upstream nodeUpdateWorkerSize). */
const NODE_UPDATE_CONCURRENCY = 8;

const UNREACHABLE_TAINT: Taint = { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' };
const NOT_READY_TAINT: Taint = { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' };

export class NodeLifecycleController implements Controller {
  private readonly nodeInformer: SharedInformer<NodeObject>;
  private readonly leaseInformer: SharedInformer<LeaseObject>;
  private readonly podInformer: SharedInformer<PodObject>;
  private readonly nodesApi: ResourceClient<NodeObject>;
  private readonly podsApi: ResourceClient<PodObject>;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly periods: HealthPeriods;
  private readonly monitorPeriodMs: number;
  private readonly rates: EvictionRates;
  private readonly nodeQueue: RateLimitingQueue<string>;
  private readonly podQueue: RateLimitingQueue<string>;
  private readonly health = new Map<string, NodeHealth>();
  private readonly knownNodes = new Map<string, NodeObject>();
  private readonly nodesToRetry = new Set<string>();
  private zoneStates = new Map<string, ZoneState>();
  private readonly tainters = new Map<string, RateLimitedTaintQueue>();

  constructor(context: ControllerContext) {
    const options = context.options ?? {};
    this.clock = context.clock;
    this.logger = context.logger;
    this.recorder = context.recorder(EVENT_COMPONENT);
    this.nodesApi = context.client.resource<NodeObject>(NODES);
    this.podsApi = context.client.resource<PodObject>(PODS);
    this.periods = {
      gracePeriodMs: options.nodeMonitorGracePeriodMs ?? DEFAULT_NODE_MONITOR_GRACE_PERIOD_MS,
      startupGracePeriodMs: options.nodeStartupGracePeriodMs ?? DEFAULT_NODE_STARTUP_GRACE_PERIOD_MS,
    };
    this.monitorPeriodMs = options.nodeMonitorPeriodMs ?? DEFAULT_NODE_MONITOR_PERIOD_MS;
    this.rates = { ...DEFAULT_EVICTION_RATES, ...(options.nodeEvictionRate !== undefined ? { evictionQPS: options.nodeEvictionRate } : {}) };
    this.nodeQueue = new RateLimitingQueue<string>({ clock: this.clock });
    this.podQueue = new RateLimitingQueue<string>({ clock: this.clock });
    this.nodeInformer = context.informer<NodeObject>(NODES);
    this.leaseInformer = context.informer<LeaseObject>(LEASES);
    this.podInformer = context.informer<PodObject>(PODS);
    ensurePodNodeNameIndex(this.podInformer);
    this.nodeInformer.addEventHandler({
      onAdd: (node) => this.nodeQueue.add(node.metadata.name ?? ''),
      onUpdate: (_old, node) => this.nodeQueue.add(node.metadata.name ?? ''),
    });
    this.podInformer.addEventHandler({
      onAdd: (pod) => this.podUpdated(undefined, pod),
      onUpdate: (old, pod) => this.podUpdated(old, pod),
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const waitFor = [this.nodeInformer, this.leaseInformer, this.podInformer];
    const nodes = runQueue({ queue: this.nodeQueue, waitFor, workers, sync: (name) => this.doNoScheduleTaintingPass(name), logger: this.logger }, signal);
    const pods = runQueue({ queue: this.podQueue, waitFor, workers: 4, sync: (key) => this.processPod(key), logger: this.logger }, signal);
    const loops = (async () => {
      try {
        await Promise.all(waitFor.map((informer) => informer.waitForSync(signal)));
      } catch {
        return;
      }
      await Promise.all([
        this.every(this.monitorPeriodMs, signal, () => this.monitorNodeHealth()),
        this.every(NODE_EVICTION_PERIOD_MS, signal, () => this.doNoExecuteTaintingPass()),
      ]);
    })();
    await Promise.all([nodes, pods, loops]);
  }

  /** Runs `pass` now and then `periodMs` after each pass ends (wait.Until), until `signal` aborts. */
  private async every(periodMs: number, signal: AbortSignal, pass: () => Promise<void>): Promise<void> {
    while (!signal.aborted) {
      try {
        await pass();
      } catch (err) {
        this.logger.error({ err: errorMessage(err) }, 'node lifecycle pass failed');
      }
      await clockSleep(this.clock, periodMs, signal).catch(() => undefined);
    }
  }

  private podUpdated(old: PodObject | undefined, pod: PodObject): void {
    const nodeName = pod.spec?.nodeName;
    if (nodeName && (!old || old.spec?.nodeName !== nodeName)) this.podQueue.add(keyFor(pod.metadata.namespace, pod.metadata.name ?? ''));
  }

  /** A pod newly bound to a node that is not Ready is marked NotReady (processPod). */
  private async processPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.podInformer.lister.get(namespace, name);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    const health = this.health.get(nodeName);
    if (!health) return;
    if (!this.nodeInformer.lister.get('', nodeName)) throw new Error(`node ${nodeName} of pod ${key} is not in the cache yet`);
    if (!health.readyCondition || health.readyCondition.status === 'True') return;
    await this.markPodsNotReady([pod], nodeName);
  }

  // ---- NoSchedule taints -------------------------------------------------------------------

  private async doNoScheduleTaintingPass(name: string): Promise<void> {
    const node = this.nodeInformer.lister.get('', name);
    if (!node) return;
    const { add, remove } = noScheduleTaintChanges(node);
    if (add.length === 0 && remove.length === 0) return;
    const now = formatTime(this.clock.now());
    await changeNodeTaints(this.nodesApi, name, node, add.map((t) => ({ ...t, timeAdded: now })), remove);
  }

  // ---- health monitoring -------------------------------------------------------------------

  /** One monitor pass (see the class comment, loop 1). */
  private async monitorNodeHealth(): Promise<void> {
    const nodes = this.nodeInformer.lister.list();
    const seen = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata.name ?? '';
      seen.add(name);
      this.ensureZone(node);
      if (this.knownNodes.has(name)) continue;
      this.logger.info({ node: name }, 'Controller observed a new Node');
      this.recordNodeEvent(node, 'Normal', 'RegisteredNode', `Registered Node ${name} in Controller`);
      this.knownNodes.set(name, node);
      await this.markNodeAsReachable(node).catch((err: unknown) => this.logger.error({ node: name, err: errorMessage(err) }, 'Failed to remove taints from node'));
    }
    for (const [name, node] of [...this.knownNodes]) {
      if (seen.has(name)) continue;
      this.logger.info({ node: name }, 'Controller observed a Node deletion');
      this.recordNodeEvent(node, 'Normal', 'RemovingNode', `Removing Node ${name} from Controller`);
      this.knownNodes.delete(name);
      this.health.delete(name);
      this.nodesToRetry.delete(name);
    }

    const zoneConditions = new Map<string, (NodeCondition | undefined)[]>();
    await parallelize(nodes, NODE_UPDATE_CONCURRENCY, async (node) => {
      const currentReady = await this.updateNode(node);
      if (currentReady === null || isExcludedFromDisruption(node)) return;
      const zone = zoneKey(node);
      const list = zoneConditions.get(zone) ?? [];
      list.push(currentReady);
      zoneConditions.set(zone, list);
    });
    await this.handleDisruption(zoneConditions, nodes);
  }

  /** The monitor step of one node; resolves its current Ready condition, or null when its health could not be updated. */
  private async updateNode(cached: NodeObject): Promise<NodeCondition | undefined | null> {
    const name = cached.metadata.name ?? '';
    let node = cached;
    let result: { observation: HealthObservation; node: NodeObject } | undefined;
    for (let attempt = 1; !result; attempt++) {
      try {
        result = await this.tryUpdateNodeHealth(node);
      } catch (err) {
        if (attempt >= NODE_HEALTH_UPDATE_RETRY) {
          this.logger.error({ node: name, err: errorMessage(err) }, 'Update health of Node from Controller error, Skipping - no pods will be evicted');
          return null;
        }
        try {
          node = await this.nodesApi.get(name);
        } catch (getErr) {
          this.logger.error({ node: name, err: errorMessage(getErr) }, 'Failed while getting a Node to retry updating node health. Probably Node was deleted');
          return null;
        }
      }
    }
    const { observedReady, currentReady } = result.observation;
    node = result.node;
    if (!currentReady) return currentReady;
    try {
      await this.processTaintBaseEviction(node, observedReady);
    } catch (err) {
      this.logger.error({ node: name, err: errorMessage(err) }, 'Failed to update NoExecute taints of node; will retry in the next pass');
    }
    const wasReady = observedReady.status === 'True';
    const needsRetry = this.nodesToRetry.has(name);
    let markPods = false;
    if (currentReady.status !== 'True' && wasReady) {
      this.recordNodeStatusChange(node, 'NodeNotReady');
      markPods = true;
    } else if (needsRetry && !wasReady) {
      markPods = true;
    }
    if (markPods) {
      try {
        await this.markPodsNotReady(podsOnNode(this.podInformer, name), name);
      } catch (err) {
        this.logger.error({ node: name, err: errorMessage(err) }, 'unable to mark all pods NotReady on node; queuing for retry');
        this.nodesToRetry.add(name);
        return currentReady;
      }
    }
    this.nodesToRetry.delete(name);
    return currentReady;
  }

  /** Observes the node's health and writes its Unknown conditions if due; resolves the observation and the node as last written or read. */
  private async tryUpdateNodeHealth(node: NodeObject): Promise<{ observation: HealthObservation; node: NodeObject }> {
    const name = node.metadata.name ?? '';
    const lease = this.leaseInformer.lister.get(NODE_LEASE_NAMESPACE, name);
    const observation = observeNodeHealth(this.health.get(name), node, lease, this.clock.now(), this.periods);
    this.health.set(name, observation.health);
    if (!observation.statusUpdate) return { observation, node };
    const updated = await this.nodesApi.updateStatus(observation.statusUpdate);
    this.health.set(name, {
      probeTimestamp: observation.health.probeTimestamp,
      readyTransitionTimestamp: this.clock.now(),
      readyCondition: nodeCondition(updated, 'Ready'),
      leaseRenewTime: observation.health.leaseRenewTime,
    });
    return { observation, node: updated };
  }

  /** Steps 2–3 of processTaintBaseEviction: swap to the right NoExecute taint, queue it, or untaint a Ready node. */
  private async processTaintBaseEviction(node: NodeObject, observedReady: NodeCondition): Promise<void> {
    const name = node.metadata.name ?? '';
    const taints = node.spec?.taints;
    switch (observedReady.status) {
      case 'False':
        if (taintExists(taints, UNREACHABLE_TAINT)) await this.swapTaint(node, NOT_READY_TAINT, UNREACHABLE_TAINT);
        else if (this.markNodeForTainting(node, 'False')) this.logger.info({ node: name }, 'Node is NotReady. Adding it to the Taint queue');
        break;
      case 'Unknown':
        if (taintExists(taints, NOT_READY_TAINT)) await this.swapTaint(node, UNREACHABLE_TAINT, NOT_READY_TAINT);
        else if (this.markNodeForTainting(node, 'Unknown')) this.logger.info({ node: name }, 'Node is unresponsive. Adding it to the Taint queue');
        break;
      case 'True':
        if (await this.markNodeAsReachable(node)) this.logger.info({ node: name }, 'Node is healthy again, removed all taints');
        break;
    }
  }

  private swapTaint(node: NodeObject, add: Taint, remove: Taint): Promise<boolean> {
    return changeNodeTaints(this.nodesApi, node.metadata.name ?? '', node, [{ ...add, timeAdded: formatTime(this.clock.now()) }], [remove]);
  }

  private markNodeForTainting(node: NodeObject, status: 'False' | 'Unknown'): boolean {
    const name = node.metadata.name ?? '';
    const tainter = this.ensureZone(node);
    const wanted = status === 'False' ? NOT_READY_TAINT : UNREACHABLE_TAINT;
    if (!taintExists(node.spec?.taints, wanted)) tainter.remove(name);
    return tainter.add(name, node.metadata.uid ?? '');
  }

  /** Takes both NoExecute taints off and forgets any queued tainting; resolves whether the node was queued. */
  private async markNodeAsReachable(node: NodeObject): Promise<boolean> {
    await changeNodeTaints(this.nodesApi, node.metadata.name ?? '', node, [], [UNREACHABLE_TAINT, NOT_READY_TAINT]);
    return this.ensureZone(node).remove(node.metadata.name ?? '');
  }

  /** The zone's taint queue, created (zone state Initial) on first sight. */
  private ensureZone(node: NodeObject): RateLimitedTaintQueue {
    const zone = zoneKey(node);
    let tainter = this.tainters.get(zone);
    if (!tainter) {
      tainter = new RateLimitedTaintQueue(this.rates.evictionQPS, this.clock);
      this.tainters.set(zone, tainter);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
      this.logger.info({ zone: JSON.stringify(zone) }, 'Initializing eviction metric for zone');
    }
    return tainter;
  }

  /** Loop 2: taint the queued nodes, as the zones' rates allow. */
  private async doNoExecuteTaintingPass(): Promise<void> {
    for (const tainter of [...this.tainters.values()]) {
      if (tainter.pending === 0) continue;
      await tainter.tryPass(async (name) => {
        const node = this.nodeInformer.lister.get('', name);
        if (!node) {
          this.logger.info({ node: name }, 'Node no longer present in nodeLister');
          return { done: true };
        }
        const ready = nodeCondition(node, 'Ready');
        if (!ready) return { done: false, retryAfterMs: 50 };
        // "unreachable" and "not-ready" are mutually exclusive, as Ready's Unknown and False are.
        if (ready.status === 'False') return { done: await this.trySwap(node, NOT_READY_TAINT, UNREACHABLE_TAINT) };
        if (ready.status === 'Unknown') return { done: await this.trySwap(node, UNREACHABLE_TAINT, NOT_READY_TAINT) };
        return { done: true };
      });
    }
  }

  private async trySwap(node: NodeObject, add: Taint, remove: Taint): Promise<boolean> {
    try {
      await this.swapTaint(node, add, remove);
      return true;
    } catch (err) {
      this.logger.error({ node: node.metadata.name, err: errorMessage(err) }, `unable to taint ${add.key} unresponsive Node`);
      return false;
    }
  }

  private async handleDisruption(zoneConditions: Map<string, (NodeCondition | undefined)[]>, nodes: readonly NodeObject[]): Promise<void> {
    const decision = decideDisruption(this.zoneStates, zoneConditions, this.rates);
    if (decision.kind === 'enter-full-disruption') {
      this.logger.info('Controller detected that all Nodes are not-Ready. Entering master disruption mode');
      for (const node of nodes) {
        await this.markNodeAsReachable(node).catch((err: unknown) => this.logger.error({ node: node.metadata.name, err: errorMessage(err) }, 'Failed to remove taints from Node'));
      }
    } else if (decision.kind === 'exit-full-disruption') {
      this.logger.info('Controller detected that some Nodes are Ready. Exiting master disruption mode');
      const now = this.clock.now();
      for (const node of nodes) {
        const health = this.health.get(node.metadata.name ?? '');
        if (health) this.health.set(node.metadata.name ?? '', { ...health, probeTimestamp: now, readyTransitionTimestamp: now });
      }
    }
    for (const [zone, qps] of decision.rates) {
      this.tainters.get(zone)?.swapLimiter(qps);
      if (decision.kind === 'steady') this.logger.info({ zone: JSON.stringify(zone), newState: decision.states.get(zone) }, 'Controller detected that zone is now in new state');
    }
    this.zoneStates = decision.states;
  }

  // ---- pods and events ---------------------------------------------------------------------

  /** upstream MarkPodsNotReady: each pod's Ready condition False, then a NodeNotReady event on it. */
  private async markPodsNotReady(pods: readonly PodObject[], nodeName: string): Promise<void> {
    const errors: string[] = [];
    for (const cached of pods) {
      if (cached.spec?.nodeName !== nodeName) continue;
      const ready = cached.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready) continue;
      const pod = cloneObject(cached);
      pod.status ??= {};
      if (!updatePodCondition(pod.status, { ...ready, status: 'False' }, formatTime(this.clock.now()))) continue;
      try {
        await this.podsApi.updateStatus(pod);
      } catch (err) {
        if (isNotFound(err)) continue;
        this.logger.info({ pod: keyFor(pod.metadata.namespace, pod.metadata.name ?? ''), err: errorMessage(err) }, 'Failed to update status for pod');
        errors.push(errorMessage(err));
        continue;
      }
      this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
    if (errors.length > 0) throw new Error(errors.join('; '));
  }

  private nodeRef(node: NodeObject): { apiVersion: string; kind: string; name: string; uid: string; namespace: string } {
    return { apiVersion: 'v1', kind: 'Node', name: node.metadata.name ?? '', uid: node.metadata.uid ?? '', namespace: '' };
  }

  private recordNodeEvent(node: NodeObject, type: 'Normal' | 'Warning', reason: string, event: string): void {
    this.recorder.event(this.nodeRef(node), type, reason, `Node ${node.metadata.name ?? ''} event: ${event}`);
  }

  private recordNodeStatusChange(node: NodeObject, newStatus: string): void {
    this.recorder.event(this.nodeRef(node), 'Normal', newStatus, `Node ${node.metadata.name ?? ''} status is now: ${newStatus}`);
  }
}
