/**
 * The Endpoints object the controller writes for a selector Service (model: the second half of
 * endpoints_controller.go syncService). Pure: takes the current object (or none) and the desired
 * subsets, returns what to write, or nothing when the stored object already says the same.
 */
import { sameJSON } from '../../api/json-equal.js';
import { isServiceIPSet } from '../shared/endpoints/pods.js';
import { formatRFC3339Nano } from '../shared/endpoints/trigger-time.js';
import {
  HEADLESS_LABEL,
  LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
  OVER_CAPACITY_ANNOTATION,
  type EndpointSubset,
  type EndpointsLike,
  type ServiceLike,
} from '../shared/endpoints/types.js';
import { truncateSubsets } from './desired-subsets.js';

export type EndpointsWrite = { action: 'none' } | { action: 'create' | 'update'; endpoints: EndpointsLike };

/**
 * What to write for `service` given `current` (from the cache; never mutated) and its repacked
 * `subsets`. Labels are the service's plus `service.kubernetes.io/headless` for headless
 * services; subsets over capacity are truncated and annotated `over-capacity: truncated`; the
 * trigger-time annotation is set when `triggerTime` is given and cleared otherwise. No write when
 * subsets (ignoring target resourceVersions), labels and the capacity annotation already match.
 */
export function endpointsWrite(service: ServiceLike, current: EndpointsLike | undefined, subsets: readonly EndpointSubset[], triggerTime: number | undefined): EndpointsWrite {
  const { subsets: kept, truncated } = truncateSubsets(subsets);
  const labels: Record<string, string> = { ...(service.metadata.labels ?? {}) };
  if (isServiceIPSet(service)) delete labels[HEADLESS_LABEL];
  else labels[HEADLESS_LABEL] = '';

  if (current) {
    const sameSubsets = sameJSON(withoutTargetVersions(current.subsets ?? []), kept);
    const sameLabels = sameJSON(current.metadata.labels ?? {}, labels);
    const capacityMarked = (current.metadata.annotations?.[OVER_CAPACITY_ANNOTATION] === 'truncated') === truncated;
    if (sameSubsets && sameLabels && capacityMarked) return { action: 'none' };
  }

  const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
  if (triggerTime !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION] = formatRFC3339Nano(triggerTime);
  else delete annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION];
  if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
  else delete annotations[OVER_CAPACITY_ANNOTATION];

  const metadata: EndpointsLike['metadata'] = current
    ? { ...current.metadata, labels, annotations }
    : { name: service.metadata.name, namespace: service.metadata.namespace, labels, annotations };
  const endpoints: EndpointsLike = { apiVersion: 'v1', kind: 'Endpoints', metadata, subsets: kept };
  return { action: current ? 'update' : 'create', endpoints };
}

function withoutTargetVersions(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const strip = (addresses: EndpointSubset['addresses']) =>
    addresses?.map((a) => {
      if (!a.targetRef?.resourceVersion) return a;
      const { resourceVersion: _ignored, ...targetRef } = a.targetRef;
      return { ...a, targetRef };
    });
  return subsets.map((s) => ({ ...s, addresses: strip(s.addresses), notReadyAddresses: strip(s.notReadyAddresses) }));
}
