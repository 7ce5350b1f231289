/**
 * The `endpoints.kubernetes.io/last-change-trigger-time` value (model: k8s.io/endpointslice/util
 * TriggerTimeTracker): the earliest time of a change (a pod's Ready transition, the service's
 * creation) that this sync is the first to see, so kube-proxy can measure programming latency.
 *
 * Contract: one call per sync of a service; calls for the same service never run concurrently
 * (the work queue guarantees it), calls for different services may interleave.
 */
import { readyCondition } from './pods.js';
import type { PodLike, ServiceLike } from './types.js';

interface ServiceState {
  lastServiceTriggerTime: number;
  lastPodTriggerTimes: Map<string, number>;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /**
   * The trigger time to publish for `service` given the pods it selects now, in epoch ms, or
   * undefined when nothing new triggered this sync (the annotation is then cleared). The first
   * sync of a service returns its creation time.
   */
  compute(namespace: string, service: ServiceLike, pods: readonly PodLike[]): number | undefined {
    const key = `${namespace}/${service.metadata.name ?? ''}`;
    const state = this.states.get(key);
    let minChanged: number | undefined;
    const podTimes = new Map<string, number>();
    for (const pod of pods) {
      const time = parseTime(readyCondition(pod)?.lastTransitionTime);
      if (time === undefined) continue;
      const name = pod.metadata.name ?? '';
      podTimes.set(name, time);
      if (time > (state?.lastPodTriggerTimes.get(name) ?? 0)) minChanged = minChanged === undefined ? time : Math.min(minChanged, time);
    }
    const serviceTime = parseTime(service.metadata['creationTimestamp'] as string | undefined) ?? 0;
    if (serviceTime > (state?.lastServiceTriggerTime ?? 0)) minChanged = minChanged === undefined ? serviceTime : Math.min(minChanged, serviceTime);
    this.states.set(key, { lastServiceTriggerTime: serviceTime, lastPodTriggerTimes: podTimes });
    if (!state) return serviceTime === 0 ? undefined : serviceTime;
    return minChanged;
  }

  deleteService(namespace: string, name: string): void {
    this.states.delete(`${namespace}/${name}`);
  }
}

function parseTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Go's time.RFC3339Nano in UTC: fractional seconds without trailing zeros ("…05Z", "…05.12Z"). */
export function formatRFC3339Nano(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.replace(/\.(\d*?)0*Z$/, (_m, frac: string) => (frac ? `.${frac}Z` : 'Z'));
}
