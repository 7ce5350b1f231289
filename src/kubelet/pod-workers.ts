/**
 * One serialized loop per pod UID (model: kubelet pod_workers.go). Updates for a pod never run
 * concurrently with each other; the latest update wins (intermediate ones are skipped); updates
 * for different pods run in parallel.
 *
 * Each pod moves through:
 * ```
 *   syncing ──(deletionTimestamp set │ removed from the API │ syncPod reports terminal)──▶ terminating
 *   terminating ──(syncTerminatingPod done: every container stopped)──▶ terminated
 *   terminated ──(syncTerminatedPod done: volumes released, API object deleted if it was being deleted)
 *             ──(pod removed from the API)──▶ forgotten
 * ```
 * A request to terminate aborts an in-flight `syncPod` (its signal fires) so that termination
 * does not wait for a slow start. A pod never goes back from terminating to syncing: a pod
 * object reusing a UID cannot happen in Kubernetes.
 */
import type { Clock, TimerHandle } from '../client/flowcontrol/clock.js';
import type { Logger } from '../util/logging.js';
import { podUid, type Pod } from './pod.js';

export interface SyncPodResult {
  /** The pod reached a terminal phase: its containers must not run any more. */
  terminal: boolean;
  /** Sync again after this many ms (crash-loop back-off ending, probes); default: the periodic resync. */
  resyncAfterMs?: number;
}

export interface PodSyncHandlers {
  syncPod(pod: Pod, signal: AbortSignal): Promise<SyncPodResult>;
  /** Stops every container (preStop hooks, grace period) and the sandbox. */
  syncTerminatingPod(pod: Pod, gracePeriodSeconds: number): Promise<void>;
  /** Releases volumes, reports the final status, deletes the API object when it is being deleted. */
  syncTerminatedPod(pod: Pod): Promise<void>;
  /** The pod left the API after termination: drop every per-pod record. */
  forgetPod(pod: Pod): Promise<void>;
}

type WorkerState = 'syncing' | 'terminating' | 'terminated';

interface Worker {
  pod: Pod;
  state: WorkerState;
  /** Set when the pod left the API (force deletion or after the final delete). */
  removed: boolean;
  /** Grace period for termination, fixed when termination was requested (may shrink, never grow). */
  gracePeriodSeconds?: number;
  pending: boolean;
  running: boolean;
  abort?: AbortController;
  timer?: TimerHandle;
  /** Errors in a row, for retry back-off. */
  failures: number;
}

export interface PodWorkersOptions {
  clock: Clock;
  logger: Logger;
  /** Periodic resync of running pods (upstream's default is 1 min; probes and PLEG events wake pods sooner). */
  resyncIntervalMs: number;
}

/** Delay before retrying a sync that threw: 1 s doubling to 1 min. */
function retryDelayMs(failures: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, failures - 1));
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private readonly idleWaiters = new Set<() => void>();
  private disposed = false;

  constructor(
    private readonly handlers: PodSyncHandlers,
    private readonly options: PodWorkersOptions,
  ) {}

  /** A pod added or changed in the API (or the same pod to resync). */
  update(pod: Pod): void {
    const uid = podUid(pod);
    let worker = this.workers.get(uid);
    if (worker === undefined) {
      worker = { pod, state: 'syncing', removed: false, pending: false, running: false, failures: 0 };
      this.workers.set(uid, worker);
    }
    worker.pod = pod;
    if (pod.metadata.deletionTimestamp !== undefined) this.requestTermination(worker, deletionGrace(pod));
    this.schedule(worker);
  }

  /** The pod disappeared from the API: stop it right away (grace 0 unless a shorter one is running). */
  remove(uid: string): void {
    const worker = this.workers.get(uid);
    if (worker === undefined) return;
    worker.removed = true;
    this.requestTermination(worker, worker.gracePeriodSeconds ?? 0);
    this.schedule(worker);
  }

  /** Sync the pod again (a runtime event, a probe result, a timer). */
  wake(uid: string): void {
    const worker = this.workers.get(uid);
    if (worker !== undefined) this.schedule(worker);
  }

  wakeAll(): void {
    for (const worker of this.workers.values()) this.schedule(worker);
  }

  /** Pods known to the workers and not yet terminated. */
  activePods(): Pod[] {
    return [...this.workers.values()].filter((w) => w.state !== 'terminated').map((w) => w.pod);
  }

  isKnown(uid: string): boolean {
    return this.workers.has(uid);
  }

  /** Resolves when no worker is running or pending (tests). */
  idle(): Promise<void> {
    if (![...this.workers.values()].some((w) => w.running || w.pending)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  /** Stops scheduling; in-flight syncs finish, nothing new starts. Does not stop containers. */
  dispose(): void {
    this.disposed = true;
    for (const worker of this.workers.values()) {
      worker.timer?.cancel();
      worker.abort?.abort();
    }
  }

  private requestTermination(worker: Worker, grace: number): void {
    if (worker.state === 'syncing') {
      worker.state = 'terminating';
      worker.abort?.abort();
    }
    worker.gracePeriodSeconds = Math.min(worker.gracePeriodSeconds ?? grace, grace);
  }

  private schedule(worker: Worker): void {
    if (this.disposed) return;
    worker.pending = true;
    if (!worker.running) void this.run(worker);
  }

  private resyncLater(worker: Worker, ms: number): void {
    worker.timer?.cancel();
    worker.timer = this.options.clock.setTimer(ms, () => this.schedule(worker));
  }

  private async run(worker: Worker): Promise<void> {
    worker.running = true;
    while (worker.pending && !this.disposed) {
      worker.pending = false;
      worker.timer?.cancel();
      try {
        await this.step(worker);
        worker.failures = 0;
      } catch (err) {
        worker.failures++;
        const delay = retryDelayMs(worker.failures);
        this.options.logger.warn({ pod: worker.pod.metadata.name, namespace: worker.pod.metadata.namespace, err: String(err), retryInMs: delay }, 'pod sync failed');
        this.resyncLater(worker, delay);
      }
    }
    worker.running = false;
    if (![...this.workers.values()].some((w) => w.running || w.pending)) {
      for (const resolve of this.idleWaiters) resolve();
      this.idleWaiters.clear();
    }
  }

  /** One pass of the state machine for the worker's latest pod. */
  private async step(worker: Worker): Promise<void> {
    const pod = worker.pod;
    if (worker.state === 'syncing') {
      const abort = (worker.abort = new AbortController());
      const result = await this.handlers.syncPod(pod, abort.signal);
      worker.abort = undefined;
      if (worker.state !== 'syncing') {
        worker.pending = true; // termination was requested meanwhile
        return;
      }
      if (!result.terminal) {
        this.resyncLater(worker, result.resyncAfterMs ?? this.options.resyncIntervalMs);
        return;
      }
      worker.state = 'terminating';
      worker.gracePeriodSeconds = 0; // every container already exited
    }
    if (worker.state === 'terminating') {
      await this.handlers.syncTerminatingPod(pod, worker.gracePeriodSeconds ?? 0);
      worker.state = 'terminated';
    }
    await this.handlers.syncTerminatedPod(worker.pod);
    if (worker.removed) {
      this.workers.delete(podUid(pod));
      await this.handlers.forgetPod(pod);
    }
  }
}

/** The grace period a deleted pod gets: the API's deletionGracePeriodSeconds, else the spec's, else 30 s. */
export function deletionGrace(pod: Pod): number {
  return pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30;
}
