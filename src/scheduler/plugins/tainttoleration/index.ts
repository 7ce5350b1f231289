/**
 * TaintToleration (Filter, PreScore, Score): NoSchedule/NoExecute taints must be tolerated;
 * nodes with fewer untolerated PreferNoSchedule taints score higher.
 */
import { findMatchingUntoleratedTaint, taintToleratedByTolerations, type TolerationLike } from '../../../api/node/taints.js';
import type { Pod, Taint } from '../../framework/api-types.js';
import { stateKey, type StateData } from '../../framework/cycle-state.js';
import { ActionType } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, Handle, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { Status } from '../../framework/status.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';
import { defaultNormalizeScore } from '../helper/normalize-score.js';

export const NAME = 'TaintToleration';

export function filter(pod: Pod, nodeInfo: NodeInfo): Status | null {
  const taint = findMatchingUntoleratedTaint(nodeInfo.node()?.spec?.taints, pod.spec?.tolerations, (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (!taint) return null;
  return Status.unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
}

class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: readonly TolerationLike[]) {}
  clone(): this {
    return this;
  }
}
const KEY = stateKey<PreScoreState>(`PreScore${NAME}`);

/** The number of PreferNoSchedule taints of the node not tolerated. */
export function countIntolerableTaintsPreferNoSchedule(taints: readonly Taint[] | undefined, tolerations: readonly TolerationLike[]): number {
  let n = 0;
  for (const taint of taints ?? []) {
    if (taint.effect === 'PreferNoSchedule' && !taintToleratedByTolerations(taint, tolerations)) n++;
  }
  return n;
}

export function create(_args: unknown, _handle: Handle): FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  return {
    name: NAME,
    filter: (_state, pod, nodeInfo) => filter(pod, nodeInfo),
    preScore(state, pod) {
      const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
      state.write(KEY, new PreScoreState(tolerations));
      return null;
    },
    score(state, pod, nodeInfo) {
      const s = state.read(KEY);
      const tolerations = s ? s.tolerationsPreferNoSchedule : (pod.spec?.tolerations ?? []);
      return [countIntolerableTaintsPreferNoSchedule(nodeInfo.node()?.spec?.taints, tolerations), null];
    },
    scoreExtensions: () => ({ normalizeScore: (_state, _pod, scores) => defaultNormalizeScore(MAX_NODE_SCORE, true, scores) }),
    eventsToRegister: () => [
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint } },
      { event: { resource: 'Pod', actionType: ActionType.UpdatePodTolerations } },
    ],
  };
}
