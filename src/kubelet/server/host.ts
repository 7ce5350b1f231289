import type { Registry } from 'prom-client';
import type { Runtime } from '../runtime/runtime.js';

/** The parts of a v1 ContainerStatus the server reads (`containerID` is `<runtime>://<id>`). */
export interface ContainerStatusLike {
  name: string;
  containerID?: string;
  state?: ContainerStateLike;
  lastState?: ContainerStateLike;
}

export interface ContainerStateLike {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; reason?: string; containerID?: string; startedAt?: string; finishedAt?: string };
}

/** A v1 Pod as the kubelet knows it; served unchanged on /pods. */
export interface PodLike {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace: string; uid: string; [key: string]: unknown };
  spec: {
    containers: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
    [key: string]: unknown;
  };
  status?: {
    containerStatuses?: ContainerStatusLike[];
    initContainerStatuses?: ContainerStatusLike[];
    ephemeralContainerStatuses?: ContainerStatusLike[];
    startTime?: string;
    [key: string]: unknown;
  };
}

/** cadvisor MachineInfo, the subset kts reports on /spec (JSON names as upstream). */
export interface MachineInfo {
  timestamp: string;
  num_cores: number;
  num_physical_cores: number;
  num_sockets: number;
  cpu_frequency_khz: number;
  memory_capacity: number;
  machine_id: string;
  system_uuid: string;
  boot_id: string;
  [key: string]: unknown;
}

/** One sample of node-level usage (model: the Summary API's node cpu/memory). */
export interface NodeUsage {
  /** Unix milliseconds of the sample. */
  timestamp: number;
  cpuUsageCoreNanoSeconds: number;
  memoryWorkingSetBytes: number;
  memoryUsageBytes: number;
  memoryAvailableBytes: number;
  memoryRssBytes: number;
}

/**
 * What the kubelet HTTP server needs from the kubelet (implemented by the kubelet core).
 *
 * Contracts: `getPodByName` returns the pod with the status the kubelet last computed (its
 * containerStatuses carry the runtime's container ids); the server resolves containers, logs
 * and sandboxes from that status and the Runtime, so it never needs kubelet internals. All
 * methods are cheap and synchronous except the usage samples.
 */
export interface KubeletServerHost {
  readonly nodeName: string;
  readonly runtime: Runtime;
  /** The pods the kubelet runs (bound to this node, not yet removed). */
  listPods(): PodLike[];
  getPodByName(namespace: string, name: string): PodLike | undefined;
  machineInfo(): MachineInfo;
  nodeUsage(): Promise<NodeUsage>;
  /** The node's boot-time-ish start (Unix ms) reported as node.startTime in /stats/summary. */
  readonly startTime: number;
  /** Served on /metrics; a private empty registry when absent. */
  readonly metricsRegistry?: Registry;
}
