/** NodeUnschedulable (Filter): cordoned nodes fit only pods tolerating node.kubernetes.io/unschedulable:NoSchedule. */
import { taintToleratedByTolerations } from '../../../api/node/taints.js';
import type { Pod } from '../../framework/api-types.js';
import { ActionType } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, Handle } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';

export const NAME = 'NodeUnschedulable';
export const ERR_REASON_UNKNOWN_CONDITION = 'node(s) had unknown conditions';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export function filter(pod: Pod, nodeInfo: NodeInfo): Status | null {
  const node = nodeInfo.node();
  if (!node) return Status.unresolvable(ERR_REASON_UNKNOWN_CONDITION);
  if (!node.spec?.unschedulable) return null;
  const tolerated = taintToleratedByTolerations({ key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' }, pod.spec?.tolerations);
  return tolerated ? null : Status.unresolvable(ERR_REASON_UNSCHEDULABLE);
}

export function create(_args: unknown, _handle: Handle): FilterPlugin & EnqueueExtensions {
  return {
    name: NAME,
    filter: (_state, pod, nodeInfo) => filter(pod, nodeInfo),
    eventsToRegister: () => [{ event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint | ActionType.UpdateOther } }, { event: { resource: 'Pod', actionType: ActionType.UpdatePodTolerations } }],
  };
}
