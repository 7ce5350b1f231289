/** NodePorts (PreFilter, Filter): a pod's host ports must be free on the node. */
import { stateKey, type StateData } from '../../framework/cycle-state.js';
import { ActionType } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, Handle, PreFilterPlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podInfoOf, type HostPort } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';

export const NAME = 'NodePorts';
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

class PortsState implements StateData {
  constructor(readonly ports: readonly HostPort[]) {}
  clone(): this {
    return this;
  }
}
const KEY = stateKey<PortsState>(`PreFilter${NAME}`);

export function fitsPorts(ports: readonly HostPort[], nodeInfo: NodeInfo): boolean {
  return ports.every((p) => !nodeInfo.usedPorts.checkConflict(p.ip, p.protocol, p.port));
}

export function create(_args: unknown, _handle: Handle): PreFilterPlugin & FilterPlugin & EnqueueExtensions {
  return {
    name: NAME,
    preFilter(state, pod) {
      const ports = podInfoOf(pod).hostPorts;
      if (ports.length === 0) return [null, Status.skip()];
      state.write(KEY, new PortsState(ports));
      return [null, null];
    },
    preFilterExtensions: () => null,
    filter(state, _pod, nodeInfo) {
      const s = state.read(KEY);
      if (!s) return Status.error(new Error(`reading "${KEY.name}" from cycleState: not found`));
      return fitsPorts(s.ports, nodeInfo) ? null : Status.unschedulable(ERR_REASON);
    },
    eventsToRegister: () => [
      { event: { resource: 'AssignedPod', actionType: ActionType.Delete } },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateOther } },
    ],
  };
}
