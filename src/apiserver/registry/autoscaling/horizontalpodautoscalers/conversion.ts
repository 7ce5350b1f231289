import { BadRequestError } from '../../../../util/errors.js';
import type { StorageConversion } from '../../generic/conversion.js';
import type { KubeObject } from '../../generic/object.js';
import type { HorizontalPodAutoscalerBehavior, HorizontalPodAutoscalerCondition, HPAv1, HPAv2, MetricSpec, MetricStatus } from './types.js';

/**
 * autoscaling/v1 ↔ autoscaling/v2 HorizontalPodAutoscalers, as upstream converts through the
 * internal type (pkg/apis/autoscaling/v1/conversion.go). v1 has one target, a CPU utilization
 * percentage; whatever else v2 holds travels in v1's annotations, so reading v1 and writing it back
 * loses nothing:
 * - `autoscaling.alpha.kubernetes.io/metrics`: spec metrics other than a CPU utilization target,
 *   as v1 MetricSpecs (the v2beta1 shape: targetAverageUtilization, targetAverageValue, …);
 * - `…/current-metrics`: every status metric, as v1 MetricStatuses;
 * - `…/conditions`: the status conditions;
 * - `…/behavior`: spec.behavior, as is.
 * On the way to v2 these are read and removed; on the way to v1 stale copies are dropped first.
 * As upstream, the CPU metric comes after the annotation's metrics on the way back, and a v1
 * object with no target at all gets the CPU 80% default.
 *
 * One deviation keeps round trips exact: quantities upstream's v1 types cannot leave unset (an
 * Object metric's targetValue, a Pods metric's targetAverageValue, a Resource status's
 * currentAverageValue…) are left out when v2 has none, instead of appearing as "0".
 */
export const METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
export const CURRENT_METRICS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
const ROUND_TRIP_ANNOTATIONS = [METRICS_ANNOTATION, CURRENT_METRICS_ANNOTATION, CONDITIONS_ANNOTATION, BEHAVIOR_ANNOTATION];

/** autoscaling.DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

type Json = Record<string, unknown>;

/** A copy of `o` without its undefined fields (so absent stays absent). */
function defined<T extends Json>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const isCpuUtilization = (m: MetricSpec): boolean => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.averageUtilization !== undefined;

// --- v2 → v1 -------------------------------------------------------------------------------

function metricSpecToV1(m: MetricSpec): Json {
  return defined({
    type: m.type,
    object: m.object && defined({ target: m.object.describedObject, metricName: m.object.metric?.name, targetValue: m.object.target?.value, selector: m.object.metric?.selector, averageValue: m.object.target?.averageValue }),
    pods: m.pods && defined({ metricName: m.pods.metric?.name, targetAverageValue: m.pods.target?.averageValue, selector: m.pods.metric?.selector }),
    resource: m.resource && defined({ name: m.resource.name, targetAverageUtilization: m.resource.target?.averageUtilization, targetAverageValue: m.resource.target?.averageValue }),
    containerResource:
      m.containerResource &&
      defined({ name: m.containerResource.name, targetAverageUtilization: m.containerResource.target?.averageUtilization, targetAverageValue: m.containerResource.target?.averageValue, container: m.containerResource.container }),
    external: m.external && defined({ metricName: m.external.metric?.name, metricSelector: m.external.metric?.selector, targetValue: m.external.target?.value, targetAverageValue: m.external.target?.averageValue }),
  });
}

function metricStatusToV1(m: MetricStatus): Json {
  return defined({
    type: m.type,
    object: m.object && defined({ target: m.object.describedObject, metricName: m.object.metric?.name, currentValue: m.object.current?.value, selector: m.object.metric?.selector, averageValue: m.object.current?.averageValue }),
    pods: m.pods && defined({ metricName: m.pods.metric?.name, currentAverageValue: m.pods.current?.averageValue, selector: m.pods.metric?.selector }),
    resource: m.resource && defined({ name: m.resource.name, currentAverageUtilization: m.resource.current?.averageUtilization, currentAverageValue: m.resource.current?.averageValue }),
    containerResource:
      m.containerResource &&
      defined({ name: m.containerResource.name, currentAverageUtilization: m.containerResource.current?.averageUtilization, currentAverageValue: m.containerResource.current?.averageValue, container: m.containerResource.container }),
    external: m.external && defined({ metricName: m.external.metric?.name, metricSelector: m.external.metric?.selector, currentValue: m.external.current?.value, currentAverageValue: m.external.current?.averageValue }),
  });
}

export function hpaV2ToV1(stored: KubeObject): HPAv1 {
  const hpa = structuredClone(stored) as HPAv2;
  const spec = hpa.spec ?? {};
  const status = hpa.status ?? {};
  const annotations: Record<string, string> = { ...hpa.metadata.annotations };
  for (const key of ROUND_TRIP_ANNOTATIONS) delete annotations[key];
  const metrics = spec.metrics ?? [];
  const cpu = metrics.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  const others = metrics.filter((m) => !isCpuUtilization(m));
  if (others.length > 0) annotations[METRICS_ANNOTATION] = JSON.stringify(others.map(metricSpecToV1));
  const currentMetrics = status.currentMetrics ?? [];
  if (currentMetrics.length > 0) annotations[CURRENT_METRICS_ANNOTATION] = JSON.stringify(currentMetrics.map(metricStatusToV1));
  if ((status.conditions ?? []).length > 0) annotations[CONDITIONS_ANNOTATION] = JSON.stringify(status.conditions);
  if (spec.behavior) annotations[BEHAVIOR_ANNOTATION] = JSON.stringify(spec.behavior);
  let currentCPU: number | undefined;
  for (const m of currentMetrics) {
    if (m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.current?.averageUtilization !== undefined) currentCPU = m.resource.current.averageUtilization;
  }
  const { annotations: _old, ...metadata } = hpa.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata,
    spec: defined({
      scaleTargetRef: spec.scaleTargetRef,
      minReplicas: spec.minReplicas,
      maxReplicas: spec.maxReplicas,
      targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization,
    }),
    status: defined({
      observedGeneration: status.observedGeneration,
      lastScaleTime: status.lastScaleTime,
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      currentCPUUtilizationPercentage: currentCPU,
    }),
  };
}

