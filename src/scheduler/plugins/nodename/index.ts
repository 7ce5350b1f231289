/** NodeName (Filter): a pod with spec.nodeName fits only that node. */
import type { Pod } from '../../framework/api-types.js';
import type { EnqueueExtensions, FilterPlugin, Handle } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { ActionType } from '../../framework/events.js';

export const NAME = 'NodeName';
export const ERR_REASON = "node(s) didn't match the requested node name";

export function fits(pod: Pod, nodeInfo: NodeInfo): boolean {
  const wanted = pod.spec?.nodeName;
  return !wanted || wanted === nodeInfo.name;
}

export function create(_args: unknown, _handle: Handle): FilterPlugin & EnqueueExtensions {
  return {
    name: NAME,
    filter: (_state, pod, nodeInfo) => (fits(pod, nodeInfo) ? null : Status.unresolvable(ERR_REASON)),
    eventsToRegister: () => [{ event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateOther } }],
  };
}
