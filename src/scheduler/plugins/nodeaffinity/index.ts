/**
 * NodeAffinity (PreFilter, Filter, PreScore, Score): spec.nodeSelector and required node
 * affinity must match; preferred terms add their weights. The `addedAffinity` arg applies to
 * every pod of the profile (scheduler-enforced).
 */
import { PreferredSchedulingTerms, RequiredNodeAffinity, ParsedNodeSelector } from '../../../api/node/node-selector.js';
import type { NodeAffinity, Pod } from '../../framework/api-types.js';
import { stateKey, type StateData } from '../../framework/cycle-state.js';
import { ActionType } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, Handle, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import { Status } from '../../framework/status.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';
import { argsObject, PluginArgsError } from '../helper/args.js';
import { defaultNormalizeScore } from '../helper/normalize-score.js';

export const NAME = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

class FilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): this {
    return this;
  }
}
class ScoreState implements StateData {
  constructor(readonly preferred: PreferredSchedulingTerms) {}
  clone(): this {
    return this;
  }
}
const FILTER_KEY = stateKey<FilterState>(`PreFilter${NAME}`);
const SCORE_KEY = stateKey<ScoreState>(`PreScore${NAME}`);

export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  return new RequiredNodeAffinity(pod.spec?.nodeSelector, pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
}

/** The node names a pod's required terms pin it to via matchFields metadata.name In (upstream PreFilter). */
export function nodeNamesFromTerms(affinity: NodeAffinity | undefined): Set<string> | undefined | 'conflict' {
  const terms = affinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return undefined;
  let names: Set<string> | undefined;
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const r of term.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    // A term without a name constraint allows every node (terms are ORed).
    if (!termNames) return undefined;
    names = new Set([...(names ?? []), ...termNames]);
  }
  if (names && names.size === 0) return 'conflict';
  return names;
}

function parseArgs(args: unknown): NodeAffinity | undefined {
  const obj = argsObject(args, 'NodeAffinityArgs');
  const added = obj['addedAffinity'];
  if (added === undefined || added === null) return undefined;
  if (typeof added !== 'object' || Array.isArray(added)) throw new PluginArgsError('NodeAffinityArgs.addedAffinity', 'must be an object');
  return added as NodeAffinity;
}

export function create(args: unknown, _handle: Handle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const added = parseArgs(args);
  const addedNodeSelector = added?.requiredDuringSchedulingIgnoredDuringExecution ? new ParsedNodeSelector(added.requiredDuringSchedulingIgnoredDuringExecution) : undefined;
  const addedPreferred = new PreferredSchedulingTerms(added?.preferredDuringSchedulingIgnoredDuringExecution ?? []);
  return {
    name: NAME,
    preFilter(state, pod) {
      const nodeAffinity = pod.spec?.affinity?.nodeAffinity;
      const noRequired = !nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (noRequired && !addedNodeSelector && !pod.spec?.nodeSelector) return [null, Status.skip()];
      state.write(FILTER_KEY, new FilterState(requiredNodeAffinity(pod)));
      const names = nodeNamesFromTerms(nodeAffinity);
      if (names === 'conflict') return [null, Status.unresolvable(ERR_REASON_CONFLICT)];
      return [names ? { nodeNames: names } : null, null];
    },
    preFilterExtensions: () => null,
    filter(state, pod, nodeInfo) {
      const node = nodeInfo.node();
      if (!node) return Status.error(new Error('node not found'));
      if (addedNodeSelector && !addedNodeSelector.match(node)) return Status.unresolvable(ERR_REASON_ENFORCED);
      const required = state.read(FILTER_KEY)?.required ?? requiredNodeAffinity(pod);
      return required.match(node) ? null : Status.unresolvable(ERR_REASON_POD);
    },
    preScore(state, pod) {
      const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      if (preferred.length === 0 && addedPreferred.size === 0) return Status.skip();
      state.write(SCORE_KEY, new ScoreState(new PreferredSchedulingTerms(preferred)));
      return null;
    },
    score(state, pod, nodeInfo) {
      const node = nodeInfo.node();
      if (!node) return [0, Status.error(new Error('node not found'))];
      const preferred = state.read(SCORE_KEY)?.preferred ?? new PreferredSchedulingTerms(pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []);
      return [addedPreferred.score(node) + preferred.score(node), null];
    },
    scoreExtensions: () => ({ normalizeScore: (_state, _pod, scores) => defaultNormalizeScore(MAX_NODE_SCORE, false, scores) }),
    eventsToRegister: () => [{ event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } }],
  };
}
