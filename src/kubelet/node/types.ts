/** The parts of core/v1 Node and coordination/v1 Lease the node agent writes and reads. */
import { StatusError, type StatusReason } from '../../util/errors.js';
import type { KubeObjectLike } from '../../client/object.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface NodeCondition {
  type: string;
  status: ConditionStatus;
  /** RFC 3339, seconds precision (metav1.Time). */
  lastHeartbeatTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface NodeAddress {
  type: 'InternalIP' | 'ExternalIP' | 'Hostname';
  address: string;
}

export interface NodeSystemInfo {
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
  containerRuntimeVersion: string;
  kubeletVersion: string;
  kubeProxyVersion: string;
  operatingSystem: string;
  architecture: string;
}

export interface NodeStatus {
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  conditions: NodeCondition[];
  addresses: NodeAddress[];
  daemonEndpoints: { kubeletEndpoint: { Port: number } };
  nodeInfo: NodeSystemInfo;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export interface Node extends KubeObjectLike {
  spec?: { podCIDR?: string; podCIDRs?: string[]; providerID?: string; unschedulable?: boolean; taints?: Taint[] };
  status?: NodeStatus;
}

export interface NodeLease extends KubeObjectLike {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    renewTime?: string;
    acquireTime?: string;
    leaseTransitions?: number;
  };
}

export const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false } as const;
export const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true } as const;
/** Where kubelets keep their heartbeat Leases (one per node, named after it). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** metav1.Time's wire form (one formatter for every component). */
export { formatTime } from '../../client/events/types.js';

/** Whether `err` is an API error with this Status reason (the client raises plain StatusErrors). */
export function hasReason(err: unknown, reason: StatusReason): boolean {
  return err instanceof StatusError && err.reason === reason;
}
