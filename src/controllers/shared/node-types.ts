/**
 * The parts of core/v1 Node and Pod that the node-facing controllers (node lifecycle, taint
 * eviction, pod GC) read and write, and small readers over them (pure).
 */
import type { PodCondition } from '../../api/pod/conditions.js';
import type { Taint, Toleration } from '../../api/taints/index.js';
import type { KubeObjectLike } from '../../client/object.js';

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface NodeCondition {
  type: string;
  status: ConditionStatus | string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface NodeObject extends KubeObjectLike {
  spec?: { unschedulable?: boolean; taints?: Taint[]; [field: string]: unknown };
  status?: { conditions?: NodeCondition[]; [field: string]: unknown };
}

export interface PodObject extends KubeObjectLike {
  spec?: { nodeName?: string; tolerations?: Toleration[]; [field: string]: unknown };
  status?: { phase?: string; reason?: string; conditions?: PodCondition[]; [field: string]: unknown };
}

export interface LeaseObject extends KubeObjectLike {
  spec?: { holderIdentity?: string; renewTime?: string; [field: string]: unknown };
}

/** Where kubelets keep their heartbeat Leases (v1.NamespaceNodeLease). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export function nodeCondition(node: NodeObject | undefined, type: string): NodeCondition | undefined {
  return node?.status?.conditions?.find((c) => c.type === type);
}

/** upstream nodeutil.IsNodeReady: the Ready condition is True. */
export function isNodeReady(node: NodeObject): boolean {
  return nodeCondition(node, 'Ready')?.status === 'True';
}

/** A deep copy of an object read from a cache, safe to modify. */
export function cloneObject<T>(obj: T): T {
  return structuredClone(obj);
}
