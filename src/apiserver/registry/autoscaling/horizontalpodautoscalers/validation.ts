import { childPath, forbidden, indexPath, invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import { validateLabelSelector } from '../../../../api/labels/validation.js';
import { isDNS1123Label, isQualifiedName } from '../../../../api/validation/names.js';
import { isValidPathSegmentName } from '../../../../api/validation/network.js';
import { quantityField } from '../../../../api/validation/quantity-field.js';
import type { CrossVersionObjectReference, HPAScalingRules, HPAv2, MetricIdentifier, MetricSpec, MetricTarget } from './types.js';

/** Upstream's limits (pkg/apis/autoscaling/validation). */
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
/** minReplicas may be 0 only with the HPAScaleToZero alpha gate, which is off. */
const MIN_REPLICAS_LOWER_BOUND = 1;
const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELDS: Record<string, keyof MetricSpec> = { Object: 'object', Pods: 'pods', Resource: 'resource', External: 'external', ContainerResource: 'containerResource' };
const SELECT_POLICIES = ['Disabled', 'Max', 'Min'];
const POLICY_TYPES = ['Percent', 'Pods'];
const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

export function validateCrossVersionObjectReference(ref: CrossVersionObjectReference | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['kind', 'name'] as const) {
    const value = ref?.[field] ?? '';
    if (value === '') errors.push(required(childPath(path, field), ''));
    else for (const msg of isValidPathSegmentName(value)) errors.push(invalid(childPath(path, field), value, msg));
  }
  return errors;
}

/** upstream ValidateHorizontalPodAutoscaler (spec), on the autoscaling/v2 form. */
export function validateHPA(hpa: HPAv2): FieldError[] {
  const spec = hpa.spec ?? {};
  const errors: FieldError[] = [];
  if (spec.minReplicas !== undefined && spec.minReplicas < MIN_REPLICAS_LOWER_BOUND) {
    errors.push(invalid('spec.minReplicas', spec.minReplicas, `must be greater than or equal to ${MIN_REPLICAS_LOWER_BOUND}`));
  }
  const max = spec.maxReplicas ?? 0;
  if (max < 1) errors.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (spec.minReplicas !== undefined && max < spec.minReplicas) errors.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errors.push(...validateCrossVersionObjectReference(spec.scaleTargetRef, 'spec.scaleTargetRef'));
  const metrics = spec.metrics ?? [];
  metrics.forEach((metric, i) => errors.push(...validateMetricSpec(metric, indexPath('spec.metrics', i))));
  if (spec.minReplicas === 0 && !metrics.some((m) => m.type === 'Object' || m.type === 'External')) {
    errors.push(forbidden('spec.metrics', 'must specify at least one Object or External metric to support scaling to zero replicas'));
  }
  if (spec.behavior) {
    errors.push(...validateScalingRules(spec.behavior.scaleUp, 'spec.behavior.scaleUp'));
    errors.push(...validateScalingRules(spec.behavior.scaleDown, 'spec.behavior.scaleDown'));
  }
  return errors;
}

/** upstream ValidateHorizontalPodAutoscalerStatusUpdate's checks of the counts. */
export function validateHPAStatus(hpa: HPAv2): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['currentReplicas', 'desiredReplicas'] as const) {
    const value = hpa.status?.[field] ?? 0;
    if (value < 0) errors.push(invalid(`status.${field}`, value, 'must be greater than or equal to 0'));
  }
  return errors;
}

function validateMetricSpec(spec: MetricSpec, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const type = spec.type ?? '';
  if (type === '') errors.push(required(childPath(path, 'type'), 'must specify a metric source type'));
  if (!METRIC_SOURCE_TYPES.includes(type)) errors.push(notSupported(childPath(path, 'type'), type, METRIC_SOURCE_TYPES));
  const present = (['object', 'external', 'pods', 'resource', 'containerResource'] as const).filter((f) => spec[f] !== undefined && spec[f] !== null);
  const first = present[0];
  if (first === 'object') errors.push(...validateObjectSource(spec.object!, childPath(path, 'object')));
  if (first === 'external') errors.push(...validateExternalSource(spec.external!, childPath(path, 'external')));
  if (first === 'pods') errors.push(...validatePodsSource(spec.pods!, childPath(path, 'pods')));
  if (first === 'resource') errors.push(...validateResourceSource(spec.resource!, childPath(path, 'resource'), undefined));
  if (first === 'containerResource') errors.push(...validateResourceSource(spec.containerResource!, childPath(path, 'containerResource'), spec.containerResource!.container ?? ''));
  const expected = SOURCE_FIELDS[type];
  if (expected === undefined) errors.push(notSupported(childPath(path, 'type'), type, METRIC_SOURCE_TYPES));
  else if (spec[expected] === undefined || spec[expected] === null) errors.push(required(childPath(path, expected), 'must populate information for the given metric source'));
  if (present.length !== 1) {
    for (const field of present) if (field !== expected) errors.push(forbidden(childPath(path, field), 'must populate the given metric source only'));
  }
  return errors;
}

function validateMetricIdentifier(id: MetricIdentifier | undefined, path: string): FieldError[] {
  const name = id?.name ?? '';
  const errors: FieldError[] = [];
  if (name === '') errors.push(required(childPath(path, 'name'), 'must specify a metric name'));
  else for (const msg of isValidPathSegmentName(name)) errors.push(invalid(childPath(path, 'name'), name, msg));
  errors.push(...validateLabelSelector(id?.selector, childPath(path, 'selector')));
  return errors;
}

