/**
 * The shapes the ReplicaSet controller reads. ReplicaSets (apps/v1) and ReplicationControllers
 * (v1) share them except for `spec.selector` (a metav1.LabelSelector vs a plain label map), which
 * `kinds.ts` interprets; the controller never looks at the selector directly.
 */
import type { PodConditionLike, PodStateLike } from '../../api/pod/readiness.js';
import type { PodSpecLike } from '../../api/validation/pod/shapes.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { PodTemplate } from '../shared/pod-control.js';

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** ReplicaSetStatus / ReplicationControllerStatus (same fields, same JSON names). */
export interface ReplicaSetStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
  [field: string]: unknown;
}

/** A ReplicaSet or a ReplicationController. */
export interface ReplicaSetLike extends KubeObjectLike {
  metadata: KubeObjectLike['metadata'] & { generation?: number };
  spec?: {
    /** Defaulted to 1 by the API server. */
    replicas?: number;
    minReadySeconds?: number;
    selector?: unknown;
    template?: PodTemplate;
  };
  status?: ReplicaSetStatus;
}

export interface PodLike extends KubeObjectLike, PodStateLike {
  metadata: KubeObjectLike['metadata'] & { creationTimestamp?: string };
  spec?: PodSpecLike;
  status?: {
    phase?: string;
    conditions?: PodConditionLike[];
    containerStatuses?: { name?: string; restartCount?: number }[];
    initContainerStatuses?: { name?: string; restartCount?: number }[];
  };
}

/** spec.replicas, 1 when absent (the API server's default). */
export function desiredReplicas(owner: ReplicaSetLike): number {
  return owner.spec?.replicas ?? 1;
}
