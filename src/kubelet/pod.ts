/**
 * The core/v1 Pod as the kubelet reads and reports it: the spec shapes validation already names
 * (src/api/validation/pod/shapes.ts) plus the status the kubelet writes (core/v1 PodStatus).
 * Objects come from a shared informer: never mutate them.
 */
import type { ContainerLike, PodSpecLike } from '../api/validation/pod-spec.js';
import type { KubeObjectLike } from '../client/object.js';

export interface ContainerStateWaiting {
  reason?: string;
  message?: string;
}

export interface ContainerStateRunning {
  startedAt: string;
}

export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}

/** Exactly one member is set. */
export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodStatus {
  phase?: PodPhase;
  conditions?: PodCondition[];
  message?: string;
  reason?: string;
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  qosClass?: string;
  [field: string]: unknown;
}

export type Pod = KubeObjectLike & {
  metadata: KubeObjectLike['metadata'] & { deletionGracePeriodSeconds?: number; creationTimestamp?: string };
  spec: PodSpecLike;
  status?: PodStatus;
};

export type Container = ContainerLike & { name: string };

export function podUid(pod: Pod): string {
  return pod.metadata.uid ?? '';
}

export function isTerminalPhase(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

export function specContainers(pod: Pod): Container[] {
  return (pod.spec.containers ?? []) as Container[];
}

export function specInitContainers(pod: Pod): Container[] {
  return (pod.spec.initContainers ?? []) as Container[];
}
