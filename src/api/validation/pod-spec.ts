import { childPath, duplicate, indexPath, invalid, required, type FieldError } from '../field-errors.js';
import { isDNS1123Label } from './names.js';

/** The parts of a pod spec this module reads; the schema guarantees the JSON types. */
export interface PodSpecLike {
  containers?: { name?: string; image?: string }[];
  initContainers?: { name?: string; image?: string }[];
  [field: string]: unknown;
}

export interface PodTemplateSpecLike {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  spec?: PodSpecLike;
}

/**
 * Upstream ValidatePodSpec (k8s.io/kubernetes/pkg/apis/core/validation) for the spec at `path`
 * (`spec` for pods, `spec.template.spec` for workloads): the errors kubectl prints, with
 * upstream's field paths and messages. Shared by pods and every kind with a pod template.
 */
export function validatePodSpec(spec: PodSpecLike, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const containers = spec.containers ?? [];
  if (containers.length === 0) errors.push(required(childPath(path, 'containers'), ''));
  const check = (list: PodSpecLike['containers'], field: string): void => {
    (list ?? []).forEach((c, i) => {
      const at = indexPath(childPath(path, field), i);
      const name = c.name ?? '';
      if (name === '') errors.push(required(childPath(at, 'name'), ''));
      else {
        for (const msg of isDNS1123Label(name)) errors.push(invalid(childPath(at, 'name'), name, msg));
        if (names.has(name)) errors.push(duplicate(childPath(at, 'name'), name));
        names.add(name);
      }
      if (!c.image) errors.push(required(childPath(at, 'image'), ''));
    });
  };
  check(spec.initContainers, 'initContainers');
  check(containers, 'containers');
  return errors;
}

/** Upstream ValidatePodTemplateSpec: the template's labels/annotations and its pod spec. */
export function validatePodTemplateSpec(template: PodTemplateSpecLike | undefined, path: string): FieldError[] {
  if (!template) return [required(path, '')];
  return validatePodSpec(template.spec ?? {}, childPath(path, 'spec'));
}
