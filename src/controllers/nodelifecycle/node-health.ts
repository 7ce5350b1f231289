/**
 * Node health from the kubelet's two signals, its Lease and its Ready condition's heartbeat
 * (model: node_lifecycle_controller.go tryUpdateNodeHealth), pure.
 *
 * The controller keeps one NodeHealth per node. `probeTimestamp` is the controller's own clock
 * reading of the last time either signal moved (never the kubelet's timestamps, so clock skew
 * between machines does not matter). Once `now` is past probeTimestamp + grace period, the
 * Ready, MemoryPressure, DiskPressure and PIDPressure conditions become Unknown.
 *
 *   signal seen ──► probeTimestamp = now ──(no signal for grace period)──► conditions Unknown
 *        ▲                                                                       │
 *        └────────────── kubelet renews its lease or posts status ◄─────────────┘
 */
import { formatTime } from '../../client/events/index.js';
import { parseMicroTime } from '../../client/leaderelection/lease-record.js';
import { cloneObject, nodeCondition, type LeaseObject, type NodeCondition, type NodeObject } from '../shared/node-types.js';

export interface NodeHealth {
  /** When (controller clock, ms) a signal from the kubelet was last seen. */
  probeTimestamp: number;
  /** When (controller clock, ms) the Ready condition was last seen to transition. */
  readyTransitionTimestamp: number;
  /** The Ready condition as last observed (undefined when the node had none). */
  readyCondition: NodeCondition | undefined;
  /** The renewTime (ms) of the lease last observed renewed; undefined when none was seen. */
  leaseRenewTime: number | undefined;
}

export interface HealthPeriods {
  /** nodeMonitorGracePeriod. */
  gracePeriodMs: number;
  /** nodeStartupGracePeriod: for nodes that never posted a Ready condition. */
  startupGracePeriodMs: number;
}

export interface HealthObservation {
  /** What to remember for the next pass (before any status write). */
  health: NodeHealth;
  gracePeriodMs: number;
  /** The Ready condition as the node had it at the start of this pass. */
  observedReady: NodeCondition;
  /** The Ready condition after this pass (Unknown when the grace period ran out). */
  currentReady: NodeCondition | undefined;
  /** The node with its conditions turned Unknown, to write through the status subresource; absent when Ready did not change. */
  statusUpdate?: NodeObject;
}

/** Condition types the controller turns Unknown (NetworkUnavailable is the network plugin's). */
export const MONITORED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

export const NODE_STATUS_UNKNOWN_REASON = 'NodeStatusUnknown';
export const NODE_STATUS_UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';
export const NODE_STATUS_NEVER_UPDATED_REASON = 'NodeStatusNeverUpdated';
export const NODE_STATUS_NEVER_UPDATED_MESSAGE = 'Kubelet never posted node status.';

function creationMs(node: NodeObject, now: number): number {
  const created = Date.parse(String(node.metadata['creationTimestamp'] ?? ''));
  return Number.isNaN(created) ? now : created;
}

export function sameCondition(a: NodeCondition | undefined, b: NodeCondition | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.type === b.type &&
    a.status === b.status &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '') &&
    (a.lastHeartbeatTime ?? '') === (b.lastHeartbeatTime ?? '') &&
    (a.lastTransitionTime ?? '') === (b.lastTransitionTime ?? '')
  );
}

/**
 * One health check of `node` at `now` given what was `saved` from the previous pass and the
 * node's `lease` (steps as upstream):
 * 1. no Ready condition: judge against a fake Unknown one dated at creation, with the startup grace period;
 * 2. refresh the saved health when the Ready heartbeat moved (the transition time only if Ready's own transition time moved);
 * 3. a lease renewed since the saved one also refreshes probeTimestamp;
 * 4. past the grace period: the monitored conditions become Unknown (added, if missing, as never
 *    updated) and the node is returned for a status write when its Ready condition changed.
 */
export function observeNodeHealth(saved: NodeHealth | undefined, node: NodeObject, lease: LeaseObject | undefined, now: number, periods: HealthPeriods): HealthObservation {
  const currentReady = nodeCondition(node, 'Ready');
  let observedReady: NodeCondition;
  let gracePeriodMs: number;
  let health: NodeHealth | undefined = saved ? { ...saved } : undefined;
  if (!currentReady) {
    const created = formatTime(creationMs(node, now));
    observedReady = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: created, lastTransitionTime: created };
    gracePeriodMs = periods.startupGracePeriodMs;
    if (health) health.readyCondition = undefined;
    else health = { probeTimestamp: creationMs(node, now), readyTransitionTimestamp: creationMs(node, now), readyCondition: undefined, leaseRenewTime: undefined };
  } else {
    observedReady = { ...currentReady };
    gracePeriodMs = periods.gracePeriodMs;
  }
  const savedCondition = saved?.readyCondition;
  const savedLeaseRenewTime = saved?.leaseRenewTime;
  if (!health) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, readyCondition: currentReady, leaseRenewTime: undefined };
  } else if (!savedCondition && currentReady) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, readyCondition: currentReady, leaseRenewTime: undefined };
  } else if (savedCondition && !currentReady) {
    health = { probeTimestamp: now, readyTransitionTimestamp: now, readyCondition: undefined, leaseRenewTime: undefined };
  } else if (savedCondition && currentReady && savedCondition.lastHeartbeatTime !== currentReady.lastHeartbeatTime) {
    const transition = savedCondition.lastTransitionTime !== currentReady.lastTransitionTime ? now : health.readyTransitionTimestamp;
    health = { probeTimestamp: now, readyTransitionTimestamp: transition, readyCondition: currentReady, leaseRenewTime: undefined };
  }
  // A renewed lease counts as a heartbeat, even if the kubelet never posted a status.
  const renewTime = lease ? (parseMicroTime(lease.spec?.renewTime) ?? 0) : undefined;
  if (renewTime !== undefined && (savedLeaseRenewTime === undefined || savedLeaseRenewTime < renewTime)) {
    health.leaseRenewTime = renewTime;
    health.probeTimestamp = now;
  } else if (health.leaseRenewTime === undefined) {
    health.leaseRenewTime = savedLeaseRenewTime;
  }
  if (now <= health.probeTimestamp + gracePeriodMs) return { health, gracePeriodMs, observedReady, currentReady };

  const updated = markConditionsUnknown(node, now);
  const readyAfter = nodeCondition(updated, 'Ready');
  if (sameCondition(readyAfter, observedReady)) return { health, gracePeriodMs, observedReady, currentReady: readyAfter };
  return { health, gracePeriodMs, observedReady, currentReady: readyAfter, statusUpdate: updated };
}

/** A copy of `node` whose monitored conditions are Unknown (step 4 above). */
export function markConditionsUnknown(node: NodeObject, now: number): NodeObject {
  const copy = cloneObject(node);
  const status = (copy.status ??= {});
  const conditions = (status.conditions ??= []);
  const nowTime = formatTime(now);
  for (const type of MONITORED_CONDITIONS) {
    const condition = conditions.find((c) => c.type === type);
    if (!condition) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: NODE_STATUS_NEVER_UPDATED_REASON,
        message: NODE_STATUS_NEVER_UPDATED_MESSAGE,
        lastHeartbeatTime: formatTime(creationMs(node, now)),
        lastTransitionTime: nowTime,
      });
    } else if (condition.status !== 'Unknown') {
      condition.status = 'Unknown';
      condition.reason = NODE_STATUS_UNKNOWN_REASON;
      condition.message = NODE_STATUS_UNKNOWN_MESSAGE;
      condition.lastTransitionTime = nowTime;
    }
  }
  return copy;
}
