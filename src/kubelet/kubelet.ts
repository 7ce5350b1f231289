/**
 * The node agent (model: pkg/kubelet/kubelet.go): registers the node and keeps its Lease and
 * status fresh, runs the pods bound to it through pod workers over a Runtime, probes them, serves
 * the kubelet API, and reports pod status.
 *
 * Start order (each step waits for the one before):
 *   1. the runtime re-attaches to what it left running (`recover`);
 *   2. the kubelet API server listens (its port goes into the Node);
 *   3. the Node is registered; Lease and status heartbeats start;
 *   4. the pod informer (`spec.nodeName=<node>`) syncs; every pod gets a worker;
 *   5. runtime pods that no API pod claims any more are stopped and removed.
 * `dispose()` stops all of it in reverse order but leaves containers running (as a kubelet
 * restart does): the next start recovers them.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SharedInformer } from '../client/cache/shared-informer.js';
import { filteredListerWatcher } from '../client/cache/filtered-lister-watcher.js';
import { DeletedFinalStateUnknown } from '../client/cache/delta.js';
import { EventBroadcaster, RestEventSink, type EventRecorder } from '../client/events/index.js';
import { realClock, type Clock, type TimerHandle } from '../client/flowcontrol/clock.js';
import type { RestClient } from '../client/rest/index.js';
import { DisposableStore, type Disposable } from '../util/lifecycle.js';
import type { Logger } from '../util/logging.js';
import { sameJSON } from '../api/json-equal.js';
import type { ResourceList } from '../api/validation/pod/shapes.js';
import { ApiSources, containerResolver, type ServiceObject } from './api-sources.js';
import { CrashBackoff } from './crash-backoff.js';
import { RuntimeManager } from './kuberuntime/runtime-manager.js';
import { LifecycleHandlerRunner } from './lifecycle/index.js';
import { readNodeHealth } from './node/health.js';
import { NodePresence, readHostFacts } from './node/index.js';
import { podUid, type Pod } from './pod.js';
import { PodSync } from './pod-sync.js';
import { KubeletApiHost } from './server-host.js';
import { KubeletServer } from './server/kubelet-server.js';
import { readHostMachineInfo } from './server/stats/host-usage.js';
import { PodWorkers } from './pod-workers.js';
import { ProbeManager, probeKillFor } from './prober/index.js';

import type { Runtime } from './runtime/runtime.js';
import { REASON_FAILED_MOUNT, VolumeManager } from './volumes/index.js';
import { StatusManager } from './status/status-manager.js';

export interface KubeletConfig {
  nodeName: string;
  /** The node's InternalIP (and host IP of its pods). */
  nodeIP: string;
  /** Where the kubelet keeps pods' volumes and logs (`<rootDir>/pods`, `<rootDir>/logs`). */
  rootDir: string;
  /** Address and port of the kubelet API (port 0: any free port). */
  address: string;
  port: number;
  /** Servers' nodes carry the control-plane role label. */
  controlPlane: boolean;
  /** Periodic resync of each pod (default 10 s; runtime events and probes wake pods sooner). */
  resyncIntervalMs?: number;
}

export interface KubeletDeps {
  client: RestClient;
  runtime: Runtime;
  logger: Logger;
  clock?: Clock;
}

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true } as const;
const SERVICES = { group: '', version: 'v1', resource: 'services', namespaced: true } as const;
const HOUSEKEEPING_INTERVAL_MS = 10_000;

export class Kubelet implements Disposable {
  private readonly owned = new DisposableStore();
  private housekeepingTimer: TimerHandle | undefined;
  private disposed = false;

  private constructor(
    readonly config: KubeletConfig,
    private readonly deps: KubeletDeps,
    private readonly workers: PodWorkers,
    private readonly manager: RuntimeManager,
    private readonly informer: SharedInformer<Pod>,
    private readonly onForget: (pod: Pod) => Promise<void>,
  ) {}

