import { quantityFromJSON } from '../../../../api/quantity/index.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { HPAv2, MetricSpec, MetricStatus } from './types.js';

/**
 * A quantity as Go's Quantity.String() prints it (the text as given when it does not parse;
 * "<nil>" for an unset one, which upstream prints when a status metric is not the spec's kind).
 */
function q(value: string | undefined): string {
  if (value === undefined) return '<nil>';
  try {
    return quantityFromJSON(value).toString();
  } catch {
    return value;
  }
}

/** One metric's `current/target` cell part (printers.go formatHPAMetrics). */
function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External': {
      const target = spec.external?.target ?? {};
      if (target.averageValue !== undefined) {
        const current = status?.external?.current?.averageValue !== undefined ? q(status.external.current.averageValue) : '<unknown>';
        return `${current}/${q(target.averageValue)} (avg)`;
      }
      return `${status?.external ? q(status.external.current?.value) : '<unknown>'}/${q(target.value)}`;
    }
    case 'Pods':
      return `${status?.pods ? q(status.pods.current?.averageValue) : '<unknown>'}/${q(spec.pods?.target?.averageValue)}`;
    case 'Object': {
      const target = spec.object?.target ?? {};
      if (target.averageValue !== undefined) {
        const current = status?.object?.current?.averageValue !== undefined ? q(status.object.current.averageValue) : '<unknown>';
        return `${current}/${q(target.averageValue)} (avg)`;
      }
      return `${status?.object ? q(status.object.current?.value) : '<unknown>'}/${q(target.value)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const current = spec.type === 'Resource' ? status?.resource : status?.containerResource;
      const target = source?.target ?? {};
      if (target.averageValue !== undefined) return `${source?.name ?? ''}: ${current ? q(current.current?.averageValue) : '<unknown>'}/${q(target.averageValue)}`;
      const now = current?.current?.averageUtilization !== undefined ? `${current.current.averageUtilization}%` : '<unknown>';
      return `${source?.name ?? ''}: ${now}/${target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>'}`;
    }
    default:
      return '<unknown type>';
  }
}

/** The TARGETS cell: the first two metrics, then "+ N more...". */
export function formatHPAMetrics(hpa: HPAv2): string {
  const specs = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  const list = specs.map((spec, i) => formatMetric(spec, statuses[i]));
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

/** Upstream's HPA columns (printers.go printHorizontalPodAutoscaler), on the autoscaling/v2 form. */
export const hpaColumns: TableColumn[] = [
  NAME_COLUMN,
  {
    name: 'Reference',
    type: 'string',
    description: 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.',
    cell: (o) => `${(o as HPAv2).spec?.scaleTargetRef?.kind ?? ''}/${(o as HPAv2).spec?.scaleTargetRef?.name ?? ''}`,
  },
  { name: 'Targets', type: 'string', description: 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).', cell: (o) => formatHPAMetrics(o as HPAv2) },
  {
    name: 'MinPods',
    type: 'string',
    description: 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.',
    cell: (o) => ((o as HPAv2).spec?.minReplicas === undefined ? '<unset>' : String((o as HPAv2).spec?.minReplicas)),
  },
  { name: 'MaxPods', type: 'integer', description: 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.', cell: (o) => (o as HPAv2).spec?.maxReplicas ?? 0 },
  { name: 'Replicas', type: 'integer', description: 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.', cell: (o) => (o as HPAv2).status?.currentReplicas ?? 0 },
  AGE_COLUMN,
];
