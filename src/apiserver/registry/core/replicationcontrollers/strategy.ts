import { required, type FieldError } from '../../../../api/field-errors.js';
import { selectorFromSet } from '../../../../api/labels/selector.js';
import { validateLabels } from '../../../../api/labels/validation.js';
import { defaultPodTemplateSpec } from '../../../../api/defaults/pod-spec.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { nonNegative } from '../../../../api/validation/numbers.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { keepStatus, podNameWarnings, resetStatus } from '../../workload-status.js';
import { validateAppsTemplate, type PodTemplate } from '../../apps/pod-template.js';
import { replicaColumns, validateReplicaStatus } from '../../apps/replicasets/strategy.js';
import { formatLabels } from '../../../table/workload-columns.js';

type ReplicationController = KubeObject & {
  spec?: { replicas?: number; minReadySeconds?: number; selector?: Record<string, string> | null; template?: PodTemplate | null };
};

/** SetDefaults_ReplicationController: selector and labels from the template's labels, one replica. */
function applyDefaults(o: KubeObject): void {
  const rc = o as ReplicationController;
  const spec = (rc.spec ??= {});
  const labels = spec.template?.metadata?.labels;
  if (labels) {
    if (Object.keys(spec.selector ?? {}).length === 0) spec.selector = { ...labels };
    if (Object.keys(rc.metadata.labels ?? {}).length === 0) rc.metadata.labels = { ...labels };
  }
  spec.replicas ??= 1;
  defaultPodTemplateSpec(spec.template ?? undefined);
}

/** ValidateReplicationControllerSpec and ValidatePodTemplateSpecForRC. */
function validate(o: KubeObject): FieldError[] {
  const spec = (o as ReplicationController).spec ?? {};
  const errors: FieldError[] = [...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds')];
  const selector = selectorFromSet(spec.selector ?? {});
  if (selector.isEmpty()) errors.push(required('spec.selector', ''));
  errors.push(...validateLabels(spec.selector, 'spec.selector'));
  errors.push(...nonNegative(spec.replicas, 'spec.replicas'));
  if (!spec.template) errors.push(required('spec.template', ''));
  else errors.push(...validateAppsTemplate(selector, spec.template, 'spec.template', 'ReplicationController'));
  return [...errors, ...validateReplicaStatus(o['status'] as Record<string, unknown> | undefined)];
}

export const replicationControllerStrategy: ResourceStrategy = {
  group: '',
  resource: 'replicationcontrollers',
  kind: 'ReplicationController',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  warningsOnCreate: podNameWarnings,
  applyDefaults,
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  validate,
};

export const replicationControllerColumns = replicaColumns('replicationcontroller', (o) => formatLabels((o as ReplicationController).spec?.selector));