  static async start(config: KubeletConfig, deps: KubeletDeps, signal: AbortSignal): Promise<Kubelet> {
    const { client, runtime, logger } = deps;
    const clock = deps.clock ?? realClock;
    const owned = new DisposableStore();
    try {
      // 1. Re-attach to what the runtime left running.
      await mkdir(config.rootDir, { recursive: true });
      await runtime.recover();
      const version = runtime.version();

      const broadcaster = owned.add(new EventBroadcaster({ sink: new RestEventSink(client) }));
      const recorder: EventRecorder = broadcaster.newRecorder({ component: 'kubelet', host: config.nodeName });
      const pods = client.resource<Pod>(PODS);
      const statuses = owned.add(new StatusManager(pods, clock, logger));
      const informer = owned.add(new SharedInformer<Pod>(filteredListerWatcher(pods, { fieldSelector: `spec.nodeName=${config.nodeName}` })));

      // 2. Serve the kubelet API (logs, exec, attach, port-forward, stats) for the API server to proxy to.
      const server = new KubeletServer(new KubeletApiHost(config.nodeName, runtime, informer.lister, statuses, await readHostMachineInfo()), { host: config.address, port: config.port });
      await server.start();
      owned.add({ dispose: () => server.stop() });

      // 3. Register the node, then heartbeat.
      const presence = owned.add(
        await NodePresence.start({
          client,
          config: { nodeName: config.nodeName, nodeIP: config.nodeIP, controlPlane: config.controlPlane, runtimeName: version.runtimeName, runtimeVersion: version.runtimeVersion, kubeletPort: server.port },
          facts: await readHostFacts(config.rootDir),
          health: () => readNodeHealth(config.rootDir, () => runtime.listPodSandboxes()),
          logger,
          signal,
          clock,
          onTransitions: (reasons) => {
            for (const reason of reasons) recorder.event(nodeRef(config.nodeName), 'Normal', reason, `Node ${config.nodeName} status is now: ${reason}`);
          },
        }),
      );

      const services = owned.add(new SharedInformer<ServiceObject>(client.resource<ServiceObject>(SERVICES)));
      const sources = new ApiSources(client, services, () => (presence.node.status?.allocatable ?? {}) as ResourceList);
      const volumeManager = owned.add(
        new VolumeManager({
          rootDir: config.rootDir,
          sources,
          onResyncError: (pod, error) => error.failures.forEach((f) => recorder.event(pod as Pod, 'Warning', REASON_FAILED_MOUNT, f.eventMessage)),
        }),
      );
      const resolver = containerResolver(sources, volumeManager, config.nodeIP, recorder);

      const backoff = new CrashBackoff(clock);
      const prober = owned.add(new ProbeManager({ runner: runtime, recorder, statusProvider: { podStatus: (uid) => statuses.getPodStatus(uid) }, clock }));
      const hookRunner = new LifecycleHandlerRunner({ runner: runtime, recorder, clock, podIP: (pod) => statuses.getPodStatus(pod.metadata.uid ?? '')?.podIP });
      const runtimeId = (id: string): string => `${version.runtimeName}://${id}`;
      const manager = new RuntimeManager({
        runtime,
        backoff,
        clock,
        recorder,
        logger,
        logRoot: join(config.rootDir, 'logs', 'pods'),
        resolveContainer: (pod, container, podIP) => resolver.resolve(pod, container, podIP),
        hooks: {
          postStart: async (pod, container, id) => (await hookRunner.run(runtimeId(id), pod, container, container.lifecycle?.postStart ?? {}))?.message,
          preStop: async (pod, container, id, timeoutSeconds) => (await hookRunner.run(runtimeId(id), pod, container, container.lifecycle?.preStop ?? {}, AbortSignal.timeout(timeoutSeconds * 1000)))?.message,
        },
      });
      const removePodFiles = async (pod: Pod): Promise<void> => {
        await rm(manager.podLogDirectory(pod), { recursive: true, force: true });
        await rm(join(config.rootDir, 'pods', podUid(pod)), { recursive: true, force: true });
      };
      const podSync = new PodSync({
        manager,
        statuses,
        volumes: volumeManager,
        prober: {
          addPod: (pod) => prober.addPod(pod),
          removePod: (pod) => prober.removePod(pod),
          probeState: (pod, status) => prober.updatePodStatus(pod, status),
          probeKills: (container, id, restarts) => probeKillFor(container, runtimeId(id), prober, restarts),
        },
        backoff,
        recorder,
        clock,
        logger,
        hostIP: config.nodeIP,
        removePodFiles,
      });
      const workers = new PodWorkers(podSync, { clock, logger, resyncIntervalMs: config.resyncIntervalMs ?? 10_000 });
      owned.add({ dispose: () => workers.dispose() });

      // Wake a pod's worker whenever something about it changes. A container start is always the
      // work of the sync that reports it, so only exits and removals need another sync.
      owned.add(runtime.onContainerEvent((event) => event.type !== 'started' && workers.wake(event.podUid)));
      for (const results of [prober.liveness, prober.readiness, prober.startup]) owned.add(results.onUpdate((update) => workers.wake(update.podUID)));

      // 4. Pods bound to this node.
      informer.addEventHandler({
        onAdd: (pod) => workers.update(pod),
        onUpdate: (old, pod) => {
          if (!onlyStatusChanged(old, pod)) workers.update(pod);
        },
        onDelete: (pod) => workers.remove(uidOf(pod)),
      });
      services.start();
      informer.start();
      await Promise.all([services.waitForSync(signal), informer.waitForSync(signal)]);

      const kubelet = new Kubelet(config, deps, workers, manager, informer, (pod) => podSync.forgetPod(pod));
      kubelet.owned.add(owned);
      // 5. Clean up what no pod claims, now and periodically.
      await kubelet.housekeeping();
      kubelet.scheduleHousekeeping(clock);
      logger.info({ node: config.nodeName, runtime: version.runtimeName }, 'kubelet ready');
      return kubelet;
    } catch (err) {
      await owned.dispose();
      throw err;
    }
  }

