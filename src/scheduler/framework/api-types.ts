/**
 * The core/v1 Pod and Node fields the scheduler reads (the JSON shapes; every field optional as a
 * client may omit it). Objects come from shared informers: never mutate them.
 */
import type { KubeObjectLike } from '../../client/object.js';
import type { LabelSelectorSpec } from '../../api/labels/index.js';
import type { ContainerLike, PodSpecLike, ResourceList, TolerationLike } from '../../api/validation/pod/shapes.js';

export type { ContainerLike, ResourceList, TolerationLike };

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' | string;
  timeAdded?: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt' | string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

export interface PodAffinityTermSpec {
  labelSelector?: LabelSelectorSpec | null;
  namespaces?: string[];
  topologyKey: string;
  namespaceSelector?: LabelSelectorSpec | null;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

export interface WeightedPodAffinityTermSpec {
  weight: number;
  podAffinityTerm: PodAffinityTermSpec;
}

export interface PodAffinitySpec {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTermSpec[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTermSpec[];
}

export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: PodAffinitySpec;
  podAntiAffinity?: PodAffinitySpec;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway' | string;
  labelSelector?: LabelSelectorSpec | null;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: string[];
}

export interface PodSpec extends PodSpecLike {
  affinity?: Affinity;
  tolerations?: TolerationLike[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  overhead?: ResourceList;
  schedulingGates?: { name: string }[];
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
  nominatedNodeName?: string;
  [field: string]: unknown;
}

export interface Pod extends KubeObjectLike {
  metadata: KubeObjectLike['metadata'] & { creationTimestamp?: string; ownerReferences?: { kind?: string; name?: string; uid?: string; controller?: boolean }[] };
  spec?: PodSpec;
  status?: PodStatus;
}

export interface ContainerImage {
  names?: string[];
  sizeBytes?: number;
}

export interface NodeSpec {
  unschedulable?: boolean;
  taints?: Taint[];
  podCIDR?: string;
  providerID?: string;
  [field: string]: unknown;
}

export interface NodeStatus {
  capacity?: ResourceList;
  allocatable?: ResourceList;
  images?: ContainerImage[];
  conditions?: { type: string; status: string }[];
  [field: string]: unknown;
}

export interface Node extends KubeObjectLike {
  spec?: NodeSpec;
  status?: NodeStatus;
}

/** `namespace/name` of a pod (the scheduler's key for pods in queues and caches). */
export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

/** The pod's UID, falling back to its key (test objects may lack a UID). */
export function podUID(pod: Pod): string {
  return pod.metadata.uid || podKey(pod);
}

/** spec.priority, 0 when unset (admission fills it from the PriorityClass). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}
