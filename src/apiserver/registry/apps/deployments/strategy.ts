import { childPath, forbidden, invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import type { LabelSelectorSpec } from '../../../../api/labels/label-selector.js';
import { defaultPodTemplateSpec } from '../../../../api/defaults/pod-spec.js';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent, type IntOrPercent } from '../../../../api/validation/int-or-percent.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { nonNegative } from '../../../../api/validation/numbers.js';
import { goLabelSelector } from '../../../../api/validation/go-value.js';
import { collisionCountNotDecremented, nonNegativeCounters, notAbove } from '../../../../api/validation/status-counters.js';
import { immutable, validateWorkloadSelector } from '../../../../api/validation/workload.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import { formatLabelSelector, wideColumns } from '../../../table/workload-columns.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { keepStatus, podNameWarnings, resetStatus, specOrAnnotationsChanged } from '../../workload-status.js';
import { SPEC_TEMPLATE, templateContainers, validateAppsTemplate, type PodTemplate } from '../pod-template.js';

export type Deployment = KubeObject & {
  spec?: {
    replicas?: number;
    selector?: LabelSelectorSpec | null;
    template?: PodTemplate;
    strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: IntOrPercent; maxSurge?: IntOrPercent } | null };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
  };
  status?: { replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number };
};

/** SetDefaults_Deployment (apps/v1). */
function applyDefaults(o: KubeObject): void {
  const spec = ((o as Deployment).spec ??= {});
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= '25%';
    rollingUpdate.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplateSpec(spec.template);
}

/** ValidateDeploymentSpec. */
export function validateDeployment(o: KubeObject): FieldError[] {
  const spec = (o as Deployment).spec ?? {};
  const errors: FieldError[] = [...nonNegative(spec.replicas, 'spec.replicas')];
  const selector = validateWorkloadSelector(spec.selector, 'spec.selector', 'deployment', errors);
  if (selector) errors.push(...validateAppsTemplate(selector, spec.template, SPEC_TEMPLATE, 'ReplicaSet'));
  errors.push(...validateStrategy(spec.strategy ?? {}, 'spec.strategy'));
  errors.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errors.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (typeof spec.progressDeadlineSeconds === 'number') {
    errors.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errors.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return [...errors, ...validateDeploymentStatus(o)];
}

/**
 * ValidateDeploymentStatus. Writes through the main resource keep the stored status, so this
 * only ever rejects what a status write asks for.
 */
function validateDeploymentStatus(o: KubeObject): FieldError[] {
  const status = o['status'] as Record<string, unknown> | undefined;
  return [
    ...nonNegativeCounters(status, ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount']),
    ...notAbove(status, ['updatedReplicas', 'readyReplicas', 'availableReplicas'], 'replicas', 'cannot be greater than status.replicas'),
    ...notAbove(status, ['availableReplicas'], 'readyReplicas', 'cannot be greater than readyReplicas'),
  ];
}

/** ValidateDeploymentStrategy and ValidateRollingUpdateDeployment. */
function validateStrategy(strategy: NonNullable<NonNullable<Deployment['spec']>['strategy']>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const rollingUpdatePath = childPath(path, 'rollingUpdate');
  if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate) errors.push(forbidden(rollingUpdatePath, "may not be specified when strategy `type` is 'Recreate'"));
  } else if (strategy.type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate;
    if (!ru) return [required(rollingUpdatePath, 'this should be defaulted and never be nil')];
    const unavailablePath = childPath(rollingUpdatePath, 'maxUnavailable');
    errors.push(...validatePositiveIntOrPercent(ru.maxUnavailable, unavailablePath));
    errors.push(...validatePositiveIntOrPercent(ru.maxSurge, childPath(rollingUpdatePath, 'maxSurge')));
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
      errors.push(invalid(unavailablePath, ru.maxUnavailable ?? null, 'may not be 0 when `maxSurge` is 0'));
    }
    errors.push(...isNotMoreThan100Percent(ru.maxUnavailable, unavailablePath));
  } else {
    errors.push(notSupported(path, strategy.type ?? '', ['Recreate', 'RollingUpdate']));
  }
  return errors;
}

/** apps/v1 forbids changing the selector; status.collisionCount never goes down. */
export function selectorImmutable(o: KubeObject, old: KubeObject): FieldError[] {
  const selector = (o as Deployment).spec?.selector;
  return [
    ...immutable(selector, (old as Deployment).spec?.selector, 'spec.selector', goLabelSelector(selector)),
    ...collisionCountNotDecremented(o['status'] as Record<string, unknown> | undefined, old['status'] as Record<string, unknown> | undefined),
  ];
}

export const deploymentStrategy: ResourceStrategy = {
  group: 'apps',
  resource: 'deployments',
  kind: 'Deployment',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  warningsOnCreate: podNameWarnings,
  applyDefaults,
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  validate: validateDeployment,
  validateUpdate: selectorImmutable,
  specChanged: specOrAnnotationsChanged,
};

const spec = (o: KubeObject): NonNullable<Deployment['spec']> => (o as Deployment).spec ?? {};
const status = (o: KubeObject): NonNullable<Deployment['status']> => (o as Deployment).status ?? {};

export const deploymentColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Ready', type: 'string', description: 'Number of the pod with ready state', cell: (o) => `${status(o).readyReplicas ?? 0}/${spec(o).replicas ?? 0}` },
  { name: 'Up-to-date', type: 'string', description: 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.', cell: (o) => status(o).updatedReplicas ?? 0 },
  { name: 'Available', type: 'string', description: 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.', cell: (o) => status(o).availableReplicas ?? 0 },
  AGE_COLUMN,
  ...wideColumns(
    (o) => templateContainers(spec(o).template),
    (o) => {
      const text = formatLabelSelector(spec(o).selector);
      return text === '<none>' ? '' : text;
    },
  ),
];
