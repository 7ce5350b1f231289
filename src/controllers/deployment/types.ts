/**
 * The shapes of apps/v1 Deployments and ReplicaSets the deployment controller reads and writes,
 * and upstream's annotation keys, label key and condition reasons (pkg/controller/deployment/util,
 * k8s.io/api/apps/v1). Objects are plain JSON as the API serves them; counters may be absent
 * (Go's omitempty drops zeros).
 */
import type { LabelSelectorSpec } from '../../api/labels/index.js';
import type { KubeObjectLike } from '../../client/object.js';

export type IntOrPercent = number | string | undefined | null;

export interface PodTemplateSpec {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  spec?: Record<string, unknown>;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
  collisionCount?: number;
}

export interface Deployment extends KubeObjectLike {
  spec: {
    replicas?: number;
    selector?: LabelSelectorSpec | null;
    template: PodTemplateSpec;
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent } | null };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
  };
  status?: DeploymentStatus;
}

export interface ReplicaSet extends KubeObjectLike {
  spec: {
    replicas?: number;
    minReadySeconds?: number;
    selector: LabelSelectorSpec;
    template: PodTemplateSpec;
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: Condition[];
  };
}

export interface Pod extends KubeObjectLike {
  status?: { phase?: string };
}

/** apps.DefaultDeploymentUniqueLabelKey. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** apps.DeprecatedRollbackTo: what extensions/v1beta1's spec.rollbackTo round-trips through. */
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export const RECREATE = 'Recreate';
export const ROLLING_UPDATE = 'RollingUpdate';

export const AVAILABLE = 'Available';
export const PROGRESSING = 'Progressing';
export const REPLICA_FAILURE = 'ReplicaFailure';

/** Condition and event reasons, as upstream's deploymentutil. */
export const Reasons = {
  replicaSetUpdated: 'ReplicaSetUpdated',
  failedRSCreate: 'ReplicaSetCreateError',
  newReplicaSet: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
  paused: 'DeploymentPaused',
  resumed: 'DeploymentResumed',
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  rollbackRevisionNotFound: 'DeploymentRollbackRevisionNotFound',
  rollbackTemplateUnchanged: 'DeploymentRollbackTemplateUnchanged',
  rollbackDone: 'DeploymentRollback',
} as const;

/** Go's math.MaxInt32: progressDeadlineSeconds / revisionHistoryLimit meaning "no limit". */
export const MAX_INT32 = 2_147_483_647;

export function specReplicas(obj: { spec: { replicas?: number } } | undefined): number {
  return obj?.spec.replicas ?? 0;
}

export function generationOf(obj: KubeObjectLike): number {
  const g = obj.metadata['generation'];
  return typeof g === 'number' ? g : 0;
}

export function creationTimestampOf(obj: KubeObjectLike): string {
  const t = obj.metadata['creationTimestamp'];
  return typeof t === 'string' ? t : '';
}
