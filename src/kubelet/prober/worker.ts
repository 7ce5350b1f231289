/**
 * One probe worker: periodically probes one container of one pod with one probe type and keeps
 * that container's result in the type's ResultsManager (model: pkg/kubelet/prober/worker.go).
 *
 * ```
 *   start ──(jitter: random part of a period, only within a period of the manager's start)──▶ probe
 *   probe ──keepGoing──▶ wait ──tick (every periodSeconds) | trigger()──▶ probe
 *     │                   │
 *     └──done / stop()────┴──▶ finished: result of the last container removed, worker unregistered
 * ```
 * One probe at a time: a tick or trigger arriving during a probe is kept (one of each, as Go's
 * buffered channels) and runs right after it. `stop()` during a probe finishes after the probe.
 *
 * Per probe (doProbe): no status or no container id yet → wait; pod Succeeded/Failed → done; a
 * new container id → result reset to the type's initial value (readiness Failure, liveness
 * Success, startup Unknown) and probing resumes; on hold (after a liveness/startup failure, until
 * the container is replaced) → wait; container not running → Failure, done if it will not be
 * restarted; pod being deleted → liveness/startup record Success and are done; within
 * initialDelaySeconds of the start → wait; not started yet → only the startup probe runs; started
 * → the startup probe no longer runs. A result is stored once it repeated successThreshold
 * (success) or failureThreshold (failure) times in a row.
 */
import type { ContainerLike, ProbeLike } from '../../api/validation/pod/shapes.js';
import type { Clock, TimerHandle } from '../../client/flowcontrol/clock.js';
import { createLogger } from '../../util/logging.js';
import { positive, probeSpecOf, type ProbeOutcome } from './prober.js';
import type { ResultsManager } from './results.js';
import type { ProbeContainerStatus, ProbePod, ProbePodStatus, ProbeResult, ProbeType } from './types.js';

const log = createLogger('prober');

const DEFAULT_PERIOD_SECONDS = 10;
const DEFAULT_SUCCESS_THRESHOLD = 1;
const DEFAULT_FAILURE_THRESHOLD = 3;

/** Runs one probe (the Prober, or anything shaped like it). */
export interface ContainerProber {
  probe(type: ProbeType, pod: ProbePod, status: ProbePodStatus, container: ContainerLike, containerID: string): Promise<ProbeOutcome>;
}

/** What a worker needs from its manager. */
export interface WorkerHost {
  readonly clock: Clock;
  readonly random: () => number;
  /** Clock time the manager was created (probes are jittered within one period of it). */
  readonly startedAt: number;
  readonly prober: ContainerProber;
  podStatus(podUID: string): ProbePodStatus | undefined;
  results(type: ProbeType): ResultsManager;
  /** Whether the container counts as started (running, and its startup probe, if any, succeeded). */
  isStarted(pod: ProbePod, status: ProbeContainerStatus): boolean;
  /** Called once when the worker finished. */
  workerFinished(worker: ProbeWorker): void;
}

const INITIAL_RESULT: Record<ProbeType, ProbeResult> = { readiness: 'Failure', liveness: 'Success', startup: 'Unknown' };

export class ProbeWorker {
  readonly spec: ProbeLike;
  private readonly periodMs: number;
  private readonly results: ResultsManager;
  /** The container id the current results belong to ('' before the first). */
  private containerID = '';
  private lastResult: ProbeResult | undefined;
  private resultRun = 0;
  private onHold = false;

