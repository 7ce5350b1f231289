/**
 * InterPodAffinity (PreFilter with AddPod/RemovePod, Filter, PreScore, Score, NormalizeScore):
 * required and preferred pod affinity and anti-affinity, with namespaces and namespaceSelector
 * (model: pkg/scheduler/framework/plugins/interpodaffinity, v1.32). The counting lives in
 * filtering.ts and scoring.ts as pure functions of the snapshot.
 */
import type { Pod } from '../../framework/api-types.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { ActionType } from '../../framework/events.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PreFilterExtensions,
  PreFilterPlugin,
  PreScorePlugin,
  ScoreExtensions,
  ScorePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podInfoOf, type PodInfo } from '../../framework/pod-info.js';
import type { SharedLister } from '../../framework/snapshot.js';
import { Status } from '../../framework/status.js';
import type { PreFilterResult } from '../../framework/types.js';
import { argsObject, PluginArgsError } from '../helper/args.js';
import { computePreFilterState, filterNode, FilterStatuses, PRE_FILTER_STATE_KEY } from './filtering.js';
import { IncrementalCounts } from './incremental.js';
import type { NamespaceLister } from './namespaces.js';
import { computePreScoreState, normalizeScores, PRE_SCORE_STATE_KEY, scoreNode, type ScoringArgs } from './scoring.js';

export const NAME = 'InterPodAffinity';

export type InterPodAffinityArgs = ScoringArgs;

/** Upstream's defaults and ValidateInterPodAffinityArgs. */
export function parseArgs(args: unknown): InterPodAffinityArgs {
  const obj = argsObject(args, NAME);
  const weight = obj['hardPodAffinityWeight'] ?? 1;
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
    throw new PluginArgsError('hardPodAffinityWeight', `Invalid value: ${JSON.stringify(weight)}: not in valid range [0, 100]`);
  }
  const ignore = obj['ignorePreferredTermsOfExistingPods'] ?? false;
  if (typeof ignore !== 'boolean') throw new PluginArgsError('ignorePreferredTermsOfExistingPods', 'must be a boolean');
  return { hardPodAffinityWeight: weight, ignorePreferredTermsOfExistingPods: ignore };
}

export class InterPodAffinity implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions {
  readonly name = NAME;
  private readonly statuses = new FilterStatuses();
  /** Counts reused across cycles for unchanged nodes (see incremental.ts). */
  private readonly counts = new IncrementalCounts();

  constructor(
    private readonly args: InterPodAffinityArgs,
    private readonly sharedLister: () => SharedLister,
    private readonly nsLister: NamespaceLister | undefined,
  ) {}

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): [PreFilterResult | null, Status | null] {
    const podInfo = podInfoOf(pod);
    if (podInfo.parseError) return [null, Status.unresolvable(`parsing pod: ${podInfo.parseError.message}`)];
    const withAntiAffinity = this.sharedLister().nodeInfos().havePodsWithRequiredAntiAffinityList();
    const s = computePreFilterState(podInfo, nodes, withAntiAffinity, this.nsLister, this.counts);
    if (!s) return [null, Status.skip()];
    state.write(PRE_FILTER_STATE_KEY, s);
    return [null, null];
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, _podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.mustRead(PRE_FILTER_STATE_KEY).updateWithPod(podInfoToAdd, nodeInfo, 1);
    return null;
  }

  removePod(state: CycleState, _podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.mustRead(PRE_FILTER_STATE_KEY).updateWithPod(podInfoToRemove, nodeInfo, -1);
    return null;
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status | null {
    return filterNode(state.mustRead(PRE_FILTER_STATE_KEY), nodeInfo, this.statuses);
  }

  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null {
    if (nodes.length === 0) return Status.skip();
    const podInfo = podInfoOf(pod);
    if (podInfo.parseError) return Status.error(new Error(`failed to parse pod: ${podInfo.parseError.message}`));
    const lister = this.sharedLister().nodeInfos();
    const s = computePreScoreState(podInfo, lister.list(), lister.havePodsWithAffinityList(), this.nsLister, this.args);
    if (!s) return Status.skip();
    state.write(PRE_SCORE_STATE_KEY, s);
    return null;
  }

  score(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): [number, Status | null] {
    return [scoreNode(state.mustRead(PRE_SCORE_STATE_KEY), nodeInfo), null];
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  normalizeScore(state: CycleState, _pod: Pod, scores: { name: string; score: number }[]): Status | null {
    normalizeScores(state.mustRead(PRE_SCORE_STATE_KEY), scores);
    return null;
  }

  eventsToRegister() {
    return [
      // A pod added, relabelled or deleted may satisfy affinity or lift anti-affinity.
      { event: { resource: 'Pod' as const, actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete } },
      // A new or relabelled node may bring a topology domain.
      { event: { resource: 'Node' as const, actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
    ];
  }
}

export function create(args: unknown, handle: Handle): InterPodAffinity {
  const parsed = parseArgs(args);
  const namespaces = handle.informerFactory.informerFor('namespaces').lister;
  return new InterPodAffinity(parsed, () => handle.snapshotSharedLister(), namespaces);
}
