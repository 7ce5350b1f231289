/**
 * How many pods one sync creates or deletes (upstream manageReplicas' diff): the gap between the
 * active pods the owner controls and spec.replicas, at most BURST_REPLICAS per sync (the rest
 * waits for the next sync, once the informer has shown these). Pure.
 */

/** upstream BurstReplicas. */
export const BURST_REPLICAS = 500;

export type ReplicaChange = { action: 'create'; count: number } | { action: 'delete'; count: number } | { action: 'none' };

export function replicaChange(activePods: number, desired: number, burst = BURST_REPLICAS): ReplicaChange {
  const diff = activePods - desired;
  if (diff < 0) return { action: 'create', count: Math.min(-diff, burst) };
  if (diff > 0) return { action: 'delete', count: Math.min(diff, burst) };
  return { action: 'none' };
}
