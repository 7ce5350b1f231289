/**
 * core/v1 Taint and Toleration as controllers and the scheduler read them, and the well-known
 * taint keys (k8s.io/api/core/v1 well_known_taints.go).
 */

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect | string;
  /** metav1.Time (RFC 3339); set by the node controller on NoExecute taints it adds. */
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  /** `Exists` or `Equal`; empty means `Equal`. */
  operator?: string;
  value?: string;
  /** Empty matches every effect. */
  effect?: string;
  /** NoExecute only: how long the pod stays bound after the taint appears; absent = forever. */
  tolerationSeconds?: number;
}

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_NODE_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_NODE_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_NODE_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';
export const TAINT_NODE_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NODE_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';
