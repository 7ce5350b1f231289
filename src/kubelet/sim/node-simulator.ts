/**
 * `kts sim`: thousands of hollow node agents in one process (like KWOK). Each hollow node
 * registers a Node, heartbeats its Lease every 10 s, reports its status every 5 min (what a
 * kubelet with leases writes when nothing changes), and runs the pods bound to it as hollow
 * pods: Running and Ready at once, deleted at once (grace period 0) when their deletion starts.
 *
 * Scale design (5,000 nodes under 1 GB): nodes are indices, never objects; per-node state is a
 * few typed-array slots and two strings (uid, lease resourceVersion); ONE timer wheel
 * (SpreadScheduler) per periodic task spreads the nodes evenly over the period; ONE pod
 * informer (bound pods, field selector `spec.nodeName!=`) serves every node; ONE token bucket
 * throttles every write, so registration and heartbeats never stampede the API server.
 *
 * Lifecycle:
 * 1. start(): the heartbeat and status wheels start; nodes register with `registerConcurrency`
 *    workers (each node: Node then Lease; retried with backoff while the API fails), progress
 *    reported every 1,000 nodes; a node joins the wheels once registered;
 * 2. once all are registered, the pod informer and its workers start;
 * 3. dispose() (or the signal) stops the wheels, informer and workers and awaits writes in flight.
 */
import { realClock, type Clock } from '../../client/flowcontrol/clock.js';
import { TokenBucket } from '../../client/flowcontrol/token-bucket.js';
import { keyFor, SharedInformer, splitKey } from '../../client/cache/index.js';
import type { ListerWatcher } from '../../client/lister-watcher.js';
import type { RestClient, ResourceClient } from '../../client/rest/index.js';
import { RateLimitingQueue, runWorkers } from '../../client/workqueue/index.js';
import { retryWithBackoff } from '../../util/backoff.js';
import { errorMessage } from '../../util/errors.js';
import type { Disposable } from '../../util/lifecycle.js';
import type { Logger } from '../../util/logging.js';
import { computeConditions, HEALTHY } from '../node/conditions.js';
import { renewedLease, NODE_LEASE_DURATION_SECONDS, NODE_LEASE_RENEW_INTERVAL_MS } from '../node/lease-object.js';
import { tryRegisterNode } from '../node/registration.js';
import { NODE_STATUS_REPORT_FREQUENCY_MS } from '../node/status-updater.js';
import { formatTime, hasReason, LEASES, NODE_LEASE_NAMESPACE, NODES, type Node, type NodeLease } from '../node/types.js';
import { buildHollowNode, hollowNodeIndex, hollowNodeIP, hollowNodeName, hollowPodIP, MAX_SIM_NODES, validateShape, type HollowNodeShape } from './hollow-node.js';
import { needsRunningStatus, runningPodStatus, type HollowPod } from './hollow-pod.js';
import { SpreadScheduler } from './spread-scheduler.js';

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true } as const;

export interface NodeSimulatorOptions extends HollowNodeShape {
  client: RestClient;
  nodes: number;
  logger: Logger;
  /** The write budget (token bucket): writes/s and burst. */
  qps: number;
  burst: number;
  registerConcurrency?: number;
  podWorkers?: number;
  clock?: Clock;
  /** The kubelet's --node-lease-duration-seconds (40); leases are renewed every quarter of it. */
  leaseDurationSeconds?: number;
  statusReportFrequencyMs?: number;
  /** Called after each registration (e.g. progress bars); the log reports every 1,000. */
  onRegistered?: (registered: number, total: number) => void;
}

/** What the simulator has written so far (for benchmarks and progress). */
export interface SimulatorStats {
  registered: number;
  leaseRenewals: number;
  statusReports: number;
  podStatusWrites: number;
  podDeletes: number;
  writeErrors: number;
}

/** The write budget a simulation of `nodes` needs by default: twice the steady heartbeat rate, at least 50/s. */
export function defaultSimQps(nodes: number): number {
  return Math.max(50, Math.ceil((nodes * 1000 * 2) / NODE_LEASE_RENEW_INTERVAL_MS));
}

const LEASE_BUSY = 1;
const STATUS_BUSY = 2;

