/**
 * PodTopologySpread's PreScore, Score and NormalizeScore for ScheduleAnyway constraints (model:
 * podtopologyspread/scoring.go, v1.32). A node scores the matching pods of its domains, each
 * weighted by log(number of domains + 2), plus maxSkew - 1; fewer is better, so NormalizeScore
 * reverses: MAX * (max + min - score) / max. Nodes missing a topology key score 0.
 */
import type { Pod } from '../../framework/api-types.js';
import { stateKey, type StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/types.js';
import { countPodsMatchSelector, LABEL_HOSTNAME, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints, type Constraint } from './common.js';
import { requiredNodeAffinity } from './filtering.js';

export class PreScoreState implements StateData {
  constructor(
    readonly constraints: readonly Constraint[],
    /** Nodes missing some topology key (when all are required): they score 0. */
    readonly ignoredNodes: ReadonlySet<string>,
    /** Per constraint: topology value → matching pods, for the domains of feasible nodes (not hostname). */
    readonly podCounts: Map<string, number>[],
    readonly normalizingWeights: readonly number[],
  ) {}
  clone(): this {
    return this;
  }
}

export const PRE_SCORE_STATE_KEY = stateKey<PreScoreState>('PreScorePodTopologySpread');

export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/**
 * The PreScore state, or undefined when there is nothing to score. `requireAllTopologies` is
 * false only for the system default constraints (so nodes without a zone still spread by host).
 */
export function computePreScoreState(pod: Pod, constraints: readonly Constraint[], filteredNodes: readonly NodeInfo[], allNodes: readonly NodeInfo[], requireAllTopologies: boolean): PreScoreState | undefined {
  if (constraints.length === 0 || allNodes.length === 0) return undefined;
  const ignored = new Set<string>();
  const podCounts = constraints.map(() => new Map<string, number>());
  for (const nodeInfo of filteredNodes) {
    const labels = nodeInfo.node()?.metadata.labels;
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) {
      ignored.add(nodeInfo.name);
      continue;
    }
    constraints.forEach((c, i) => {
      // Per-node counts are computed in Score.
      if (c.topologyKey === LABEL_HOSTNAME) return;
      const value = labels?.[c.topologyKey] ?? '';
      if (!podCounts[i]!.has(value)) podCounts[i]!.set(value, 0);
    });
  }
  const weights = constraints.map((c, i) => topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? filteredNodes.length - ignored.size : podCounts[i]!.size));

  const required = requiredNodeAffinity(pod);
  const ns = pod.metadata.namespace ?? '';
  for (const nodeInfo of allNodes) {
    const node = nodeInfo.node();
    if (!node) continue;
    const labels = node.metadata.labels;
    if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!matchNodeInclusionPolicies(c, pod, node, required)) return;
      const counts = podCounts[i]!;
      const value = labels?.[c.topologyKey] ?? '';
      const current = counts.get(value);
      // Only domains of feasible nodes are counted (hostname domains are not in the map).
      if (current === undefined) return;
      counts.set(value, current + countPodsMatchSelector(nodeInfo.pods, c.selector, ns));
    });
  }
  return new PreScoreState(constraints, ignored, podCounts, weights);
}

export function scoreNode(state: PreScoreState, pod: Pod, nodeInfo: NodeInfo): number {
  if (state.ignoredNodes.has(nodeInfo.name)) return 0;
  const labels = nodeInfo.node()?.metadata.labels;
  let score = 0;
  state.constraints.forEach((c, i) => {
    const value = labels?.[c.topologyKey];
    if (value === undefined) return;
    const count = c.topologyKey === LABEL_HOSTNAME ? countPodsMatchSelector(nodeInfo.pods, c.selector, pod.metadata.namespace ?? '') : (state.podCounts[i]!.get(value) ?? 0);
    score += scoreForCount(count, c.maxSkew, state.normalizingWeights[i]!);
  });
  return Math.round(score);
}

/** Fewer matching pods is better: reverse onto [0, MAX_NODE_SCORE]; ignored nodes get 0. */
export function normalizeScores(state: PreScoreState, scores: NodeScore[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (const s of scores) {
    if (state.ignoredNodes.has(s.name)) continue;
    if (s.score < min) min = s.score;
    if (s.score > max) max = s.score;
  }
  for (const s of scores) {
    if (state.ignoredNodes.has(s.name)) s.score = 0;
    else if (max === 0) s.score = MAX_NODE_SCORE;
    else s.score = Math.trunc((MAX_NODE_SCORE * (max + min - s.score)) / max);
  }
}
