/**
 * InterPodAffinity's PreScore, Score and NormalizeScore (model: interpodaffinity/scoring.go,
 * v1.32). PreScore sums, per topology pair, the weights of preferred terms between the incoming
 * pod and existing pods in both directions (and existing pods' required affinity terms that
 * select the incoming pod, with hardPodAffinityWeight); Score adds up the node's pairs;
 * NormalizeScore maps [min, max] onto [0, 100].
 */
import type { Labels } from '../../../api/labels/index.js';
import type { Pod } from '../../framework/api-types.js';
import { stateKey, type StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { affinityTermMatches, type AffinityTerm, type PodInfo, type WeightedAffinityTerm } from '../../framework/pod-info.js';
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/types.js';
import { mergeTermNamespaces, namespaceLabels, type NamespaceLister } from './namespaces.js';
import { TopologyCounts } from './topology-counts.js';

export class PreScoreState implements StateData {
  constructor(readonly topologyScore: TopologyCounts) {}
  clone(): this {
    return this;
  }
}

export const PRE_SCORE_STATE_KEY = stateKey<PreScoreState>('PreScoreInterPodAffinity');

export interface ScoringArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

/** Adds the term's weight to the node's pair when the term selects `pod`; true when it did. */
function processTerm(scores: TopologyCounts, term: AffinityTerm, weight: number, pod: Pod, nsLabels: Labels, nodeLabels: Labels, multiplier: 1 | -1): boolean {
  if (!affinityTermMatches(term, pod, nsLabels)) return false;
  const value = nodeLabels?.[term.topologyKey];
  if (value === undefined) return false;
  scores.add(term.topologyKey, value, weight * multiplier);
  return true;
}

function processTerms(scores: TopologyCounts, terms: readonly WeightedAffinityTerm[], pod: Pod, nsLabels: Labels, nodeLabels: Labels, multiplier: 1 | -1): boolean {
  let any = false;
  for (const term of terms) if (processTerm(scores, term, term.weight, pod, nsLabels, nodeLabels, multiplier)) any = true;
  return any;
}

/**
 * The PreScore state, or undefined when there is nothing to score (PreScore returns Skip):
 * no nodes, or no term on either side contributes.
 */
export function computePreScoreState(
  podInfo: PodInfo,
  allNodes: readonly NodeInfo[],
  nodesWithAffinityPods: readonly NodeInfo[],
  nsLister: NamespaceLister | undefined,
  args: ScoringArgs,
): PreScoreState | undefined {
  const pod = podInfo.pod;
  const hasConstraints = podInfo.preferredAffinityTerms.length > 0 || podInfo.preferredAntiAffinityTerms.length > 0;
  if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return undefined;
  // Without preferred terms of its own, only pods with (anti-)affinity can score the pod.
  const nodes = hasConstraints ? allNodes : nodesWithAffinityPods;
  const preferredAffinity = podInfo.preferredAffinityTerms.map((t) => mergeTermNamespaces(t, nsLister));
  const preferredAntiAffinity = podInfo.preferredAntiAffinityTerms.map((t) => mergeTermNamespaces(t, nsLister));
  const nsLabels = namespaceLabels(pod.metadata.namespace ?? '', nsLister);

  const scores = new TopologyCounts();
  let touched = false;
  for (const nodeInfo of nodes) {
    const nodeLabels = nodeInfo.node()?.metadata.labels;
    if (!nodeLabels || Object.keys(nodeLabels).length === 0) continue;
    for (const existing of hasConstraints ? nodeInfo.pods : nodeInfo.podsWithAffinity) {
      // The incoming pod's terms had their namespaceSelector merged: no namespace labels needed.
      if (processTerms(scores, preferredAffinity, existing.pod, undefined, nodeLabels, 1)) touched = true;
      if (processTerms(scores, preferredAntiAffinity, existing.pod, undefined, nodeLabels, -1)) touched = true;
      if (args.hardPodAffinityWeight > 0) {
        for (const term of existing.requiredAffinityTerms) if (processTerm(scores, term, args.hardPodAffinityWeight, pod, nsLabels, nodeLabels, 1)) touched = true;
      }
      if (processTerms(scores, existing.preferredAffinityTerms, pod, nsLabels, nodeLabels, 1)) touched = true;
      if (processTerms(scores, existing.preferredAntiAffinityTerms, pod, nsLabels, nodeLabels, -1)) touched = true;
    }
  }
  // Upstream skips when no term matched anywhere; sums cancelling out to zero still score.
  if (!touched) return undefined;
  return new PreScoreState(scores);
}

/** The sum of the scores of the node's topology pairs. */
export function scoreNode(state: PreScoreState, nodeInfo: NodeInfo): number {
  const labels = nodeInfo.node()?.metadata.labels;
  if (!labels) return 0;
  let score = 0;
  for (const key in labels) score += state.topologyScore.get(key, labels[key]!);
  return score;
}

/** Maps [min, max] linearly onto [0, MAX_NODE_SCORE] (all 0 when every node scored the same). */
export function normalizeScores(state: PreScoreState, scores: NodeScore[]): void {
  if (state.topologyScore.size === 0) return;
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    if (s.score > max) max = s.score;
    if (s.score < min) min = s.score;
  }
  const diff = max - min;
  for (const s of scores) s.score = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (s.score - min)) / diff) : 0;
}