export class NodeSimulator implements Disposable {
  readonly stats: SimulatorStats = { registered: 0, leaseRenewals: 0, statusReports: 0, podStatusWrites: 0, podDeletes: 0, writeErrors: 0 };
  private readonly abort = new AbortController();
  private readonly clock: Clock;
  private readonly bucket: TokenBucket;
  private readonly bootID = crypto.randomUUID();
  private readonly nodesApi: ResourceClient<Node>;
  private readonly leasesApi: ResourceClient<NodeLease>;
  private readonly podsApi: ResourceClient<HollowPod>;
  // Per-node state, by index.
  private readonly uids: (string | undefined)[];
  private readonly leaseVersions: (string | undefined)[];
  private readonly registeredAt: Float64Array;
  private readonly busy: Uint8Array;
  private readonly podCounters: Uint16Array;
  private readonly heartbeats: SpreadScheduler;
  private readonly reports: SpreadScheduler;
  private informer: SharedInformer<HollowPod> | undefined;
  private readonly queue = new RateLimitingQueue<string>();
  private readonly tasks = new Set<Promise<unknown>>();
  private registration: Promise<void> | undefined;

  constructor(private readonly options: NodeSimulatorOptions) {
    validateShape(options);
    if (!Number.isInteger(options.nodes) || options.nodes < 1 || options.nodes > MAX_SIM_NODES) {
      throw new Error(`--nodes must be a whole number from 1 to ${MAX_SIM_NODES}, got ${options.nodes}`);
    }
    this.clock = options.clock ?? realClock;
    this.bucket = new TokenBucket(options.qps, options.burst, this.clock);
    this.nodesApi = options.client.resource<Node>(NODES);
    this.leasesApi = options.client.resource<NodeLease>(LEASES).namespace(NODE_LEASE_NAMESPACE);
    this.podsApi = options.client.resource<HollowPod>(PODS);
    const n = options.nodes;
    this.uids = new Array<string | undefined>(n);
    this.leaseVersions = new Array<string | undefined>(n);
    this.registeredAt = new Float64Array(n);
    this.busy = new Uint8Array(n);
    this.podCounters = new Uint16Array(n);
    this.heartbeats = new SpreadScheduler({ count: n, periodMs: this.leaseRenewIntervalMs(), fire: (i) => this.renewLease(i), clock: this.clock });
    this.reports = new SpreadScheduler({ count: n, periodMs: options.statusReportFrequencyMs ?? NODE_STATUS_REPORT_FREQUENCY_MS, fire: (i) => this.reportStatus(i), clock: this.clock });
  }

  private leaseDurationSeconds(): number {
    return this.options.leaseDurationSeconds ?? NODE_LEASE_DURATION_SECONDS;
  }

  /** A quarter of the lease duration (upstream nodeLeaseRenewIntervalFraction). */
  private leaseRenewIntervalMs(): number {
    return this.options.leaseDurationSeconds === undefined ? NODE_LEASE_RENEW_INTERVAL_MS : this.options.leaseDurationSeconds * 250;
  }

  /** A renewed lease (renewedLease) with this simulator's lease duration. */
  private lease(base: NodeLease | undefined, name: string, uid: string | undefined, now: number): NodeLease {
    const lease = renewedLease(base, name, uid, now);
    lease.spec = { ...lease.spec, leaseDurationSeconds: this.leaseDurationSeconds() };
    return lease;
  }

