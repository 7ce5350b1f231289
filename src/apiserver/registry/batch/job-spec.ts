/**
 * JobSpec defaulting and validation shared by Jobs and CronJob job templates (upstream
 * SetDefaults_Job and validateJobSpec in pkg/apis/batch, v1.32 with its default feature gates).
 */
import { childPath, invalid, notSupported, required, type FieldError } from '../../../api/field-errors.js';
import type { LabelSelectorSpec } from '../../../api/labels/label-selector.js';
import { validatePodTemplateSpec, type PodTemplateSpecLike } from '../../../api/validation/pod-spec.js';
import { isDNS1123Label } from '../../../api/validation/names.js';
import { nonNegative } from '../../../api/validation/numbers.js';
import type { TemplateLike } from '../../../api/validation/workload.js';
import { validatePodFailurePolicy, validateSuccessPolicy, type PodFailurePolicyRule, type SuccessPolicyRule } from './job-policies.js';

export type JobTemplate = PodTemplateSpecLike & TemplateLike;

export interface JobSpec {
  parallelism?: number;
  completions?: number | null;
  activeDeadlineSeconds?: number;
  backoffLimit?: number;
  backoffLimitPerIndex?: number | null;
  maxFailedIndexes?: number | null;
  ttlSecondsAfterFinished?: number;
  completionMode?: string;
  suspend?: boolean;
  manualSelector?: boolean | null;
  selector?: LabelSelectorSpec | null;
  template?: JobTemplate;
  podFailurePolicy?: { rules?: PodFailurePolicyRule[] } | null;
  podReplacementPolicy?: string;
  successPolicy?: { rules?: SuccessPolicyRule[] } | null;
  managedBy?: string;
}

const MAX_INT32 = 2147483647;
const MAX_PARALLELISM_FOR_INDEXED_JOB = 100000;
const MAX_FAILED_INDEXES = 100000;

/** SetDefaults_Job's spec part (metadata labels are the Job strategy's). */
export function defaultJobSpec(spec: JobSpec): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? MAX_INT32 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  for (const rule of spec.podFailurePolicy?.rules ?? []) for (const pattern of rule.onPodConditions ?? []) pattern.status ||= 'True';
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
}

const REPLACEMENT_POLICIES = ['Failed', 'TerminatingOrFailed'];

/** validateJobSpec: counts, completion mode, replacement policy, the pod template and its restart policy. */
export function validateJobSpec(spec: JobSpec, path: string): FieldError[] {
  const at = (field: string): string => childPath(path, field);
  const errors: FieldError[] = [
    ...nonNegative(spec.parallelism, at('parallelism')),
    ...nonNegative(spec.completions, at('completions')),
    ...nonNegative(spec.activeDeadlineSeconds, at('activeDeadlineSeconds')),
    ...nonNegative(spec.backoffLimit, at('backoffLimit')),
    ...nonNegative(spec.ttlSecondsAfterFinished, at('ttlSecondsAfterFinished')),
    ...nonNegative(spec.backoffLimitPerIndex, at('backoffLimitPerIndex')),
  ];
  const perIndex = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null;
  const maxFailed = spec.maxFailedIndexes;
  if (maxFailed !== undefined && maxFailed !== null) {
    errors.push(...nonNegative(maxFailed, at('maxFailedIndexes')));
    if (!perIndex) errors.push(required(at('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  const mode = spec.completionMode;
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errors.push(notSupported(at('completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (spec.completions === undefined || spec.completions === null) errors.push(required(at('completions'), 'when completion mode is Indexed'));
      if ((spec.parallelism ?? 0) > MAX_PARALLELISM_FOR_INDEXED_JOB) {
        errors.push(invalid(at('parallelism'), spec.parallelism, `must be less than or equal to ${MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed`));
      }
      if (typeof spec.completions === 'number' && typeof maxFailed === 'number' && maxFailed > spec.completions) {
        errors.push(invalid(at('maxFailedIndexes'), maxFailed, 'must be less than or equal to completions'));
      }
      if (typeof maxFailed === 'number' && maxFailed > MAX_FAILED_INDEXES) errors.push(invalid(at('maxFailedIndexes'), maxFailed, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
    }
  }
  if (mode === undefined || mode === 'NonIndexed') {
    if (perIndex) errors.push(invalid(at('backoffLimitPerIndex'), spec.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (maxFailed !== undefined && maxFailed !== null) errors.push(invalid(at('maxFailedIndexes'), maxFailed, 'requires indexed completion mode'));
  }
  if (spec.podFailurePolicy) {
    const names = new Set([...(spec.template?.spec?.containers ?? []), ...(spec.template?.spec?.initContainers ?? [])].map((c) => c.name ?? ''));
    errors.push(...validatePodFailurePolicy(spec.podFailurePolicy.rules ?? [], names, perIndex, at('podFailurePolicy')));
  }
  if (spec.successPolicy) {
    if (mode !== 'Indexed') errors.push(invalid(at('successPolicy'), spec.successPolicy, 'requires indexed completion mode'));
    else if (typeof spec.completions === 'number') errors.push(...validateSuccessPolicy(spec.successPolicy.rules ?? [], spec.completions, at('successPolicy')));
  }
  const replacement = spec.podReplacementPolicy;
  if (replacement !== undefined) {
    if (spec.podFailurePolicy) {
      if (replacement !== 'Failed') errors.push(notSupported(at('podReplacementPolicy'), replacement, ['Failed']));
    } else if (!REPLACEMENT_POLICIES.includes(replacement)) {
      errors.push(notSupported(at('podReplacementPolicy'), replacement, REPLACEMENT_POLICIES));
    }
  }
  const templatePath = at('template');
  errors.push(...validatePodTemplateSpec(spec.template ?? {}, templatePath));
  const restartPath = childPath(templatePath, 'spec.restartPolicy');
  const restart = spec.template?.spec?.restartPolicy ?? '';
  if (restart === 'Always' || restart === '') errors.push(required(restartPath, 'valid values: "OnFailure", "Never"'));
  else if (restart !== 'OnFailure' && restart !== 'Never') errors.push(notSupported(restartPath, restart, ['OnFailure', 'Never']));
  else if (spec.podFailurePolicy && restart !== 'Never') errors.push(invalid(restartPath, restart, 'only "Never" is supported when podFailurePolicy is specified'));
  return errors;
}

/** Indexed Jobs name pods `<job>-<index>`: the last one must be a DNS label. */
export function validateIndexedJobName(name: string, spec: JobSpec): FieldError[] {
  if (spec.completionMode !== 'Indexed' || typeof spec.completions !== 'number' || spec.completions <= 0) return [];
  const hostname = `${name}-${spec.completions - 1}`;
  return isDNS1123Label(hostname).length > 0 ? [invalid('metadata.name', name, `will not able to create pod with invalid DNS label: ${hostname}`)] : [];
}
