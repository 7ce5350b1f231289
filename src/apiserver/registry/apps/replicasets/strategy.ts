import type { FieldError } from '../../../../api/field-errors.js';
import type { LabelSelectorSpec } from '../../../../api/labels/label-selector.js';
import { defaultPodTemplateSpec } from '../../../../api/defaults/pod-spec.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { nonNegative } from '../../../../api/validation/numbers.js';
import { nonNegativeCounters, notAbove } from '../../../../api/validation/status-counters.js';
import { validateWorkloadSelector } from '../../../../api/validation/workload.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import { formatLabelSelector, wideColumns } from '../../../table/workload-columns.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { keepStatus, podNameWarnings, resetStatus } from '../../workload-status.js';
import { selectorImmutable } from '../deployments/strategy.js';
import { SPEC_TEMPLATE, templateContainers, validateAppsTemplate, type PodTemplate } from '../pod-template.js';

type ReplicaSet = KubeObject & {
  spec?: { replicas?: number; minReadySeconds?: number; selector?: LabelSelectorSpec | null; template?: PodTemplate };
  status?: { replicas?: number; readyReplicas?: number };
};

/** ValidateReplicaSetSpec (its empty-selector message says "deployment", as upstream's does). */
function validate(o: KubeObject): FieldError[] {
  const spec = (o as ReplicaSet).spec ?? {};
  const errors: FieldError[] = [...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds')];
  const selector = validateWorkloadSelector(spec.selector, 'spec.selector', 'deployment', errors);
  if (selector) errors.push(...validateAppsTemplate(selector, spec.template, SPEC_TEMPLATE, 'ReplicaSet'));
  return [...errors, ...validateReplicaStatus(o['status'] as Record<string, unknown> | undefined)];
}

/** ValidateReplicaSetStatus (ReplicationControllers have the same rules). */
export function validateReplicaStatus(status: Record<string, unknown> | undefined): FieldError[] {
  return [
    ...nonNegativeCounters(status, ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration']),
    ...notAbove(status, ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas'], 'replicas', 'cannot be greater than status.replicas'),
    ...notAbove(status, ['availableReplicas'], 'readyReplicas', 'cannot be greater than readyReplicas'),
  ];
}

export const replicaSetStrategy: ResourceStrategy = {
  group: 'apps',
  resource: 'replicasets',
  kind: 'ReplicaSet',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  warningsOnCreate: podNameWarnings,
  applyDefaults: (o) => {
    const spec = ((o as ReplicaSet).spec ??= {});
    spec.replicas ??= 1;
    defaultPodTemplateSpec(spec.template);
  },
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  validate,
  validateUpdate: selectorImmutable,
};

const spec = (o: KubeObject): NonNullable<ReplicaSet['spec']> => (o as ReplicaSet).spec ?? {};
const status = (o: KubeObject): NonNullable<ReplicaSet['status']> => (o as ReplicaSet).status ?? {};

/** The DESIRED/CURRENT/READY columns ReplicaSets and ReplicationControllers share. */
export function replicaColumns(kind: string, selector: (o: KubeObject) => string): TableColumn[] {
  return [
    NAME_COLUMN,
    { name: 'Desired', type: 'integer', description: `Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/${kind}/#what-is-a-${kind}`, cell: (o) => spec(o).replicas ?? 0 },
    { name: 'Current', type: 'integer', description: 'Replicas is the most recently observed number of replicas.', cell: (o) => status(o).replicas ?? 0 },
    { name: 'Ready', type: 'integer', description: `The number of ready replicas for this ${kind === 'replicaset' ? 'replica set' : 'replication controller'}.`, cell: (o) => status(o).readyReplicas ?? 0 },
    AGE_COLUMN,
    ...wideColumns((o) => templateContainers(spec(o).template), selector),
  ];
}

/** Upstream's extra field selector of ReplicaSets and ReplicationControllers. */
export function replicasField(o: KubeObject): Record<string, string> {
  return { 'status.replicas': String(status(o).replicas ?? 0) };
}

export const replicaSetColumns = replicaColumns('replicaset', (o) => formatLabelSelector(spec(o).selector));