  /** Starts everything (see Lifecycle); resolves once every node is registered. */
  start(signal?: AbortSignal): Promise<void> {
    if (signal) {
      if (signal.aborted) this.abort.abort();
      else signal.addEventListener('abort', () => this.abort.abort(), { once: true });
    }
    this.registration ??= this.run();
    return this.registration;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    this.heartbeats.start();
    this.reports.start();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < this.options.nodes && !signal.aborted) await this.register(next++);
    };
    await Promise.all(Array.from({ length: Math.min(this.options.nodes, this.options.registerConcurrency ?? 32) }, worker));
    if (signal.aborted) return;
    this.startPods();
  }

  /** Registers node `index` and creates (or adopts) its lease, retrying until it works or we stop. */
  private async register(index: number): Promise<void> {
    const signal = this.abort.signal;
    const name = hollowNodeName(this.options, index);
    try {
      await retryWithBackoff(
        async () => {
          const now = this.clock.now();
          const { node, owned } = buildHollowNode(this.options, index, this.bootID, now);
          await this.bucket.wait(signal);
          const registered = await tryRegisterNode({ nodes: this.nodesApi, node, ownedLabels: owned, logger: this.options.logger, signal });
          const uid = registered.metadata.uid;
          await this.bucket.wait(signal);
          let lease: NodeLease;
          try {
            lease = await this.leasesApi.create(this.lease(undefined, name, uid, now), { signal });
          } catch (err) {
            if (!hasReason(err, 'AlreadyExists')) throw err;
            const existing = await this.leasesApi.get(name, { signal });
            await this.bucket.wait(signal);
            lease = await this.leasesApi.update(this.lease(existing, name, uid, now), { signal });
          }
          // A kubelet reports its status as soon as it starts: a node registered earlier may
          // have been marked Unknown by the node lifecycle controller while it was away.
          if (nodeConditionStatus(registered, 'Ready') !== 'True') {
            await this.bucket.wait(signal);
            const conditions = computeConditions(registered.status?.conditions, HEALTHY, now).conditions;
            await this.nodesApi.patch(name, 'merge', { status: { conditions } }, { subresource: 'status', signal });
          }
          this.leaseVersions[index] = lease.metadata.resourceVersion;
          this.registeredAt[index] = now;
          this.uids[index] = uid;
        },
        {
          initialMs: 200,
          maxMs: 7000,
          signal,
          onRetry: (err, attempt, delayMs) => this.options.logger.warn({ node: name, err: errorMessage(err), attempt, retryInMs: Math.round(delayMs) }, 'Unable to register node with API server'),
        },
      );
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
    const registered = ++this.stats.registered;
    this.options.onRegistered?.(registered, this.options.nodes);
    if (registered % 1000 === 0 || registered === this.options.nodes) {
      this.options.logger.info({ registered, total: this.options.nodes }, `registered ${registered}/${this.options.nodes} nodes`);
    }
  }

  /** Runs `write` as a tracked background task after taking a token; failures are counted and logged. */
  private background(what: string, write: () => Promise<void>, done: () => void): void {
    const signal = this.abort.signal;
    const task = (async () => {
      try {
        await this.bucket.wait(signal);
        await write();
      } catch (err) {
        if (signal.aborted) return;
        this.stats.writeErrors++;
        this.options.logger.debug({ what, err: errorMessage(err) }, 'simulated node write failed');
      } finally {
        done();
      }
    })();
    this.tasks.add(task);
    void task.then(() => this.tasks.delete(task));
  }

  /** One heartbeat: update the lease from the known revision; on Conflict re-read it, on NotFound recreate it. */
  private renewLease(index: number): void {
    const uid = this.uids[index];
    if (uid === undefined || this.busy[index]! & LEASE_BUSY || this.abort.signal.aborted) return;
    this.busy[index]! |= LEASE_BUSY;
    const name = hollowNodeName(this.options, index);
    const signal = this.abort.signal;
    this.background(
      `lease ${name}`,
      async () => {
        const base: NodeLease = {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace: NODE_LEASE_NAMESPACE, resourceVersion: this.leaseVersions[index] },
          spec: { holderIdentity: name, leaseDurationSeconds: this.leaseDurationSeconds() },
        };
        let lease: NodeLease;
        try {
          lease = await this.leasesApi.update(this.lease(base, name, uid, this.clock.now()), { signal });
        } catch (err) {
          if (hasReason(err, 'Conflict')) {
            const current = await this.leasesApi.get(name, { signal });
            lease = await this.leasesApi.update(this.lease(current, name, uid, this.clock.now()), { signal });
          } else if (hasReason(err, 'NotFound')) {
            lease = await this.leasesApi.create(this.lease(undefined, name, uid, this.clock.now()), { signal });
          } else throw err;
        }
        this.leaseVersions[index] = lease.metadata.resourceVersion;
        this.stats.leaseRenewals++;
      },
      () => (this.busy[index]! &= ~LEASE_BUSY),
    );
  }

  /** The periodic status report: the (unchanged) conditions with a fresh heartbeat. */
  private reportStatus(index: number): void {
    if (this.uids[index] === undefined || this.busy[index]! & STATUS_BUSY || this.abort.signal.aborted) return;
    const now = this.clock.now();
    // Reported right at registration: nothing to add until a report period has passed.
    if (now - this.registeredAt[index]! < (this.options.statusReportFrequencyMs ?? NODE_STATUS_REPORT_FREQUENCY_MS) / 2) return;
    this.busy[index]! |= STATUS_BUSY;
    const name = hollowNodeName(this.options, index);
    const since = formatTime(this.registeredAt[index]!);
    this.background(
      `status ${name}`,
      async () => {
        const conditions = computeConditions(undefined, HEALTHY, now).conditions.map((c) => ({ ...c, lastTransitionTime: since }));
        await this.nodesApi.patch(name, 'merge', { status: { conditions } }, { subresource: 'status', signal: this.abort.signal });
        this.stats.statusReports++;
      },
      () => (this.busy[index]! &= ~STATUS_BUSY),
    );
  }

  private nodeIndexOf(pod: HollowPod): number {
    const index = hollowNodeIndex(this.options, this.options.nodes, pod.spec?.nodeName);
    return index >= 0 && this.uids[index] !== undefined ? index : -1;
  }

  private startPods(): void {
    const fieldSelector = 'spec.nodeName!=';
    const lw: ListerWatcher<HollowPod> = {
      list: (o) => this.podsApi.list({ ...o, fieldSelector }),
      watch: (o) => this.podsApi.watch({ ...o, fieldSelector }),
    };
    this.informer = new SharedInformer(lw, { logger: this.options.logger });
    const enqueue = (pod: HollowPod): void => {
      if (this.nodeIndexOf(pod) < 0) return;
      if (pod.metadata.deletionTimestamp || needsRunningStatus(pod)) this.queue.add(keyFor(pod.metadata.namespace ?? '', pod.metadata.name ?? ''));
    };
    this.informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, pod) => enqueue(pod) });
    this.informer.start();
    const workers = runWorkers(this.queue, this.options.podWorkers ?? 16, (key) => this.syncPod(key), this.abort.signal, { logger: this.options.logger });
    this.tasks.add(workers);
  }

  /** Brings one pod to what a hollow kubelet reports: Running, or gone once its deletion started. */
  private async syncPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = this.informer?.lister.get(namespace, name);
    if (!pod) return;
    const index = this.nodeIndexOf(pod);
    if (index < 0) return;
    const signal = this.abort.signal;
    const pods = this.podsApi.namespace(namespace);
    await this.bucket.wait(signal);
    if (pod.metadata.deletionTimestamp) {
      try {
        await pods.delete(name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid }, signal });
        this.stats.podDeletes++;
      } catch (err) {
        // Gone already, or a new pod of the same name (the uid precondition fails): nothing to do.
        if (!hasReason(err, 'NotFound') && !hasReason(err, 'Conflict')) throw err;
      }
      return;
    }
    if (!needsRunningStatus(pod)) return;
    const podIP = hollowPodIP(index, this.podCounters[index]!++);
    const status = runningPodStatus(pod, hollowNodeIP(index), podIP, this.clock.now());
    try {
      await pods.patch(name, 'merge', { metadata: { uid: pod.metadata.uid }, status }, { subresource: 'status', signal });
      this.stats.podStatusWrites++;
    } catch (err) {
      if (!hasReason(err, 'NotFound') && !hasReason(err, 'Conflict')) throw err;
    }
  }

  async dispose(): Promise<void> {
    this.abort.abort();
    this.heartbeats.dispose();
    this.reports.dispose();
    this.queue.shutDown();
    await this.registration?.catch(() => undefined);
    await this.informer?.dispose();
    await Promise.allSettled([...this.tasks]);
  }
}

function nodeConditionStatus(node: Node, type: string): string | undefined {
  return node.status?.conditions?.find((c) => c.type === type)?.status;
}