  private looping = false;
  private probing = false;
  private stopped = false;
  private finished = false;
  private tickPending = false;
  private triggerPending = false;
  private startTimer: TimerHandle | undefined;
  private tickTimer: TimerHandle | undefined;
  private nextTickAt = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private resolveDone!: () => void;
  /** Resolves once the worker finished (after `stop()` and any probe in flight). */
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly host: WorkerHost,
    readonly type: ProbeType,
    readonly pod: ProbePod,
    readonly container: ContainerLike,
  ) {
    const spec = probeSpecOf(container, type);
    if (!spec) throw new Error(`container ${container.name ?? ''} has no ${type} probe`);
    this.spec = spec;
    this.periodMs = positive(spec.periodSeconds, DEFAULT_PERIOD_SECONDS) * 1000;
    this.results = host.results(type);
  }

  get podUID(): string {
    return this.pod.metadata.uid ?? '';
  }

  get containerName(): string {
    return this.container.name ?? '';
  }

  /** Starts probing: after a random part of a period if the manager started less than a period ago, else now. */
  start(): void {
    const { clock } = this.host;
    const jitter = this.periodMs > clock.now() - this.host.startedAt ? Math.floor(this.host.random() * this.periodMs) : 0;
    this.startTimer = clock.setTimer(jitter, () => {
      this.startTimer = undefined;
      this.nextTickAt = clock.now() + this.periodMs;
      this.armTicker();
      this.looping = true;
      this.runOnce();
    });
  }

  /** Stops the worker (idempotent); it finishes after a probe in flight. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (!this.probing) this.finish();
  }

  /** Asks for a probe now (at most one pending, as upstream's manual trigger). */
  trigger(): void {
    if (this.stopped) return;
    if (!this.looping || this.probing) this.triggerPending = true;
    else this.runOnce();
  }

  /** Resolves when no probe is running (for tests and orderly shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const current = this.inFlight;
      await current;
      if (current === this.inFlight) return;
    }
  }

  private armTicker(): void {
    const { clock } = this.host;
    this.tickTimer = clock.setTimer(this.nextTickAt - clock.now(), () => {
      // A ticker drops ticks nobody took; the next one stays on the period grid.
      while (this.nextTickAt <= clock.now()) this.nextTickAt += this.periodMs;
      this.armTicker();
      if (this.stopped) return;
      if (this.probing) this.tickPending = true;
      else this.runOnce();
    });
  }

  private runOnce(): void {
    this.probing = true;
    this.inFlight = this.doProbe().then(
      (keepGoing) => this.afterProbe(keepGoing),
      (err: unknown) => {
        log.error({ err, pod: this.pod.metadata.name, container: this.containerName, probeType: this.type }, 'probe worker failed');
        this.afterProbe(true);
      },
    );
  }

  private afterProbe(keepGoing: boolean): void {
    this.probing = false;
    if (this.stopped || !keepGoing) {
      this.finish();
      return;
    }
    if (this.triggerPending) {
      this.triggerPending = false;
      this.runOnce();
    } else if (this.tickPending) {
      this.tickPending = false;
      this.runOnce();
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stopped = true;
    this.startTimer?.cancel();
    this.tickTimer?.cancel();
    if (this.containerID) this.results.remove(this.containerID);
    this.host.workerFinished(this);
    this.resolveDone();
  }

  /** One probe round; resolves to whether the worker keeps going. */
  private async doProbe(): Promise<boolean> {
    const status = this.host.podStatus(this.podUID);
    if (!status) return true;
    if (status.phase === 'Failed' || status.phase === 'Succeeded') return false;

    const name = this.containerName;
    let c = (status.containerStatuses ?? []).find((s) => s.name === name);
    if (!c?.containerID) c = (status.initContainerStatuses ?? []).find((s) => s.name === name);
    if (!c?.containerID) return true;

    if (this.containerID !== c.containerID) {
      if (this.containerID) this.results.remove(this.containerID);
      this.containerID = c.containerID;
      this.results.set(this.containerID, INITIAL_RESULT[this.type], this.podUID);
      this.onHold = false;
    }
    if (this.onHold) return true;

    if (!c.state?.running) {
      this.results.set(this.containerID, 'Failure', this.podUID);
      return !c.state?.terminated || this.willRestart();
    }

    if (this.pod.metadata.deletionTimestamp && (this.type === 'liveness' || this.type === 'startup')) {
      this.results.set(this.containerID, 'Success', this.podUID);
      return false;
    }

    const startedAt = Date.parse(c.state.running.startedAt ?? '');
    if (!Number.isNaN(startedAt)) {
      const elapsedSeconds = Math.trunc((this.host.clock.now() - startedAt) / 1000);
      if (elapsedSeconds < (this.spec.initialDelaySeconds ?? 0)) return true;
    }

    const started = this.host.isStarted(this.pod, c);
    if (started ? this.type === 'startup' : this.type !== 'startup') return true;

    const outcome = await this.host.prober.probe(this.type, this.pod, status, this.container, this.containerID);
    if (outcome.error) return true;
    if (this.stopped) return true;
    const result = outcome.result;

    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    const failureThreshold = positive(this.spec.failureThreshold, DEFAULT_FAILURE_THRESHOLD);
    const successThreshold = positive(this.spec.successThreshold, DEFAULT_SUCCESS_THRESHOLD);
    if ((result === 'Failure' && this.resultRun < failureThreshold) || (result === 'Success' && this.resultRun < successThreshold)) {
      return true;
    }
    this.results.set(this.containerID, result, this.podUID);

    if ((this.type === 'liveness' || this.type === 'startup') && result === 'Failure') {
      // The container will be restarted: stop probing it until a new container id shows up.
      this.onHold = true;
      this.resultRun = 0;
    }
    return true;
  }

  /** Whether a terminated container comes back: the pod restarts it, or it is a sidecar. */
  private willRestart(): boolean {
    if (this.container.restartPolicy === 'Always') return true;
    return this.pod.spec?.restartPolicy !== 'Never';
  }
}
