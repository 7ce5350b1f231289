/** NodeResourcesBalancedAllocation (PreScore, Score): favours nodes whose cpu and memory use stay balanced after placing the pod. */
import { stateKey, type StateData } from '../../framework/cycle-state.js';
import { ActionType } from '../../framework/events.js';
import type { EnqueueExtensions, Handle, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import { podInfoOf } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { argsObject } from '../helper/args.js';
import { podRequestVector, scoreNode } from './allocation.js';
import { parseResources } from './args.js';
import { balancedResourceScorer } from './scoring.js';

export const NAME = 'NodeResourcesBalancedAllocation';

class PreScoreState implements StateData {
  constructor(readonly podRequests: number[]) {}
  clone(): this {
    return this;
  }
}
const KEY = stateKey<PreScoreState>(`PreScore${NAME}`);

export function create(rawArgs: unknown, _handle: Handle): PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const args = argsObject(rawArgs, 'NodeResourcesBalancedAllocationArgs');
  const resources = parseResources(args['resources'], 'NodeResourcesBalancedAllocationArgs.resources');
  return {
    name: NAME,
    preScore(state, pod) {
      const requests = podRequestVector(podInfoOf(pod), resources, true);
      // Best-effort pods would all pile onto one node if scored (kubernetes#129138).
      if (requests.every((r) => r === 0)) return Status.skip();
      state.write(KEY, new PreScoreState(requests));
      return null;
    },
    score(state, pod, nodeInfo) {
      const requests = state.read(KEY)?.podRequests ?? podRequestVector(podInfoOf(pod), resources, true);
      return [scoreNode(nodeInfo, requests, resources, true, balancedResourceScorer), null];
    },
    scoreExtensions: () => null,
    eventsToRegister: () => [
      { event: { resource: 'AssignedPod', actionType: ActionType.Delete } },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable } },
    ],
  };
}
