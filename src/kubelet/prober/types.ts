/**
 * The pod and status shapes the prober reads, and the result vocabularies it speaks. The pod is
 * the API object the kubelet got (core/v1 JSON); the status is the kubelet's latest computed
 * core/v1 PodStatus (what its status manager holds), so `containerID` is `<runtime>://<id>`.
 */
import type { ContainerLike, PodSpecLike } from '../../api/validation/pod/shapes.js';
import type { KubeObjectLike } from '../../client/object.js';

/** A pod as the API sends it (the kubelet's informer objects). */
export type ProbePod = KubeObjectLike & { spec?: PodSpecLike };

export interface ProbeContainerStatus {
  name: string;
  /** `<runtime>://<id>`; empty or absent until the container was created. */
  containerID?: string;
  ready?: boolean;
  started?: boolean;
  state?: {
    running?: { startedAt?: string | null } | null;
    terminated?: { exitCode?: number } | null;
    waiting?: { reason?: string; message?: string } | null;
  };
}

export interface ProbePodStatus {
  phase?: string;
  podIP?: string;
  podIPs?: { ip?: string }[];
  containerStatuses?: ProbeContainerStatus[];
  initContainerStatuses?: ProbeContainerStatus[];
  [field: string]: unknown;
}

export type ProbeType = 'liveness' | 'readiness' | 'startup';

/** The capitalised name upstream prints in events (`Liveness probe failed: …`). */
export function probeTypeName(type: ProbeType): string {
  return type === 'liveness' ? 'Liveness' : type === 'readiness' ? 'Readiness' : 'Startup';
}

/** The outcome of one probe action (model: pkg/probe Result). */
export type ProbeOutcome = 'success' | 'warning' | 'failure' | 'unknown';

/** One action's outcome and its output (the body, the command output or the error text). */
export interface ActionResult {
  outcome: ProbeOutcome;
  output: string;
}

/** A cached per-container probe result (model: prober/results Result). */
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

export type { ContainerLike };
