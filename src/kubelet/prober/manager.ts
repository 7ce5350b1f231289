/**
 * The kubelet's probe manager (model: pkg/kubelet/prober/prober_manager.go): one worker per
 * container and probe type, three result caches the kubelet core listens to, and the
 * `ready`/`started` fields of container statuses.
 *
 * Wiring (what the core does):
 * - `addPod(pod)` when a pod is admitted; `stopLivenessAndStartup(pod)` when it starts
 *   terminating; `removePod(pod)` when it is gone; `cleanupPods(uids)` in housekeeping.
 * - The injected `statusProvider.podStatus(uid)` returns the kubelet's latest computed
 *   core/v1 PodStatus (phase, podIP, container statuses with `containerID` and
 *   `state.running.startedAt`); workers read it on every probe, so a restarted container (new
 *   `containerID`) resets its results and is probed afresh.
 * - `liveness.onUpdate` / `startup.onUpdate`: a `Failure` means kill and restart the container
 *   (see `probeKillFor`); `readiness.onUpdate` / `startup.onUpdate`: re-sync the pod status.
 * - `updatePodStatus(pod, status)` fills `containerStatuses[].started/ready` (and those of init
 *   containers) on a freshly computed status before it is written.
 * Concurrency: single-threaded; every method returns at once; probes run in the background.
 */
import type { ContainerLike } from '../../api/validation/pod/shapes.js';
import { realClock, type Clock } from '../../client/flowcontrol/clock.js';
import type { Disposable } from '../../util/lifecycle.js';
import type { ExecRunner } from './exec-probe.js';
import { Prober, type ProbeEventRecorder } from './prober.js';
import { ResultsManager } from './results.js';
import type { ProbeContainerStatus, ProbePod, ProbePodStatus, ProbeType } from './types.js';
import { ProbeWorker, type ContainerProber, type WorkerHost } from './worker.js';

/** The kubelet's view of pod statuses (its status manager). */
export interface PodStatusProvider {
  /** The latest status the kubelet computed for the pod, or undefined when it has none (yet). */
  podStatus(podUID: string): ProbePodStatus | undefined;
}

export interface ProbeManagerOptions {
  /** Runs exec probes (the container runtime's ExecSync). */
  runner: ExecRunner;
  recorder: ProbeEventRecorder;
  statusProvider: PodStatusProvider;
  clock?: Clock;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
  /** Replaces the Prober (tests of the worker state machine only). */
  prober?: ContainerProber;
}

const PROBE_TYPES: readonly ProbeType[] = ['startup', 'readiness', 'liveness'];

export class ProbeManager implements Disposable {
  readonly liveness = new ResultsManager('liveness');
  readonly readiness = new ResultsManager('readiness');
  readonly startup = new ResultsManager('startup');
  private readonly workers = new Map<string, ProbeWorker>();
  private readonly host: WorkerHost;

  constructor(private readonly options: ProbeManagerOptions) {
    const clock = options.clock ?? realClock;
    this.host = {
      clock,
      random: options.random ?? Math.random,
      startedAt: clock.now(),
      prober: options.prober ?? new Prober(options.runner, options.recorder),
      podStatus: (uid) => options.statusProvider.podStatus(uid),
      results: (type) => this.resultsFor(type),
      isStarted: (pod, status) => this.isContainerStarted(pod, status),
      workerFinished: (worker) => this.forget(worker),
    };
  }

  resultsFor(type: ProbeType): ResultsManager {
    return type === 'liveness' ? this.liveness : type === 'readiness' ? this.readiness : this.startup;
  }

  /** Starts a worker for every probe of the pod's containers and sidecars (restartable init containers) not probed yet. */
  addPod(pod: ProbePod): void {
    for (const container of probedContainers(pod)) {
      for (const type of PROBE_TYPES) {
        const spec = type === 'liveness' ? container.livenessProbe : type === 'readiness' ? container.readinessProbe : container.startupProbe;
        if (!spec) continue;
        const key = workerKey(pod.metadata.uid ?? '', container.name ?? '', type);
        if (this.workers.has(key)) continue;
        const worker = new ProbeWorker(this.host, type, pod, container);
        this.workers.set(key, worker);
        worker.start();
      }
    }
  }

