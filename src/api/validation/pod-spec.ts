/**
 * Upstream ValidatePodSpec and ValidatePodTemplateSpec (k8s.io/kubernetes/pkg/apis/core/validation,
 * v1.32): the errors kubectl prints, with upstream's field paths and messages. Shared by pods and
 * every kind with a pod template (the spec at `spec` for pods, `spec.template.spec` for workloads).
 * The parts live in ./pod/; this file checks the pod-level fields and runs them in upstream's order.
 *
 * Contract: the spec has been defaulted first (defaultPodSpec / defaultPodTemplateSpec from
 * src/api/defaults/pod-spec.ts, in the strategy's applyDefaults), as upstream always defaults
 * before validating; an undefaulted spec reports the defaulted fields (imagePullPolicy,
 * restartPolicy, ports' protocol…) as required.
 */
import { childPath, indexPath, invalid, notSupported, required, type FieldError } from '../field-errors.js';
import { validateLabelName, validateLabels } from '../labels/validation.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from './names.js';
import { validateContainers, validateEphemeralContainers, validateInitContainers, type ContainerContext } from './pod/containers.js';
import type { PodSpecLike, PodTemplateSpecLike } from './pod/shapes.js';
import { inclusiveRangeError, validateNonnegative } from './pod/syntax.js';
import { validateTolerations } from './pod/tolerations.js';
import { validateVolumes } from './pod/volumes.js';

export type { ContainerLike, EphemeralContainerLike, PodSpecLike, PodTemplateSpecLike, TolerationLike, VolumeLike } from './pod/shapes.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_INT32 = 2147483647;

export function validatePodSpec(spec: PodSpecLike, path: string): FieldError[] {
  const { errors, names: volumes } = validateVolumes(spec.volumes, childPath(path, 'volumes'));
  const ctx: ContainerContext = {
    volumes,
    names: new Set(),
    hostPorts: new Set(),
    gracePeriod: spec.terminationGracePeriodSeconds,
    hostNetwork: spec.hostNetwork === true,
  };
  errors.push(...validateContainers(spec.containers, childPath(path, 'containers'), ctx));
  errors.push(...validateInitContainers(spec.initContainers, childPath(path, 'initContainers'), ctx));
  errors.push(...validateEphemeralContainers(spec.ephemeralContainers, childPath(path, 'ephemeralContainers'), ctx));
  errors.push(...validateEnum(spec.restartPolicy, RESTART_POLICIES, childPath(path, 'restartPolicy')));
  errors.push(...validateEnum(spec.dnsPolicy, DNS_POLICIES, childPath(path, 'dnsPolicy')));
  errors.push(...validateLabels(spec.nodeSelector, childPath(path, 'nodeSelector')));
  (spec.imagePullSecrets ?? []).forEach((secret, i) => {
    if (!secret?.name) errors.push(required(childPath(indexPath(childPath(path, 'imagePullSecrets'), i), 'name'), ''));
  });
  errors.push(...validateName(spec.serviceAccountName, isDNS1123Subdomain, childPath(path, 'serviceAccountName')));
  errors.push(...validateName(spec.nodeName, isDNS1123Subdomain, childPath(path, 'nodeName')));
  errors.push(...validateNonnegative(spec.terminationGracePeriodSeconds, childPath(path, 'terminationGracePeriodSeconds')));
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    errors.push(invalid(childPath(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, MAX_INT32)));
  }
  errors.push(...validateTolerations(spec.tolerations, childPath(path, 'tolerations')));
  errors.push(...validateName(spec.hostname, isDNS1123Label, childPath(path, 'hostname')));
  errors.push(...validateName(spec.subdomain, isDNS1123Label, childPath(path, 'subdomain')));
  errors.push(...validateDNSConfig(spec, childPath(path, 'dnsConfig')));
  (spec.readinessGates ?? []).forEach((gate, i) => {
    errors.push(...validateLabelName(gate?.conditionType ?? '', childPath(indexPath(childPath(path, 'readinessGates'), i), 'conditionType')));
  });
  errors.push(...validateName(spec.priorityClassName, isDNS1123Subdomain, childPath(path, 'priorityClassName')));
  return errors;
}

/** Upstream ValidatePodTemplateSpec: the template's labels and annotations, and its pod spec. */
export function validatePodTemplateSpec(template: PodTemplateSpecLike | undefined, path: string): FieldError[] {
  if (!template) return [required(path, '')];
  const errors = validateLabels(template.metadata?.labels, childPath(path, 'labels'));
  for (const key of Object.keys(template.metadata?.annotations ?? {})) {
    for (const msg of isQualifiedName(key.toLowerCase())) errors.push(invalid(childPath(path, 'annotations'), key, msg));
  }
  errors.push(...validatePodSpec(template.spec ?? {}, childPath(path, 'spec')));
  if ((template.spec?.ephemeralContainers ?? []).length > 0) {
    errors.push({ type: 'FieldValueForbidden', field: childPath(path, 'spec.ephemeralContainers'), value: '', detail: 'ephemeral containers not allowed in pod template' });
  }
  return errors;
}

function validateEnum(value: string | undefined, supported: readonly string[], path: string): FieldError[] {
  if (value === undefined || value === '') return [required(path, '')];
  return supported.includes(value) ? [] : [notSupported(path, value, supported)];
}

/** An optional name: checked by `rule` when set. */
function validateName(value: string | undefined, rule: (v: string) => string[], path: string): FieldError[] {
  if (value === undefined || value === '') return [];
  return rule(value).map((msg) => invalid(path, value, msg));
}

/** upstream validatePodDNSConfig, the parts that depend on dnsPolicy None. */
function validateDNSConfig(spec: PodSpecLike, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.dnsPolicy === 'None') {
    if (!spec.dnsConfig) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((spec.dnsConfig.nameservers ?? []).length === 0) errors.push(required(childPath(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None'));
  }
  const nameservers = spec.dnsConfig?.nameservers ?? [];
  if (nameservers.length > 3) errors.push(invalid(childPath(path, 'nameservers'), nameservers, 'must not have more than 3 nameservers'));
  return errors;
}