function validateMetricTarget(target: MetricTarget | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const type = target?.type ?? '';
  if (type === '') errors.push(required(childPath(path, 'type'), 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type)) errors.push(invalid(childPath(path, 'type'), type, 'must be either Utilization, Value, or AverageValue'));
  for (const field of ['value', 'averageValue'] as const) {
    if (target?.[field] === undefined) continue;
    const quantity = quantityField(childPath(path, field), target[field], errors);
    if (quantity && quantity.sign() !== 1) errors.push(invalid(childPath(path, field), target[field], 'must be positive'));
  }
  if (target?.averageUtilization !== undefined && target.averageUtilization < 1) {
    errors.push(invalid(childPath(path, 'averageUtilization'), target.averageUtilization, 'must be greater than 0'));
  }
  return errors;
}

function validateObjectSource(src: NonNullable<MetricSpec['object']>, path: string): FieldError[] {
  const errors = [
    ...validateCrossVersionObjectReference(src.describedObject, childPath(path, 'describedObject')),
    ...validateMetricIdentifier(src.metric, childPath(path, 'metric')),
    ...validateMetricTarget(src.target, childPath(path, 'target')),
  ];
  if (src.target?.value === undefined && src.target?.averageValue === undefined) {
    errors.push(required(childPath(path, 'target.averageValue'), 'must set either a target value or averageValue'));
  }
  return errors;
}

function validateExternalSource(src: NonNullable<MetricSpec['external']>, path: string): FieldError[] {
  const errors = [...validateMetricIdentifier(src.metric, childPath(path, 'metric')), ...validateMetricTarget(src.target, childPath(path, 'target'))];
  if (src.target?.value === undefined && src.target?.averageValue === undefined) {
    errors.push(required(childPath(path, 'target.averageValue'), 'must set either a target value for metric or a per-pod target'));
  }
  if (src.target?.value !== undefined && src.target.averageValue !== undefined) {
    errors.push(forbidden(childPath(path, 'target.value'), 'may not set both a target value for metric and a per-pod target'));
  }
  return errors;
}

function validatePodsSource(src: NonNullable<MetricSpec['pods']>, path: string): FieldError[] {
  const errors = [...validateMetricIdentifier(src.metric, childPath(path, 'metric')), ...validateMetricTarget(src.target, childPath(path, 'target'))];
  if (src.target?.averageValue === undefined) errors.push(required(childPath(path, 'target.averageValue'), 'must specify a positive target averageValue'));
  return errors;
}

/** Resource and ContainerResource sources (`container` given for the latter). */
function validateResourceSource(src: { name?: string; target?: MetricTarget }, path: string, container: string | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const name = src.name ?? '';
  if (name === '') errors.push(required(childPath(path, 'name'), 'must specify a resource name'));
  else errors.push(...validateContainerResourceName(name, childPath(path, 'name')));
  if (container !== undefined) {
    if (container === '') errors.push(required(childPath(path, 'container'), 'must specify a container'));
    else for (const msg of isDNS1123Label(container)) errors.push(invalid(childPath(path, 'container'), container, msg));
  }
  errors.push(...validateMetricTarget(src.target, childPath(path, 'target')));
  if (src.target?.averageUtilization === undefined && src.target?.averageValue === undefined) {
    errors.push(required(childPath(path, 'target.averageUtilization'), 'must set either a target raw value or a target utilization'));
  }
  if (src.target?.averageUtilization !== undefined && src.target.averageValue !== undefined) {
    errors.push(forbidden(childPath(path, 'target.averageValue'), 'may not set both a target raw value and a target utilization'));
  }
  return errors;
}

/** upstream ValidateContainerResourceName: standard container resources, or qualified extended ones. */
function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errors = isQualifiedName(name).map((msg) => invalid(path, name, msg));
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !name.startsWith('hugepages-')) errors.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!name.includes('kubernetes.io/') && name.startsWith('requests.')) {
    errors.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errors;
}

function validateScalingRules(rules: HPAScalingRules | undefined, path: string): FieldError[] {
  if (!rules) return [];
  const errors: FieldError[] = [];
  const window = rules.stabilizationWindowSeconds;
  if (window !== undefined && window < 0) errors.push(invalid(childPath(path, 'stabilizationWindowSeconds'), window, 'must be greater than or equal to zero'));
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS) {
    errors.push(invalid(childPath(path, 'stabilizationWindowSeconds'), window, `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`));
  }
  if (rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy)) errors.push(notSupported(childPath(path, 'selectPolicy'), rules.selectPolicy, SELECT_POLICIES));
  const policies = rules.policies ?? [];
  if (policies.length === 0) errors.push(required(childPath(path, 'policies'), 'must specify at least one Policy'));
  policies.forEach((policy, i) => {
    const p = indexPath(childPath(path, 'policies'), i);
    if (!POLICY_TYPES.includes(policy.type ?? '')) errors.push(notSupported(childPath(p, 'type'), policy.type ?? '', POLICY_TYPES));
    if ((policy.value ?? 0) <= 0) errors.push(invalid(childPath(p, 'value'), policy.value ?? 0, 'must be greater than zero'));
    const period = policy.periodSeconds ?? 0;
    if (period <= 0) errors.push(invalid(childPath(p, 'periodSeconds'), period, 'must be greater than zero'));
    if (period > MAX_PERIOD_SECONDS) errors.push(invalid(childPath(p, 'periodSeconds'), period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return errors;
}
