import { isDeepStrictEqual } from 'node:util';
import { invalid, keyPath, required, type FieldError } from '../../../../api/field-errors.js';
import { validateLabelSelector } from '../../../../api/labels/validation.js';
import { defaultPodTemplateSpec } from '../../../../api/defaults/pod-spec.js';
import { goLabelSelector, goStringMap } from '../../../../api/validation/go-value.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { nonNegativeCounters } from '../../../../api/validation/status-counters.js';
import { immutable, tryLabelSelector, validateSelectorMatchesTemplate } from '../../../../api/validation/workload.js';
import { humanDuration } from '../../../table/human-duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import { formatLabelSelector, wideColumns } from '../../../table/workload-columns.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { keepStatus, podNameWarnings, resetStatus } from '../../workload-status.js';
import { defaultJobSpec, validateIndexedJobName, validateJobSpec, type JobSpec } from '../job-spec.js';

export type Job = KubeObject & {
  spec?: JobSpec;
  status?: { succeeded?: number; startTime?: string; completionTime?: string; conditions?: { type?: string; status?: string }[] };
};

// The labels a generated selector puts on the pod template (batch.ControllerUidLabel and friends).
export const CONTROLLER_UID = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME = 'batch.kubernetes.io/job-name';
export const LEGACY_CONTROLLER_UID = 'controller-uid';
export const LEGACY_JOB_NAME = 'job-name';

/** SetDefaults_Job: the spec, manualSelector false, and metadata.labels from the template's when unset. */
function applyDefaults(o: KubeObject): void {
  const job = o as Job;
  const spec = (job.spec ??= {});
  defaultJobSpec(spec);
  spec.manualSelector ??= false;
  defaultPodTemplateSpec(spec.template);
  defaultLabels(job);
}

function defaultLabels(job: Job): void {
  const labels = job.spec?.template?.metadata?.labels;
  if (labels && Object.keys(job.metadata.labels ?? {}).length === 0) job.metadata.labels = { ...labels };
}

/**
 * PrepareForCreate: unless manualSelector, the selector is generated from the uid and the
 * template labelled to match (labels the user set are kept; validation rejects conflicts).
 */
function prepareForCreate(o: KubeObject): void {
  const job = o as Job;
  resetStatus(job);
  const spec = (job.spec ??= {});
  if (spec.manualSelector !== true) {
    const template = (spec.template ??= {});
    const labels = ((template.metadata ??= {}).labels ??= {});
    const name = job.metadata.name ?? '';
    const uid = job.metadata.uid ?? '';
    labels[LEGACY_JOB_NAME] ??= name;
    labels[JOB_NAME] ??= name;
    labels[LEGACY_CONTROLLER_UID] ??= uid;
    labels[CONTROLLER_UID] ??= uid;
    const selector = (spec.selector ??= {});
    const matchLabels = ((selector as { matchLabels?: Record<string, string> }).matchLabels ??= {});
    matchLabels[CONTROLLER_UID] ??= uid;
  }
  defaultLabels(job);
}

/** ValidateHasLabel. */
function hasLabel(labels: Record<string, string> | null | undefined, key: string, expected: string): FieldError[] {
  const path = keyPath('spec.template.metadata.labels', key);
  const actual = labels?.[key];
  if (actual === undefined) return [required(path, expected)];
  return actual === expected ? [] : [invalid(path, goStringMap(labels), `must be '${expected}'`)];
}

/** validateGeneratedSelector: a generated selector and the template's labels are the job's. */
function validateGeneratedSelector(job: Job): FieldError[] {
  const spec = job.spec ?? {};
  if (spec.manualSelector === true || !spec.selector) return [];
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  const errors: FieldError[] = uid === '' ? [required('metadata.uid', '')] : [];
  const labels = spec.template?.metadata?.labels;
  errors.push(...hasLabel(labels, LEGACY_CONTROLLER_UID, uid), ...hasLabel(labels, LEGACY_JOB_NAME, name));
  errors.push(...hasLabel(labels, CONTROLLER_UID, uid), ...hasLabel(labels, JOB_NAME, name));
  const expected = { [CONTROLLER_UID]: uid, [JOB_NAME]: name, [LEGACY_CONTROLLER_UID]: uid, [LEGACY_JOB_NAME]: name };
  const selector = tryLabelSelector(spec.selector);
  if (selector && !selector.matches(expected)) errors.push(invalid('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'));
  return errors;
}

