/**
 * The scheduler (model: pkg/scheduler/scheduler.go + cmd/kube-scheduler/app/server.go).
 *
 * Start order:
 *   1. build one Framework per profile (plugins instantiated; bad config throws here);
 *   2. start the pod and node informers (and any a plugin asked for) and wait for their sync;
 *      the event handlers keep the cache and queue current from then on, leader or not;
 *   3. when leader election is on, campaign for the Lease; the scheduling loop runs only while
 *      leading (a lost lease stops it, and the candidate campaigns again);
 *   4. the loop pops pods one at a time and runs their scheduling cycle; binding cycles run
 *      concurrently in the background.
 * `dispose()` stops the loop, waits for binding cycles in flight, then stops informers and
 * flushes events.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { EventBroadcaster, RestEventSink, type EventRecorder } from '../client/events/index.js';
import { realClock, type Clock, type TimerHandle } from '../client/flowcontrol/clock.js';
import { LeaderElector, LeaseLock } from '../client/leaderelection/index.js';
import type { RestClient } from '../client/rest/index.js';
import { DisposableStore, type Disposable } from '../util/lifecycle.js';
import type { Logger } from '../util/logging.js';
import type { SchedulerConfiguration } from './config/types.js';
import { DEFAULT_SCHEDULER_NAME } from './config/types.js';
import { SchedulerCache } from './cache/cache.js';
import { nodeEventHandler, podEventHandler } from './event-handlers.js';
import { podUID, type Node, type Pod } from './framework/api-types.js';
import type { ClusterEventWithHint } from './framework/events.js';
import type { Registry } from './framework/registry.js';
import { schedulerInformerFactory } from './informers.js';
import { inTreeRegistry } from './plugins/registry.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';
import { Framework } from './runtime/framework.js';
import { SchedulerCore } from './schedule-one.js';

export interface SchedulerDeps {
  client: RestClient;
  logger: Logger;
  clock?: Clock;
  /** Plugins (default: the in-tree registry). */
  registry?: Registry;
}

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true } as const;
const CLEANUP_ASSUMED_MS = 1000;
const EVENT_WRITES_IN_FLIGHT = 16;
const YIELD_AFTER_MS = 2;

export class Scheduler implements Disposable {
  private readonly owned = new DisposableStore();
  private readonly stop = new AbortController();
  private loop: Promise<void> | undefined;
  private cleanupTimer: TimerHandle | undefined;

  private constructor(
    readonly core: SchedulerCore,
    readonly queue: SchedulingQueue,
    readonly cache: SchedulerCache,
    private readonly deps: SchedulerDeps,
  ) {}

  static async start(config: SchedulerConfiguration, deps: SchedulerDeps, signal: AbortSignal): Promise<Scheduler> {
    const { client, logger } = deps;
    const clock = deps.clock ?? realClock;
    const registry = deps.registry ?? inTreeRegistry();
    const owned = new DisposableStore();
    try {
      // Scheduled events come as fast as binds: written concurrently (upstream's events library writes each on its own goroutine).
      const broadcaster = new EventBroadcaster({ sink: new RestEventSink(client), maxConcurrentWrites: EVENT_WRITES_IN_FLIGHT });
      owned.defer(() => broadcaster.dispose());
      const informers = schedulerInformerFactory(client);
      owned.add(informers);
      const podInformer = informers.informerFor<Pod>('pods');
      const nodeInformer = informers.informerFor<Node>('nodes');

      // 1. Frameworks, one per profile.
      let core: SchedulerCore | undefined; // eslint-disable-line prefer-const -- assigned after the frameworks that read it
      let queue: SchedulingQueue | undefined; // eslint-disable-line prefer-const -- assigned after the frameworks that read it
      const frameworks = new Map<string, Framework>();
      for (const profile of config.profiles) {
        const recorder: EventRecorder = broadcaster.newRecorder({ component: profile.schedulerName });
        frameworks.set(
          profile.schedulerName,
          new Framework(registry, profile, {
            client,
            recorder,
            informerFactory: informers,
            snapshot: () => core!.snapshot,
            nominator: { addNominatedPod: (p, i) => queue!.nominator.addNominatedPod(p, i), deleteNominatedPodIfExists: (p) => queue!.nominator.deleteNominatedPodIfExists(p), updateNominatedPod: (o, n) => queue!.nominator.updateNominatedPod(o, n), nominatedPodsForNode: (n) => queue!.nominator.nominatedPodsForNode(n), hasNominatedPods: () => queue!.nominator.hasNominatedPods() },
            logger: logger.child({ profile: profile.schedulerName }),
            clock,
          }),
        );
      }
      const first = frameworks.values().next().value as Framework;
      const pluginEvents = new Map<string, ClusterEventWithHint[] | undefined>();
      for (const fwk of frameworks.values()) for (const [name, events] of fwk.eventsToRegister()) pluginEvents.set(name, events);
      queue = new SchedulingQueue({
        less: (a, b) => first.less(a, b),
        preEnqueue: (pod) => frameworks.get(pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME)?.runPreEnqueuePlugins(pod) ?? null,
        pluginEvents,
        initialBackoffMs: config.podInitialBackoffSeconds * 1000,
        maxBackoffMs: config.podMaxBackoffSeconds * 1000,
        clock,
      });
      owned.defer(() => queue!.close());
      const cache = new SchedulerCache(30_000, clock);
      const pods = client.resource<Pod>(PODS);
      core = new SchedulerCore({
        cache,
        queue,
        frameworks,
        podLister: podInformer.lister,
        percentageOfNodesToScore: config.percentageOfNodesToScore,
        logger,
        clock,
        patchPodStatus: async (pod, patch) => {
          await pods.namespace(pod.metadata.namespace ?? 'default').patch(pod.metadata.name ?? '', 'strategic', { status: patch }, { subresource: 'status' });
        },
      });

      // 2. Informers feed the cache and the queue.
      const handlerDeps = {
        cache,
        queue,
        responsibleFor: (pod: Pod) => frameworks.has(pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME),
        rejectWaitingPod: (pod: Pod) => {
          for (const fwk of frameworks.values()) fwk.rejectWaitingPod(podUID(pod));
        },
      };
      owned.add(nodeInformer.addEventHandler(nodeEventHandler(handlerDeps)));
      owned.add(podInformer.addEventHandler(podEventHandler(handlerDeps)));
      informers.start();
      await informers.waitForSync(signal);

      const scheduler = new Scheduler(core, queue, cache, deps);
      scheduler.owned.add(owned);
      queue.run();
      scheduler.scheduleCleanup(clock);
      // 3./4. Schedule, behind the Lease when leader election is on.
      if (config.leaderElection.leaderElect) {
        scheduler.loop = scheduler.campaign(config, clock);
      } else {
        scheduler.loop = scheduler.runLoop(scheduler.stop.signal);
      }
      const onAbort = (): void => void scheduler.dispose();
      signal.addEventListener('abort', onAbort, { once: true });
      scheduler.owned.defer(() => signal.removeEventListener('abort', onAbort));
      logger.info({ profiles: [...frameworks.keys()], leaderElect: config.leaderElection.leaderElect }, 'scheduler started');
      return scheduler;
    } catch (err) {
      await owned.dispose();
      throw err;
    }
  }

