import { isDeepStrictEqual } from 'node:util';
import { childPath, forbidden, GoSyntax, invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import type { LabelSelectorSpec } from '../../../../api/labels/label-selector.js';
import { validateLabels } from '../../../../api/labels/validation.js';
import { defaultPodTemplateSpec } from '../../../../api/defaults/pod-spec.js';
import { intOrPercentValue, isNotMoreThan100Percent, validatePositiveIntOrPercent, type IntOrPercent } from '../../../../api/validation/int-or-percent.js';
import { isDNS1123Label } from '../../../../api/validation/names.js';
import { nonNegative } from '../../../../api/validation/numbers.js';
import { collisionCountNotDecremented, nonNegativeCounters, notAbove } from '../../../../api/validation/status-counters.js';
import { validateAlwaysRestart, validateSelectorMatchesTemplate, validateWorkloadSelector } from '../../../../api/validation/workload.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import { wideColumns } from '../../../table/workload-columns.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { keepStatus, resetStatus } from '../../workload-status.js';
import { SPEC_TEMPLATE, templateContainers, type PodTemplate } from '../pod-template.js';

type RetentionPolicy = { whenDeleted?: string; whenScaled?: string };
type StatefulSetSpec = {
  replicas?: number;
  selector?: LabelSelectorSpec | null;
  template?: PodTemplate;
  serviceName?: string;
  podManagementPolicy?: string;
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrPercent } | null };
  persistentVolumeClaimRetentionPolicy?: RetentionPolicy | null;
  volumeClaimTemplates?: { metadata?: Record<string, unknown>; spec?: { volumeMode?: string; [k: string]: unknown }; status?: { phase?: string; [k: string]: unknown } }[];
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  ordinals?: { start?: number } | null;
};
type StatefulSet = KubeObject & { spec?: StatefulSetSpec; status?: { replicas?: number; readyReplicas?: number } };

/** SetDefaults_StatefulSet (apps/v1, v1.32 default feature gates), with the claim templates' PVC defaults. */
function applyDefaults(o: KubeObject): void {
  const spec = ((o as StatefulSet).spec ??= {});
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplateSpec(spec.template);
  for (const claim of spec.volumeClaimTemplates ?? []) {
    (claim.spec ??= {}).volumeMode ??= 'Filesystem';
    (claim.status ??= {}).phase ||= 'Pending';
  }
}

const RETENTION_TYPES = ['Retain', 'Delete'];

/**
 * ValidateStatefulSetSpec. As upstream, the template's pod spec is not validated here (only its
 * labels, and the selector match): upstream leaves that to pod creation.
 */
function validate(o: KubeObject): FieldError[] {
  const spec = (o as StatefulSet).spec ?? {};
  const errors: FieldError[] = [];
  const policy = spec.podManagementPolicy ?? '';
  if (policy === '') errors.push(required('spec.podManagementPolicy', ''));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') errors.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  errors.push(...validateUpdateStrategy(spec.updateStrategy ?? {}));
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (retention) {
    for (const key of ['whenDeleted', 'whenScaled'] as const) {
      if (!RETENTION_TYPES.includes(retention[key] ?? '')) errors.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${key}`, retention[key] ?? '', RETENTION_TYPES));
    }
  }
  errors.push(...nonNegative(spec.replicas, 'spec.replicas'), ...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (spec.ordinals) errors.push(...nonNegative(spec.ordinals.start, 'spec.ordinals.start'));
  const selector = validateWorkloadSelector(spec.selector, 'spec.selector', 'statefulset', errors, '');
  const template = spec.template ?? {};
  if (selector) {
    errors.push(...validateSelectorMatchesTemplate(selector, template, SPEC_TEMPLATE));
    errors.push(...validateLabels(template.metadata?.labels ?? undefined, childPath(SPEC_TEMPLATE, 'labels')));
  }
  errors.push(...validateAlwaysRestart(template, SPEC_TEMPLATE, 'StatefulSet'));
  const status = o['status'] as Record<string, unknown> | undefined;
  errors.push(
    ...nonNegativeCounters(status, ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount']),
    ...notAbove(status, ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'], 'replicas', 'cannot be greater than status.replicas'),
    ...notAbove(status, ['availableReplicas'], 'readyReplicas', 'cannot be greater than status.readyReplicas'),
  );
  return errors;
}

function validateUpdateStrategy(strategy: NonNullable<StatefulSetSpec['updateStrategy']>): FieldError[] {
  const path = 'spec.updateStrategy';
  const rollingUpdate = strategy.rollingUpdate;
  switch (strategy.type ?? '') {
    case '':
      return [required(path, '')];
    case 'OnDelete':
      return rollingUpdate ? [invalid(`${path}.rollingUpdate`, rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'")] : [];
    case 'RollingUpdate': {
      if (!rollingUpdate) return [];
      const errors = nonNegative(rollingUpdate.partition, `${path}.rollingUpdate.partition`);
      const max = rollingUpdate.maxUnavailable;
      if (max !== undefined && max !== null) {
        const maxPath = `${path}.rollingUpdate.maxUnavailable`;
        errors.push(...validatePositiveIntOrPercent(max, maxPath));
        if (intOrPercentValue(max) === 0) errors.push(invalid(maxPath, max, 'cannot be 0'));
        errors.push(...isNotMoreThan100Percent(max, maxPath));
      }
      return errors;
    }
    default:
      return [invalid(path, new GoSyntax(`apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(strategy.type)}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}`), "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

/** ValidateStatefulSetUpdate: only some spec fields may change. */
function validateUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];
  const rest = (s: StatefulSetSpec | undefined): unknown => JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(s ?? {}).filter(([k]) => !MUTABLE.includes(k)))));
  const collision = collisionCountNotDecremented(o['status'] as Record<string, unknown> | undefined, old['status'] as Record<string, unknown> | undefined);
  if (isDeepStrictEqual(rest((o as StatefulSet).spec), rest((old as StatefulSet).spec))) return collision;
  return [...collision, forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")];
}

export const statefulSetStrategy: ResourceStrategy = {
  group: 'apps',
  resource: 'statefulsets',
  kind: 'StatefulSet',
  namespaced: true,
  // Pods take the name as their hostname: a DNS label since v1.27 (ValidateStatefulSetName).
  nameRule: isDNS1123Label,
  applyDefaults,
  prepareForCreate: resetStatus,
  prepareForUpdate: keepStatus,
  validate,
  validateUpdate,
};

const spec = (o: KubeObject): StatefulSetSpec => (o as StatefulSet).spec ?? {};

export const statefulSetColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Ready', type: 'string', description: 'Number of the pod with ready state', cell: (o) => `${(o as StatefulSet).status?.readyReplicas ?? 0}/${spec(o).replicas ?? 0}` },
  AGE_COLUMN,
  ...wideColumns((o) => templateContainers(spec(o).template)),
];
