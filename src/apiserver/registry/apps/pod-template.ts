/**
 * The pod template rules Deployments, ReplicaSets, DaemonSets and ReplicationControllers share
 * (upstream ValidatePodTemplateSpecForReplicaSet and its DaemonSet and RC variants): the selector
 * selects the template's labels, the template is a valid pod template, its pods restart Always
 * and have no activeDeadlineSeconds. (StatefulSets check less: see their strategy.)
 */
import { childPath, type FieldError } from '../../../api/field-errors.js';
import type { LabelSelector } from '../../../api/labels/selector.js';
import { validatePodTemplateSpec, type PodTemplateSpecLike } from '../../../api/validation/pod-spec.js';
import { validateAlwaysRestart, validateSelectorMatchesTemplate, type TemplateLike } from '../../../api/validation/workload.js';

export type PodTemplate = PodTemplateSpecLike & TemplateLike;

export function validateAppsTemplate(selector: LabelSelector | undefined, template: PodTemplate | undefined, path: string, kind: string): FieldError[] {
  const t = template ?? {};
  return [...validateSelectorMatchesTemplate(selector, t, path), ...validatePodTemplateSpec(t, path), ...validateAlwaysRestart(t, path, kind)];
}

/** `spec.template.spec.containers` of a kind, for the wide table columns. */
export function templateContainers(template: PodTemplate | undefined): { name?: string; image?: string }[] | undefined {
  return template?.spec?.containers;
}

export const SPEC_TEMPLATE = childPath('spec', 'template');
