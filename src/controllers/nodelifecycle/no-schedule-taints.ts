/**
 * The NoSchedule taints a node's conditions and spec.unschedulable call for (model:
 * node_lifecycle_controller.go doNoScheduleTaintingPass), pure.
 */
import {
  TAINT_NODE_DISK_PRESSURE,
  TAINT_NODE_MEMORY_PRESSURE,
  TAINT_NODE_NETWORK_UNAVAILABLE,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_PID_PRESSURE,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  taintSetDiff,
  type Taint,
} from '../../api/taints/index.js';
import type { NodeObject } from '../shared/node-types.js';

/** condition type → condition status → taint key (nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: TAINT_NODE_MEMORY_PRESSURE },
  DiskPressure: { True: TAINT_NODE_DISK_PRESSURE },
  NetworkUnavailable: { True: TAINT_NODE_NETWORK_UNAVAILABLE },
  PIDPressure: { True: TAINT_NODE_PID_PRESSURE },
};

const CONTROLLED_KEYS = new Set([TAINT_NODE_UNSCHEDULABLE, ...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m))]);

/** The NoSchedule taints the node should carry, from its conditions and spec.unschedulable. */
export function desiredNoScheduleTaints(node: NodeObject): Taint[] {
  const taints: Taint[] = [];
  for (const condition of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[condition.type]?.[condition.status];
    if (key) taints.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) taints.push({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
  return taints;
}

/** Which controller-owned NoSchedule taints to add and remove; other taints are never touched. */
export function noScheduleTaintChanges(node: NodeObject): { add: Taint[]; remove: Taint[] } {
  const current = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && CONTROLLED_KEYS.has(t.key));
  return taintSetDiff(desiredNoScheduleTaints(node), current);
}
