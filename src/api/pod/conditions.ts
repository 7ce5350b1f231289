/** Pod status conditions (model: pkg/api/v1/pod util.go GetPodCondition/UpdatePodCondition), pure. */

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown' | string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export interface PodStatusWithConditions {
  conditions?: PodCondition[];
  [field: string]: unknown;
}

export function podCondition(status: PodStatusWithConditions | undefined, type: string): PodCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Puts `condition` into `status.conditions` (appending it, or replacing the one of its type) with
 * lastTransitionTime `now` when its status changed or it is new, else the old transition time.
 * Returns whether anything changed. Mutates `status`: pass a copy of a cached object.
 */
export function updatePodCondition(status: PodStatusWithConditions, condition: PodCondition, now: string): boolean {
  const next: PodCondition = { ...condition, lastTransitionTime: now };
  const conditions = (status.conditions ??= []);
  const index = conditions.findIndex((c) => c.type === condition.type);
  if (index < 0) {
    conditions.push(next);
    return true;
  }
  const old = conditions[index]!;
  if (next.status === old.status) next.lastTransitionTime = old.lastTransitionTime;
  const equal =
    next.status === old.status &&
    (next.reason ?? '') === (old.reason ?? '') &&
    (next.message ?? '') === (old.message ?? '') &&
    (next.lastProbeTime ?? null) === (old.lastProbeTime ?? null) &&
    next.lastTransitionTime === old.lastTransitionTime;
  conditions[index] = next;
  return !equal;
}
