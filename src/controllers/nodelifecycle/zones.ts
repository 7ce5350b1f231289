/**
 * Zones and their disruption state (model: node_lifecycle_controller.go ComputeZoneState and
 * handleDisruption, component-helpers GetZoneKey), pure.
 *
 * A zone is FullDisruption when none of its nodes is Ready, PartialDisruption when more than 2
 * and at least `unhealthyZoneThreshold` of them are not Ready, Normal otherwise. When EVERY zone
 * is fully disrupted the controller assumes the problem is its own (or the network's), takes its
 * NoExecute taints off every node and stops tainting until some node is Ready again.
 */
import type { NodeCondition, NodeObject } from '../shared/node-types.js';

export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/** Nodes with this label do not count towards their zone's state. */
export const LABEL_EXCLUDE_DISRUPTION = 'node.kubernetes.io/exclude-disruption';

/** `region:\0:zone` from the (beta, then GA) topology labels; '' when neither is set. */
export function zoneKey(node: NodeObject): string {
  const labels = node.metadata.labels ?? {};
  const zone = labels['failure-domain.beta.kubernetes.io/zone'] ?? labels['topology.kubernetes.io/zone'] ?? '';
  const region = labels['failure-domain.beta.kubernetes.io/region'] ?? labels['topology.kubernetes.io/region'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

export function isExcludedFromDisruption(node: NodeObject): boolean {
  return node.metadata.labels?.[LABEL_EXCLUDE_DISRUPTION] !== undefined;
}

export function computeZoneState(readyConditions: readonly (NodeCondition | undefined)[], unhealthyZoneThreshold: number): { notReady: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const c of readyConditions) {
    if (c?.status === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyZoneThreshold) return { notReady, state: 'PartialDisruption' };
  return { notReady, state: 'Normal' };
}

export interface EvictionRates {
  /** --node-eviction-rate (0.1/s). */
  evictionQPS: number;
  /** --secondary-node-eviction-rate (0.01/s), for partially disrupted large zones. */
  secondaryEvictionQPS: number;
  /** --large-cluster-size-threshold (50). */
  largeClusterThreshold: number;
  /** --unhealthy-zone-threshold (0.55). */
  unhealthyZoneThreshold: number;
}

export const DEFAULT_EVICTION_RATES: EvictionRates = { evictionQPS: 0.1, secondaryEvictionQPS: 0.01, largeClusterThreshold: 50, unhealthyZoneThreshold: 0.55 };

/** The tainting rate of a zone in `state` with `size` nodes (setLimiterInZone); undefined leaves it as is. */
export function zoneTaintingQPS(state: ZoneState, size: number, rates: EvictionRates): number | undefined {
  switch (state) {
    case 'Normal':
    case 'FullDisruption':
      return rates.evictionQPS;
    case 'PartialDisruption':
      return size > rates.largeClusterThreshold ? rates.secondaryEvictionQPS : 0;
    default:
      return undefined;
  }
}

export type DisruptionDecision =
  /** Nothing to do beyond recording the (unchanged) states. */
  | { kind: 'steady'; states: Map<string, ZoneState>; rates: Map<string, number> }
  /** Every zone just became fully disrupted: untaint every node, stop all tainting. */
  | { kind: 'enter-full-disruption'; states: Map<string, ZoneState>; rates: Map<string, number> }
  /** Some node is Ready again after a full disruption: restart every node's grace period, rates per state. */
  | { kind: 'exit-full-disruption'; states: Map<string, ZoneState>; rates: Map<string, number> };

/**
 * What handleDisruption does, given the zones' previous states and this pass's Ready conditions
 * per zone. `states` are the states to keep; `rates` the zones whose tainting rate changes.
 */
export function decideDisruption(previous: ReadonlyMap<string, ZoneState>, zoneConditions: ReadonlyMap<string, readonly (NodeCondition | undefined)[]>, rates: EvictionRates): DisruptionDecision {
  const states = new Map(previous);
  const newStates = new Map<string, ZoneState>();
  let allAreFullyDisrupted = true;
  for (const [zone, conditions] of zoneConditions) {
    const { state } = computeZoneState(conditions, rates.unhealthyZoneThreshold);
    if (state !== 'FullDisruption') allAreFullyDisrupted = false;
    newStates.set(zone, state);
    if (!states.has(zone)) states.set(zone, 'Initial');
  }
  for (const zone of [...states.keys()]) if (!zoneConditions.has(zone)) states.delete(zone);
  const allWereFullyDisrupted = [...states.values()].every((s) => s === 'FullDisruption');
  const changedRates = new Map<string, number>();
  if (allAreFullyDisrupted && allWereFullyDisrupted) return { kind: 'steady', states, rates: changedRates };
  if (allAreFullyDisrupted) {
    for (const zone of states.keys()) {
      states.set(zone, 'FullDisruption');
      changedRates.set(zone, 0);
    }
    return { kind: 'enter-full-disruption', states, rates: changedRates };
  }
  const setState = (zone: string, state: ZoneState): void => {
    const qps = zoneTaintingQPS(state, zoneConditions.get(zone)?.length ?? 0, rates);
    if (qps !== undefined) changedRates.set(zone, qps);
    states.set(zone, state);
  };
  if (allWereFullyDisrupted) {
    for (const zone of [...states.keys()]) setState(zone, newStates.get(zone)!);
    return { kind: 'exit-full-disruption', states, rates: changedRates };
  }
  for (const [zone, state] of [...states]) if (state !== newStates.get(zone)) setState(zone, newStates.get(zone)!);
  return { kind: 'steady', states, rates: changedRates };
}
