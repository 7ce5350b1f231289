import { invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import type { LabelSelectorSpec } from '../../../../api/labels/label-selector.js';
import { validateLabelSelector } from '../../../../api/labels/validation.js';
import { defaultPodTemplateSpec } from '../../../../api/defaults/pod-spec.js';
import { goLabelSelector } from '../../../../api/validation/go-value.js';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent, type IntOrPercent } from '../../../../api/validation/int-or-percent.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { nonNegative } from '../../../../api/validation/numbers.js';
import { nonNegativeCounters } from '../../../../api/validation/status-counters.js';
import { tryLabelSelector } from '../../../../api/validation/workload.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import { formatLabels, formatLabelSelector, wideColumns } from '../../../table/workload-columns.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { keepStatus, resetStatus } from '../../workload-status.js';
import { selectorImmutable } from '../deployments/strategy.js';
import { SPEC_TEMPLATE, templateContainers, validateAppsTemplate, type PodTemplate } from '../pod-template.js';
import { sameJSON } from '../../../../api/json-equal.js';

type DaemonSetSpec = {
  selector?: LabelSelectorSpec | null;
  template?: PodTemplate & { spec?: { nodeSelector?: Record<string, string> } };
  updateStrategy?: { type?: string; rollingUpdate?: { maxUnavailable?: IntOrPercent; maxSurge?: IntOrPercent } | null };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
};
type DaemonSet = KubeObject & {
  spec?: DaemonSetSpec;
  status?: { desiredNumberScheduled?: number; currentNumberScheduled?: number; numberReady?: number; updatedNumberScheduled?: number; numberAvailable?: number };
};

/** The apps/v1 form of the internal spec.templateGeneration, bumped on each template change. */
export const TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

/** SetDefaults_DaemonSet (apps/v1). */
function applyDefaults(o: KubeObject): void {
  const spec = ((o as DaemonSet).spec ??= {});
  const strategy = (spec.updateStrategy ??= {});
  strategy.type ||= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = (strategy.rollingUpdate ??= {});
    rollingUpdate.maxUnavailable ??= 1;
    rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec(spec.template);
}

/** ValidateDaemonSetSpec. */
function validate(o: KubeObject): FieldError[] {
  const spec = (o as DaemonSet).spec ?? {};
  const errors = validateLabelSelector(spec.selector, 'spec.selector');
  const selector = tryLabelSelector(spec.selector);
  if (spec.selector && Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length === 0) {
    errors.push(invalid('spec.selector', goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  }
  errors.push(...validateAppsTemplate(selector, spec.template, SPEC_TEMPLATE, 'DaemonSet'));
  errors.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errors.push(...validateUpdateStrategy(spec.updateStrategy ?? {}));
  errors.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const counters = ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount'];
  errors.push(...nonNegativeCounters(o['status'] as Record<string, unknown> | undefined, counters));
  return errors;
}

/** ValidateDaemonSetUpdateStrategy and ValidateRollingUpdateDaemonSet. */
function validateUpdateStrategy(strategy: NonNullable<DaemonSetSpec['updateStrategy']>): FieldError[] {
  const path = 'spec.updateStrategy';
  if (strategy.type === 'OnDelete') return [];
  if (strategy.type !== 'RollingUpdate') return [notSupported(path, strategy.type ?? '', ['RollingUpdate', 'OnDelete'])];
  const ru = strategy.rollingUpdate;
  if (!ru) return [required(`${path}.rollingUpdate`, '')];
  const unavailablePath = `${path}.rollingUpdate.maxUnavailable`;
  const surgePath = `${path}.rollingUpdate.maxSurge`;
  const errors = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, unavailablePath),
    ...validatePositiveIntOrPercent(ru.maxSurge, surgePath),
    ...isNotMoreThan100Percent(ru.maxUnavailable, unavailablePath),
    ...isNotMoreThan100Percent(ru.maxSurge, surgePath),
  ];
  const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errors.push(invalid(surgePath, ru.maxSurge ?? null, 'may not be set when maxUnavailable is non-zero'));
  if (!hasUnavailable && !hasSurge) errors.push(required(unavailablePath, 'cannot be 0 when maxSurge is 0'));
  return errors;
}

/** PrepareForCreate: template generation 1. */
function prepareForCreate(o: KubeObject): void {
  resetStatus(o);
  (o.metadata.annotations ??= {})[TEMPLATE_GENERATION] = '1';
}

/** PrepareForUpdate: the template generation follows template changes. */
function prepareForUpdate(o: KubeObject, old: KubeObject): void {
  keepStatus(o, old);
  const previous = old.metadata.annotations?.[TEMPLATE_GENERATION];
  const changed = !sameJSON((o as DaemonSet).spec?.template, (old as DaemonSet).spec?.template);
  if (previous === undefined && !changed) return;
  const generation = Number(previous ?? '0') + (changed ? 1 : 0);
  (o.metadata.annotations ??= {})[TEMPLATE_GENERATION] = String(generation);
}

export const daemonSetStrategy: ResourceStrategy = {
  group: 'apps',
  resource: 'daemonsets',
  kind: 'DaemonSet',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  applyDefaults,
  prepareForCreate,
  prepareForUpdate,
  validate,
  validateUpdate: selectorImmutable,
};

const spec = (o: KubeObject): DaemonSetSpec => (o as DaemonSet).spec ?? {};
const status = (o: KubeObject): NonNullable<DaemonSet['status']> => (o as DaemonSet).status ?? {};

export const daemonSetColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Desired', type: 'integer', description: 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).', cell: (o) => status(o).desiredNumberScheduled ?? 0 },
  { name: 'Current', type: 'integer', description: 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', cell: (o) => status(o).currentNumberScheduled ?? 0 },
  { name: 'Ready', type: 'integer', description: 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.', cell: (o) => status(o).numberReady ?? 0 },
  { name: 'Up-to-date', type: 'integer', description: 'The total number of nodes that are running updated daemon pod', cell: (o) => status(o).updatedNumberScheduled ?? 0 },
  { name: 'Available', type: 'integer', description: 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)', cell: (o) => status(o).numberAvailable ?? 0 },
  { name: 'Node Selector', type: 'string', description: 'NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node\'s labels for the pod to be scheduled on that node.', cell: (o) => formatLabels(spec(o).template?.spec?.nodeSelector) },
  AGE_COLUMN,
  ...wideColumns((o) => templateContainers(spec(o).template), (o) => formatLabelSelector(spec(o).selector)),
];

