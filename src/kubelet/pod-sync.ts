/**
 * The kubelet's per-pod sync functions, called by the pod workers (model: kubelet.go SyncPod,
 * SyncTerminatingPod, SyncTerminatedPod). Each reads the runtime's current view of the pod,
 * acts, and reports the resulting status through the status manager.
 */
import type { EventRecorder } from '../client/events/index.js';
import type { Clock } from '../client/flowcontrol/clock.js';
import type { Logger } from '../util/logging.js';
import type { CrashBackoff } from './crash-backoff.js';
import { computePodActions } from './kuberuntime/compute-actions.js';
import { backoffPrefix, type RuntimeManager } from './kuberuntime/runtime-manager.js';
import type { RuntimePod } from './kuberuntime/runtime-pod.js';
import { isTerminalPhase, podUid, type ContainerStateWaiting, type Pod } from './pod.js';
import type { PodSyncHandlers, SyncPodResult } from './pod-workers.js';
import type { PodProber, PodVolumes } from './ports.js';
import { generatePodStatus, type StatusInputs } from './status/generate.js';
import type { StatusManager } from './status/status-manager.js';
import { PodVolumesError, REASON_FAILED_MOUNT } from './volumes/index.js';

export interface PodSyncOptions {
  manager: RuntimeManager;
  statuses: StatusManager;
  volumes: PodVolumes;
  prober: PodProber;
  backoff: CrashBackoff;
  recorder: EventRecorder;
  clock: Clock;
  logger: Logger;
  hostIP: string;
  /** Removes the pod's log directory and other per-pod files once the pod is gone. */
  removePodFiles(pod: Pod): Promise<void>;
}

const DEADLINE_EXCEEDED = { reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' };

export class PodSync implements PodSyncHandlers {
  constructor(private readonly options: PodSyncOptions) {}

  async syncPod(pod: Pod, signal: AbortSignal): Promise<SyncPodResult> {
    const { manager, volumes, prober, recorder } = this.options;
    const uid = podUid(pod);
    if (isTerminalPhase(pod.status?.phase)) return { terminal: true };
    const runtimePod = await manager.getPod(uid);

    // activeDeadlineSeconds: past it, the pod fails and its containers stop.
    const deadline = this.deadlineRemainingMs(pod);
    if (deadline !== undefined && deadline <= 0) {
      recorder.event(pod, 'Warning', DEADLINE_EXCEEDED.reason, DEADLINE_EXCEEDED.message);
      this.report(pod, runtimePod, new Map(), { failure: DEADLINE_EXCEEDED });
      return { terminal: true };
    }

    try {
      await volumes.setUpPod(pod);
    } catch (err) {
      const messages = err instanceof PodVolumesError ? err.failures.map((f) => f.eventMessage) : [err instanceof Error ? err.message : String(err)];
      for (const message of messages) recorder.event(pod, 'Warning', REASON_FAILED_MOUNT, message);
      this.report(pod, runtimePod, new Map());
      return { terminal: false, resyncAfterMs: 5_000 };
    }

    const actions = computePodActions(pod, runtimePod, prober.probeKills);
    const outcome = await manager.syncPod(pod, runtimePod, actions, signal);
    const after = await manager.getPod(uid);
    await manager.pruneDead(after);
    prober.addPod(pod);
    const status = this.report(pod, after, outcome.waitingReasons);
    const resync = [outcome.resyncAfterMs, deadline].filter((x): x is number => x !== undefined);
    return { terminal: isTerminalPhase(status.phase), resyncAfterMs: resync.length > 0 ? Math.min(...resync) : undefined };
  }

  async syncTerminatingPod(pod: Pod, gracePeriodSeconds: number): Promise<void> {
    const { manager, prober } = this.options;
    prober.removePod(pod);
    await manager.killPod(pod, await manager.getPod(podUid(pod)), gracePeriodSeconds);
    const failure = pod.status?.reason === DEADLINE_EXCEEDED.reason ? DEADLINE_EXCEEDED : undefined;
    this.report(pod, await manager.getPod(podUid(pod)), new Map(), { podIsTerminal: true, failure });
  }

  async syncTerminatedPod(pod: Pod): Promise<void> {
    await this.options.volumes.tearDownPod(podUid(pod));
    if (pod.metadata.deletionTimestamp !== undefined) await this.options.statuses.deletePod(pod);
  }

  async forgetPod(pod: Pod): Promise<void> {
    const { manager, statuses, backoff } = this.options;
    const uid = podUid(pod);
    await manager.removePod(await manager.getPod(uid));
    await this.options.volumes.tearDownPod(uid);
    await this.options.removePodFiles(pod);
    statuses.forget(uid);
    backoff.forgetPrefix(backoffPrefix(uid));
  }

  private report(pod: Pod, runtime: RuntimePod, waitingReasons: Map<string, ContainerStateWaiting>, extra: Partial<StatusInputs> = {}) {
    const { manager, prober, statuses, clock, hostIP } = this.options;
    const status = generatePodStatus({
      pod: { ...pod, status: statuses.getPodStatus(podUid(pod)) ?? pod.status },
      runtime,
      waitingReasons,
      probes: prober.probeState,
      runtimeName: manager.runtime.version().runtimeName,
      hostIP,
      podIsTerminal: false,
      now: clock.now(),
      ...extra,
    });
    statuses.setPodStatus(pod, status);
    return status;
  }

  /** Milliseconds until activeDeadlineSeconds passes (undefined when the pod has none or has not started). */
  private deadlineRemainingMs(pod: Pod): number | undefined {
    const seconds = pod.spec.activeDeadlineSeconds;
    const start = this.options.statuses.getPodStatus(podUid(pod))?.startTime ?? pod.status?.startTime;
    if (seconds === undefined || start === undefined) return undefined;
    return Date.parse(start) + seconds * 1000 - this.options.clock.now();
  }
}