  /** Stops and removes runtime pods that no API pod on this node claims (deleted while the kubelet was away). */
  private async housekeeping(): Promise<void> {
    const known = new Set(this.informer.lister.list().map(podUid));
    for (const [uid, runtimePod] of await this.manager.listPods()) {
      if (known.has(uid) || this.workers.isKnown(uid)) continue;
      const sandbox = runtimePod.sandboxes[0];
      const orphan: Pod = { metadata: { uid, name: sandbox?.name ?? '', namespace: sandbox?.namespace ?? '' }, spec: {} };
      this.deps.logger.info({ uid, pod: orphan.metadata.name, namespace: orphan.metadata.namespace }, 'removing a pod no longer bound to this node');
      await this.manager.killPod(orphan, runtimePod, 0);
      await this.onForget(orphan);
    }
  }

  private scheduleHousekeeping(clock: Clock): void {
    if (this.disposed) return;
    this.housekeepingTimer = clock.setTimer(HOUSEKEEPING_INTERVAL_MS, () => {
      this.housekeeping()
        .catch((err: unknown) => this.deps.logger.warn({ err: String(err) }, 'housekeeping failed'))
        .finally(() => this.scheduleHousekeeping(clock));
    });
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.housekeepingTimer?.cancel();
    await this.owned.dispose();
  }
}

/**
 * Whether an update changed nothing but the status (and the bookkeeping that comes with any
 * write): the kubelet's own status reports come back this way and need no sync.
 */
function onlyStatusChanged(old: Pod, pod: Pod): boolean {
  const { resourceVersion: _a, managedFields: _b, ...oldMeta } = old.metadata;
  const { resourceVersion: _c, managedFields: _d, ...newMeta } = pod.metadata;
  return sameJSON(old.spec, pod.spec) && sameJSON(oldMeta, newMeta);
}

function uidOf(pod: Pod | DeletedFinalStateUnknown<Pod>): string {
  return podUid(pod instanceof DeletedFinalStateUnknown ? pod.obj : pod);
}

function nodeRef(nodeName: string): { kind: string; apiVersion: string; name: string; uid: string; namespace: string } {
  // upstream's node events use the node name as uid.
  return { kind: 'Node', apiVersion: 'v1', name: nodeName, uid: nodeName, namespace: '' };
}
