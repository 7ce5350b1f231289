/** How long pods in a terminating namespace may still take (upstream estimateGracefulTerminationForPods). Pure. */
import type { KubeObjectLike } from '../../client/object.js';

export interface PodForEstimate extends KubeObjectLike {
  spec?: { terminationGracePeriodSeconds?: number };
  status?: { phase?: string };
}

/** The longest terminationGracePeriodSeconds among pods not yet Succeeded or Failed, in seconds. */
export function estimateForPods(pods: readonly PodForEstimate[]): number {
  let estimate = 0;
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace = pod.spec?.terminationGracePeriodSeconds;
    if (grace !== undefined && grace > estimate) estimate = grace;
  }
  return estimate;
}
