/**
 * The pod garbage collector (model: pkg/controller/podgc, v1.32). Every gcCheckPeriod (20 s):
 * 1. terminated pods (phase neither Pending, Running nor Unknown) beyond terminatedPodThreshold
 *    are deleted, evicted ones first, then oldest first;
 * 2. terminating pods on nodes that are not Ready and carry the out-of-service taint are deleted;
 * 3. pods bound to nodes missing from the node cache: each missing node is quarantined for
 *    quarantineTime (40 s), then checked with a live GET; when it is really gone its pods are
 *    marked Failed with the DisruptionTarget condition (DeletionByPodGC) and force deleted;
 * 4. terminating pods that were never scheduled are force deleted.
 * "Delete" here is upstream's markFailedAndDeletePod: a pod not yet Succeeded/Failed gets phase
 * Failed first (no kubelet will ever do it), then it is deleted with grace period 0.
 * Passes never overlap.
 */
import { podCondition, updatePodCondition, type PodCondition } from '../../api/pod/conditions.js';
import type { SharedInformer } from '../../client/cache/index.js';
import { formatTime } from '../../client/events/index.js';
import { clockSleep, type Clock } from '../../client/flowcontrol/clock.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { errorMessage, isNotFound } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext } from '../shared/controller.js';
import { cloneObject, type NodeObject, type PodObject } from '../shared/node-types.js';
import { parallelize } from '../shared/parallelize.js';
import { NODES, PODS } from '../shared/resources.js';
import { missingNodeNames, terminatedPodsOverThreshold, terminatingPodsOnOutOfServiceNodes, unscheduledTerminatingPods } from './select.js';

export const POD_GC_CONTROLLER = 'pod-garbage-collector-controller';
export const DEFAULT_TERMINATED_POD_GC_THRESHOLD = 12_500;
export const DEFAULT_GC_CHECK_PERIOD_MS = 20_000;
export const DEFAULT_QUARANTINE_MS = 40_000;
const DELETE_CONCURRENCY = 8;

export class PodGCController implements Controller {
  private readonly podInformer: SharedInformer<PodObject>;
  private readonly nodeInformer: SharedInformer<NodeObject>;
  private readonly podsApi: ResourceClient<PodObject>;
  private readonly nodesApi: ResourceClient<NodeObject>;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly threshold: number;
  private readonly periodMs: number;
  private readonly quarantineMs: number;
  /** Missing node name → when its quarantine ends. */
  private readonly quarantine = new Map<string, number>();

  constructor(context: ControllerContext) {
    const options = context.options ?? {};
    this.clock = context.clock;
    this.logger = context.logger;
    this.threshold = options.terminatedPodGCThreshold ?? DEFAULT_TERMINATED_POD_GC_THRESHOLD;
    this.periodMs = options.podGCPeriodMs ?? DEFAULT_GC_CHECK_PERIOD_MS;
    this.quarantineMs = options.podGCQuarantineMs ?? DEFAULT_QUARANTINE_MS;
    this.podsApi = context.client.resource<PodObject>(PODS);
    this.nodesApi = context.client.resource<NodeObject>(NODES);
    this.podInformer = context.informer<PodObject>(PODS);
    this.nodeInformer = context.informer<NodeObject>(NODES);
  }

  async run(_workers: number, signal: AbortSignal): Promise<void> {
    try {
      await Promise.all([this.podInformer.waitForSync(signal), this.nodeInformer.waitForSync(signal)]);
    } catch {
      return;
    }
    while (!signal.aborted) {
      try {
        await this.gc(signal);
      } catch (err) {
        this.logger.error({ err: errorMessage(err) }, 'pod GC pass failed');
      }
      await clockSleep(this.clock, this.periodMs, signal).catch(() => undefined);
    }
  }

  /** One pass (steps 1–4). */
  async gc(signal?: AbortSignal): Promise<void> {
    const pods = this.podInformer.lister.list();
    const nodes = this.nodeInformer.lister.list();
    const terminated = terminatedPodsOverThreshold(pods, this.threshold);
    if (terminated.length > 0) this.logger.info({ numPods: terminated.length }, 'Garbage collecting pods');
    await this.deleteAll(terminated, undefined);
    await this.deleteAll(terminatingPodsOnOutOfServiceNodes(pods, (name) => this.nodeInformer.lister.get('', name)), undefined);
    await this.gcOrphaned(pods, new Set(nodes.map((n) => n.metadata.name ?? '')), signal);
    for (const pod of unscheduledTerminatingPods(pods)) {
      this.logger.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}` }, 'Found unscheduled terminating Pod not assigned to any Node, deleting');
      await this.markFailedAndDeletePod(pod, undefined).catch((err: unknown) => this.logFailure(pod, err));
    }
  }

  private async gcOrphaned(pods: readonly PodObject[], existing: ReadonlySet<string>, signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    for (const name of missingNodeNames(pods, existing)) if (!this.quarantine.has(name)) this.quarantine.set(name, now + this.quarantineMs);
    const deleted = new Set<string>();
    for (const [name, until] of [...this.quarantine]) {
      if (until > now) continue;
      this.quarantine.delete(name);
      if (existing.has(name)) continue;
      try {
        await this.nodesApi.get(name, { signal });
      } catch (err) {
        if (isNotFound(err)) deleted.add(name);
        else this.logger.error({ node: name, err: errorMessage(err) }, 'Error while getting node');
      }
    }
    const orphans = pods.filter((pod) => deleted.has(pod.spec?.nodeName ?? ''));
    const condition: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
    for (const pod of orphans) {
      this.logger.info({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, node: pod.spec?.nodeName }, 'Found orphaned Pod assigned to the Node, deleting');
    }
    await this.deleteAll(orphans, condition);
  }

  private deleteAll(pods: readonly PodObject[], condition: PodCondition | undefined): Promise<void> {
    return parallelize(pods, DELETE_CONCURRENCY, (pod) => this.markFailedAndDeletePod(pod, condition).catch((err: unknown) => this.logFailure(pod, err)));
  }

  private logFailure(pod: PodObject, err: unknown): void {
    if (isNotFound(err)) return;
    this.logger.error({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, err: errorMessage(err) }, 'PodGC failed to delete pod');
  }

  /** Phase Failed (and `condition`) unless already terminal, then a force delete (grace period 0). */
  private async markFailedAndDeletePod(pod: PodObject, condition: PodCondition | undefined): Promise<void> {
    const namespace = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    this.logger.info({ pod: `${namespace}/${name}` }, 'PodGC is force deleting Pod');
    const pods = this.podsApi.namespace(namespace);
    const phase = pod.status?.phase;
    if (phase !== 'Succeeded' && phase !== 'Failed') {
      const status: Record<string, unknown> = { phase: 'Failed' };
      if (condition) {
        const next = cloneObject(pod.status ?? {});
        updatePodCondition(next, condition, formatTime(this.clock.now()));
        status['conditions'] = [podCondition(next, condition.type)];
      }
      await pods.patch(name, 'strategic', { metadata: { uid: pod.metadata.uid }, status }, { subresource: 'status' });
    }
    await pods.delete(name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
  }
}