/** ValidateJob. */
function validate(o: KubeObject): FieldError[] {
  const job = o as Job;
  const spec = job.spec ?? {};
  const errors = [...validateGeneratedSelector(job), ...validateJobSpec(spec, 'spec')];
  if (!spec.selector) errors.push(required('spec.selector', ''));
  else errors.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  // Whether generated or manual, the selector must select the pods the job makes.
  errors.push(...validateSelectorMatchesTemplate(tryLabelSelector(spec.selector), spec.template, 'spec.template'));
  errors.push(...validateIndexedJobName(job.metadata.name ?? '', spec));
  // validateJobStatus's counters (the rules on conditions and indexes come with the job controller).
  errors.push(...nonNegativeCounters(job.status, ['active', 'succeeded', 'failed', 'ready', 'terminating']));
  return errors;
}

/** Pod template fields a suspended Job that never started may change (upstream validatePodTemplateUpdate). */
function schedulingView(template: JobSpec['template'], allowScheduling: boolean): unknown {
  const copy = JSON.parse(JSON.stringify(template ?? {})) as { metadata?: Record<string, unknown>; spec?: Record<string, unknown> & { affinity?: Record<string, unknown> } };
  if (allowScheduling) {
    delete copy.metadata?.['labels'];
    delete copy.metadata?.['annotations'];
    for (const field of ['nodeSelector', 'tolerations', 'schedulingGates']) delete copy.spec?.[field];
    if (copy.spec?.affinity) {
      delete copy.spec.affinity['nodeAffinity'];
      if (Object.keys(copy.spec.affinity).length === 0) delete copy.spec.affinity;
    }
  }
  return copy;
}

/** ValidateJobSpecUpdate. */
function validateUpdate(o: KubeObject, old: KubeObject): FieldError[] {
  const spec = (o as Job).spec ?? {};
  const oldSpec = (old as Job).spec ?? {};
  const errors: FieldError[] = [];
  const elastic = spec.completionMode === 'Indexed' && typeof spec.completions === 'number';
  if (elastic && spec.completions !== oldSpec.completions) {
    if (spec.completions !== spec.parallelism) errors.push(invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
  } else {
    errors.push(...immutable(spec.completions, oldSpec.completions, 'spec.completions'));
  }
  errors.push(...immutable(spec.selector, oldSpec.selector, 'spec.selector', goLabelSelector(spec.selector)));
  const allowScheduling = oldSpec.suspend === true && (old as Job).status?.startTime === undefined;
  if (!isDeepStrictEqual(schedulingView(spec.template, allowScheduling), schedulingView(oldSpec.template, allowScheduling))) {
    errors.push(invalid('spec.template', spec.template, 'field is immutable'));
  }
  errors.push(...immutable(spec.completionMode, oldSpec.completionMode, 'spec.completionMode'));
  errors.push(...immutable(spec.podFailurePolicy, oldSpec.podFailurePolicy, 'spec.podFailurePolicy'));
  errors.push(...immutable(spec.backoffLimitPerIndex, oldSpec.backoffLimitPerIndex, 'spec.backoffLimitPerIndex'));
  errors.push(...immutable(spec.managedBy, oldSpec.managedBy, 'spec.managedBy'));
  errors.push(...immutable(spec.successPolicy, oldSpec.successPolicy, 'spec.successPolicy'));
  return errors;
}

export const jobStrategy: ResourceStrategy = {
  group: 'batch',
  resource: 'jobs',
  kind: 'Job',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  warningsOnCreate: podNameWarnings,
  applyDefaults,
  prepareForCreate,
  prepareForUpdate: keepStatus,
  validate,
  validateUpdate,
};

const spec = (o: KubeObject): JobSpec => (o as Job).spec ?? {};

function hasCondition(o: KubeObject, type: string): boolean {
  return ((o as Job).status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** upstream printJob's STATUS. */
function jobStatus(o: KubeObject): string {
  if (hasCondition(o, 'Complete')) return 'Complete';
  if (hasCondition(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(o, 'Suspended')) return 'Suspended';
  if (hasCondition(o, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(o: KubeObject): string {
  const succeeded = (o as Job).status?.succeeded ?? 0;
  const s = spec(o);
  if (typeof s.completions === 'number') return `${succeeded}/${s.completions}`;
  const parallelism = s.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(o: KubeObject, now: number): string {
  const status = (o as Job).status ?? {};
  if (!status.startTime) return '';
  const end = status.completionTime ? Date.parse(status.completionTime) : now;
  return humanDuration(end - Date.parse(status.startTime));
}

export const jobColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Status', type: 'string', description: 'Status of the job.', cell: jobStatus },
  { name: 'Completions', type: 'string', description: 'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.', cell: completions },
  { name: 'Duration', type: 'string', description: 'Time required to complete the job.', cell: duration },
  AGE_COLUMN,
  ...wideColumns((o) => spec(o).template?.spec?.containers, (o) => formatLabelSelector(spec(o).selector)),
];