  /** The informers, for tests: how many nodes and pods the cache holds. */
  informerCounts(): { nodes: number; pods: number } {
    return { nodes: this.cache.nodeCount(), pods: this.cache.podCount() };
  }

  async dispose(): Promise<void> {
    if (this.stop.signal.aborted) return;
    this.stop.abort();
    this.cleanupTimer?.cancel();
    this.queue.close();
    await this.loop;
    await Promise.allSettled([...this.core.bindings]);
    await this.owned.dispose();
  }

  private async campaign(config: SchedulerConfiguration, clock: Clock): Promise<void> {
    const le = config.leaderElection;
    const identity = `${hostname()}_${randomUUID()}`;
    while (!this.stop.signal.aborted) {
      const elector = new LeaderElector({
        lock: new LeaseLock(this.deps.client, le.resourceNamespace, le.resourceName),
        identity,
        leaseDurationMs: le.leaseDurationMs,
        renewDeadlineMs: le.renewDeadlineMs,
        retryPeriodMs: le.retryPeriodMs,
        releaseOnCancel: true,
        clock,
        callbacks: {
          onStartedLeading: (leading) => {
            this.deps.logger.info({ lease: `${le.resourceNamespace}/${le.resourceName}`, identity }, 'scheduler leading');
            const both = AbortSignal.any([leading, this.stop.signal]);
            this.loop = Promise.all([this.loop, this.runLoop(both)]).then(() => undefined);
          },
          onStoppedLeading: () => this.deps.logger.info({ identity }, 'scheduler stopped leading'),
        },
        onError: (err) => this.deps.logger.debug({ err: (err as Error).message }, 'leader election attempt failed'),
      });
      await elector.run(this.stop.signal);
    }
  }

  /**
   * Pops and schedules pods until `signal` aborts. Yields to I/O (informer events, bind answers)
   * between pods once YIELD_AFTER_MS of scheduling have passed since the last yield, and whenever
   * the queue is empty (pop waits): not after every pod, since a turn of the event loop costs
   * about as much as a small pod's cycle.
   */
  private async runLoop(signal: AbortSignal): Promise<void> {
    let lastYield = performance.now();
    while (!signal.aborted) {
      const qp = await this.queue.pop();
      if (!qp) return;
      if (signal.aborted) {
        // Leadership ended while waiting: put the pod back for the next leader term.
        this.queue.addUnschedulableIfNotPresent(qp, this.queue.cycle, false);
        return;
      }
      try {
        await this.core.scheduleOne(qp);
      } catch (err) {
        this.deps.logger.error({ err, pod: `${qp.podInfo.pod.metadata.namespace}/${qp.podInfo.pod.metadata.name}` }, 'scheduling cycle failed');
        this.queue.addUnschedulableIfNotPresent(qp, this.queue.cycle, false);
      }
      if (performance.now() - lastYield >= YIELD_AFTER_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
  }

  private scheduleCleanup(clock: Clock): void {
    const tick = (): void => {
      if (this.stop.signal.aborted) return;
      this.cache.cleanupExpiredAssumedPods();
      this.cleanupTimer = clock.setTimer(CLEANUP_ASSUMED_MS, tick);
    };
    this.cleanupTimer = clock.setTimer(CLEANUP_ASSUMED_MS, tick);
  }
}

/** Starts a scheduler; the returned Disposable stops it. */
export async function startScheduler(config: SchedulerConfiguration, deps: SchedulerDeps, signal: AbortSignal): Promise<Disposable> {
  return Scheduler.start(config, deps, signal);
}

