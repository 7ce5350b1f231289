import type { PodSpecLike } from '../../../../api/validation/pod-spec.js';
import type { KubeObject } from '../../generic/object.js';

/** The parts of a core/v1 Pod's status that the registry reads and writes. */
export interface ContainerStateLike {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; signal?: number; reason?: string; finishedAt?: string };
}

export interface ContainerStatusLike {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerStateLike;
  lastState?: ContainerStateLike;
}

export interface PodConditionLike {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

export interface PodStatusLike {
  phase?: string;
  reason?: string;
  conditions?: PodConditionLike[];
  podIP?: string;
  podIPs?: { ip?: string }[];
  nominatedNodeName?: string;
  qosClass?: string;
  initContainerStatuses?: ContainerStatusLike[];
  containerStatuses?: ContainerStatusLike[];
  [field: string]: unknown;
}

export type Pod = KubeObject & { spec?: PodSpecLike; status?: PodStatusLike };