// --- v1 → v2 -------------------------------------------------------------------------------

/* eslint-disable @typescript-eslint/no-explicit-any -- v1 metric JSON read back from an annotation */
function metricSpecFromV1(m: any): MetricSpec {
  const o = m.object;
  const p = m.pods;
  const r = m.resource;
  const c = m.containerResource;
  const e = m.external;
  return defined({
    type: m.type,
    object: o && {
      describedObject: o.target,
      target: defined({ type: o.averageValue === undefined ? 'Value' : 'AverageValue', value: o.targetValue, averageValue: o.averageValue }),
      metric: defined({ name: o.metricName, selector: o.selector }),
    },
    pods: p && { metric: defined({ name: p.metricName, selector: p.selector }), target: defined({ type: 'AverageValue', averageValue: p.targetAverageValue }) },
    resource: r && defined({ name: r.name, target: resourceTarget(r) }),
    containerResource: c && defined({ name: c.name, target: resourceTarget(c), container: c.container }),
    external: e && {
      metric: defined({ name: e.metricName, selector: e.metricSelector }),
      target: defined({ type: e.targetValue === undefined ? 'AverageValue' : 'Value', value: e.targetValue, averageValue: e.targetAverageValue }),
    },
  }) as MetricSpec;
}

function resourceTarget(r: any): Json {
  return defined({ type: r.targetAverageUtilization === undefined ? 'AverageValue' : 'Utilization', averageUtilization: r.targetAverageUtilization, averageValue: r.targetAverageValue });
}

function metricStatusFromV1(m: any): MetricStatus {
  const o = m.object;
  const p = m.pods;
  const r = m.resource;
  const c = m.containerResource;
  const e = m.external;
  return defined({
    type: m.type,
    object: o && { metric: defined({ name: o.metricName, selector: o.selector }), current: defined({ value: o.currentValue, averageValue: o.averageValue }), describedObject: o.target },
    pods: p && { metric: defined({ name: p.metricName, selector: p.selector }), current: defined({ averageValue: p.currentAverageValue }) },
    resource: r && defined({ name: r.name, current: defined({ averageValue: r.currentAverageValue, averageUtilization: r.currentAverageUtilization }) }),
    containerResource: c && defined({ name: c.name, current: defined({ averageValue: c.currentAverageValue, averageUtilization: c.currentAverageUtilization }), container: c.container }),
    external: e && { metric: defined({ name: e.metricName, selector: e.metricSelector }), current: defined({ value: e.currentValue, averageValue: e.currentAverageValue }) },
  }) as MetricStatus;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The JSON array (or object) an annotation holds; a 400 when it does not parse. */
function annotationJSON<T>(annotations: Record<string, string>, key: string, array: boolean): T | undefined {
  const text = annotations[key];
  if (text === undefined) return undefined;
  delete annotations[key];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError(`annotation ${key}: invalid JSON`);
  }
  if (value === null) return undefined;
  if (array ? !Array.isArray(value) : typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequestError(`annotation ${key}: must be a JSON ${array ? 'array' : 'object'}`);
  }
  return value as T;
}

export function hpaV1ToV2(served: KubeObject): HPAv2 {
  const hpa = structuredClone(served) as HPAv1;
  const spec = hpa.spec ?? {};
  const status = hpa.status;
  const annotations: Record<string, string> = { ...hpa.metadata.annotations };
  const others = annotationJSON<unknown[]>(annotations, METRICS_ANNOTATION, true);
  const current = annotationJSON<unknown[]>(annotations, CURRENT_METRICS_ANNOTATION, true);
  const conditions = annotationJSON<HorizontalPodAutoscalerCondition[]>(annotations, CONDITIONS_ANNOTATION, true);
  const behavior = annotationJSON<HorizontalPodAutoscalerBehavior>(annotations, BEHAVIOR_ANNOTATION, false);
  const metrics: MetricSpec[] = (others ?? []).map(metricSpecFromV1);
  if (spec.targetCPUUtilizationPercentage !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } });
  }
  if (metrics.length === 0) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } });
  let currentMetrics: MetricStatus[] | undefined = current?.map(metricStatusFromV1);
  if (!currentMetrics && status?.currentCPUUtilizationPercentage !== undefined) {
    currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } } }];
  }
  const { annotations: _old, ...metadata } = hpa.metadata;
  const out: HPAv2 = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: Object.keys(annotations).length > 0 ? { ...metadata, annotations } : metadata,
    spec: defined({ scaleTargetRef: spec.scaleTargetRef, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas, metrics, behavior }),
  };
  if (status || currentMetrics || conditions) {
    out.status = defined({
      observedGeneration: status?.observedGeneration,
      lastScaleTime: status?.lastScaleTime,
      currentReplicas: status?.currentReplicas,
      desiredReplicas: status?.desiredReplicas,
      currentMetrics,
      conditions,
    });
  }
  return out;
}

export const hpaV1Conversion: StorageConversion = { fromStored: hpaV2ToV1, toStored: hpaV1ToV2 };
