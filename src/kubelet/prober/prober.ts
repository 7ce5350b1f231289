/**
 * Runs one probe of a container and reports failures as events (model: pkg/kubelet/prober
 * prober.go). Pure of kubelet state: it reads only the pod, the status it is given and the
 * container spec, and acts through the injected exec runner and event recorder.
 */
import type { ContainerLike, ProbeLike } from '../../api/validation/pod/shapes.js';
import type { EventRecorder } from '../../client/events/recorder.js';
import { containerRef, runtimeContainerId } from '../container-ref.js';
import { runExecProbe, type ExecRunner } from './exec-probe.js';
import { expandCommandOnlyStatic } from './expand.js';
import { formatPod } from '../go-format.js';
import { runGrpcProbe } from './grpc-probe.js';
import { HttpGetError, newRequestForHTTPGetAction } from './http-get.js';
import { runHttpProbe } from './http-probe.js';
import { resolveContainerPort } from './ports.js';
import { runTcpProbe } from './tcp-probe.js';
import { probeTypeName, type ActionResult, type ProbePod, type ProbePodStatus, type ProbeResult, type ProbeType } from './types.js';

/** Attempts of a probe whose action errored (upstream maxProbeRetries). */
const MAX_PROBE_RETRIES = 3;
const DEFAULT_TIMEOUT_SECONDS = 1;

export type ProbeEventRecorder = Pick<EventRecorder, 'event'>;

export interface ProbeOutcome {
  /** Success or Failure (an errored probe is a Failure the worker throws away). */
  result: Exclude<ProbeResult, 'Unknown'>;
  /** Set when the probe could not be run (bad port, runtime error); the worker ignores such results. */
  error?: Error;
}

export function probeSpecOf(container: ContainerLike, type: ProbeType): ProbeLike | undefined {
  return type === 'liveness' ? container.livenessProbe : type === 'readiness' ? container.readinessProbe : container.startupProbe;
}

export class Prober {
  constructor(
    private readonly runner: ExecRunner,
    private readonly recorder: ProbeEventRecorder,
  ) {}

  /**
   * Probes `container` (its `type` probe) once, retrying an action that errors up to three
   * times. Records `Warning Unhealthy` `<Type> probe failed: <output>` on failure,
   * `<Type> probe errored and resulted in <state> state: <error>` when it could not run, and
   * `Warning ProbeWarning` `<Type> probe warning: <output>` for a warning (which counts as success).
   */
  async probe(type: ProbeType, pod: ProbePod, status: ProbePodStatus, container: ContainerLike, containerID: string): Promise<ProbeOutcome> {
    const spec = probeSpecOf(container, type);
    if (!spec) return { result: 'Success' };
    const name = container.name ?? '';
    let action: ActionResult | undefined;
    let error: Error | undefined;
    for (let attempt = 0; attempt < MAX_PROBE_RETRIES; attempt++) {
      try {
        action = await this.runAction(spec, pod, status, container, containerID);
        error = undefined;
        break;
      } catch (err) {
        error = err instanceof Error ? err : new Error(String(err));
      }
    }
    const typeName = probeTypeName(type);
    if (error || !action) {
      const err = error ?? new Error('probe produced no result');
      // Upstream's state: failure for a body that could not be read, unknown for everything else.
      const state = err instanceof HttpGetError ? 'failure' : 'unknown';
      this.record(pod, name, 'Unhealthy', `${typeName} probe errored and resulted in ${state} state: ${err.message}`);
      return { result: 'Failure', error: err };
    }
    switch (action.outcome) {
      case 'success':
        return { result: 'Success' };
      case 'warning':
        this.record(pod, name, 'ProbeWarning', `${typeName} probe warning: ${action.output}`);
        return { result: 'Success' };
      case 'failure':
        this.record(pod, name, 'Unhealthy', `${typeName} probe failed: ${action.output}`);
        return { result: 'Failure' };
      default:
        return { result: 'Failure' };
    }
  }

  /** One attempt of the probe's action; throws when it cannot be run. */
  private async runAction(spec: ProbeLike, pod: ProbePod, status: ProbePodStatus, container: ContainerLike, containerID: string): Promise<ActionResult> {
    const timeoutMs = positive(spec.timeoutSeconds, DEFAULT_TIMEOUT_SECONDS) * 1000;
    const podIP = status.podIP ?? '';
    if (spec.exec) {
      const command = expandCommandOnlyStatic(spec.exec.command ?? [], container.env);
      return runExecProbe(this.runner, runtimeContainerId(containerID), command, timeoutMs);
    }
    if (spec.httpGet) {
      const request = newRequestForHTTPGetAction(spec.httpGet, container, podIP, 'probe');
      return runHttpProbe(request, timeoutMs);
    }
    if (spec.tcpSocket) {
      return runTcpProbe(spec.tcpSocket.host || podIP, resolveContainerPort(spec.tcpSocket.port, container), timeoutMs);
    }
    if (spec.grpc) {
      return runGrpcProbe(podIP, spec.grpc.port ?? 0, spec.grpc.service ?? '', timeoutMs);
    }
    throw new Error(`missing probe handler for ${formatPod(pod)}:${container.name ?? ''}`);
  }

  private record(pod: ProbePod, containerName: string, reason: string, message: string): void {
    this.recorder.event(containerRef(pod, containerName), 'Warning', reason, message);
  }
}

/** A positive setting or its default (API defaulting normally fills these). */
export function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}