  /** Stops the pod's liveness and startup workers (the pod is terminating; only readiness still matters). */
  stopLivenessAndStartup(pod: ProbePod): void {
    this.stopWorkers(pod, ['liveness', 'startup']);
  }

  /** Stops every worker of the pod; their results are removed as they finish. */
  removePod(pod: ProbePod): void {
    this.stopWorkers(pod, PROBE_TYPES);
  }

  /** Stops the workers of every pod whose uid is not in `desiredPodUIDs`. */
  cleanupPods(desiredPodUIDs: Iterable<string>): void {
    const desired = new Set(desiredPodUIDs);
    for (const worker of this.workers.values()) if (!desired.has(worker.podUID)) worker.stop();
  }

  /**
   * Sets `started` and `ready` on the status's container statuses from the probe results (model:
   * UpdatePodStatus), in place. started: running and (startup probe succeeded, or none). ready:
   * started, running, and (readiness probe succeeded, or none); a readiness probe without a result
   * yet is triggered at once. Regular init containers are ready once they exited 0.
   */
  updatePodStatus(pod: ProbePod, status: ProbePodStatus): void {
    for (const c of status.containerStatuses ?? []) {
      const started = this.isContainerStarted(pod, c);
      c.started = started;
      c.ready = started && this.isReady(pod, c);
    }
    const initSpecs = pod.spec?.initContainers ?? [];
    for (const c of status.initContainerStatuses ?? []) {
      const started = this.isContainerStarted(pod, c);
      c.started = started;
      const spec = initSpecs.find((s) => s.name === c.name);
      if (!spec) continue;
      if (spec.restartPolicy !== 'Always') {
        c.ready = !!c.state?.terminated && c.state.terminated.exitCode === 0;
        continue;
      }
      c.ready = started && this.isReady(pod, c);
    }
  }

  /** Whether the container counts as started: running, and its startup probe (if any) succeeded. */
  isContainerStarted(pod: ProbePod, status: ProbeContainerStatus): boolean {
    if (!status.state?.running) return false;
    const result = status.containerID ? this.startup.get(status.containerID) : undefined;
    if (result !== undefined) return result === 'Success';
    return !this.workers.has(workerKey(pod.metadata.uid ?? '', status.name, 'startup'));
  }

  /** Workers running (for tests and metrics). */
  workerCount(): number {
    return this.workers.size;
  }

  /** Resolves when no worker has a probe in flight (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.idle()));
  }

  /** Stops every worker and waits for probes in flight. */
  async dispose(): Promise<void> {
    const workers = [...this.workers.values()];
    for (const w of workers) w.stop();
    await Promise.all(workers.map((w) => w.done));
  }

  private isReady(pod: ProbePod, c: ProbeContainerStatus): boolean {
    if (!c.state?.running) return false;
    if (c.containerID && this.readiness.get(c.containerID) === 'Success') return true;
    const worker = this.workers.get(workerKey(pod.metadata.uid ?? '', c.name, 'readiness'));
    if (!worker) return true;
    worker.trigger();
    return false;
  }

  private stopWorkers(pod: ProbePod, types: readonly ProbeType[]): void {
    const uid = pod.metadata.uid ?? '';
    for (const container of probedContainers(pod)) {
      for (const type of types) this.workers.get(workerKey(uid, container.name ?? '', type))?.stop();
    }
  }

  private forget(worker: ProbeWorker): void {
    const key = workerKey(worker.podUID, worker.containerName, worker.type);
    if (this.workers.get(key) === worker) this.workers.delete(key);
  }
}

function workerKey(podUID: string, containerName: string, type: ProbeType): string {
  return `${podUID}\u0000${containerName}\u0000${type}`;
}

/** The pod's regular containers and its sidecars (init containers with restartPolicy Always). */
function probedContainers(pod: ProbePod): ContainerLike[] {
  const spec = pod.spec ?? {};
  return [...(spec.containers ?? []), ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
}
