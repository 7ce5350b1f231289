/**
 * PodTopologySpread's PreFilter state and Filter for DoNotSchedule constraints (model:
 * podtopologyspread/filtering.go). PreFilter counts, per constraint, the matching pods in each
 * topology domain among the eligible nodes (those with every topology key that pass the
 * constraint's node inclusion policies) and keeps the two smallest domains (critical paths);
 * Filter then checks `matching in the node's domain + self match - global minimum <= maxSkew`.
 */
import { RequiredNodeAffinity } from '../../../api/node/node-selector.js';
import type { Pod } from '../../framework/api-types.js';
import { stateKey, type StateData } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { countPodsMatchSelector, matchNodeInclusionPolicies, nodeLabelsMatchSpreadConstraints, type Constraint } from './common.js';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

/**
 * The two domains with the fewest matching pods (upstream criticalPaths): paths[0] always holds
 * the minimum; paths[1] is >= paths[0] but not necessarily the second minimum.
 */
export class CriticalPaths {
  paths: [{ value: string; num: number }, { value: string; num: number }] = [
    { value: '', num: Number.MAX_SAFE_INTEGER },
    { value: '', num: Number.MAX_SAFE_INTEGER },
  ];

  update(value: string, num: number): void {
    const p = this.paths;
    const i = value === p[0].value ? 0 : value === p[1].value ? 1 : -1;
    if (i >= 0) {
      (i === 0 ? p[0] : p[1]).num = num;
      if (p[0].num > p[1].num) this.paths = [p[1], p[0]];
    } else if (num < p[0].num) {
      this.paths = [{ value, num }, p[0]];
    } else if (num < p[1].num) {
      p[1] = { value, num };
    }
  }

  clone(): CriticalPaths {
    const copy = new CriticalPaths();
    copy.paths = [{ ...this.paths[0] }, { ...this.paths[1] }];
    return copy;
  }
}

export class PreFilterState implements StateData {
  constructor(
    readonly constraints: readonly Constraint[],
    /** Per constraint: topology value → matching pods (every eligible domain has an entry). */
    readonly tpValueToMatchNum: Map<string, number>[],
    readonly criticalPaths: CriticalPaths[],
  ) {}

  clone(): PreFilterState {
    return new PreFilterState(
      this.constraints,
      this.tpValueToMatchNum.map((m) => new Map(m)),
      this.criticalPaths.map((p) => p.clone()),
    );
  }

  /** The global minimum, or 0 while there are fewer domains than minDomains. */
  minMatchNum(i: number): number {
    const c = this.constraints[i]!;
    if (this.tpValueToMatchNum[i]!.size < c.minDomains) return 0;
    return this.criticalPaths[i]!.paths[0].num;
  }

  /** Adds (1) or removes (-1) a pod on `nodeInfo` for preemption's what-ifs (upstream updateWithPod). */
  updateWithPod(podInfo: PodInfo, preemptor: Pod, nodeInfo: NodeInfo, delta: 1 | -1): void {
    const node = nodeInfo.node();
    if (!node || (podInfo.pod.metadata.namespace ?? '') !== (preemptor.metadata.namespace ?? '')) return;
    const labels = node.metadata.labels;
    if (!nodeLabelsMatchSpreadConstraints(labels, this.constraints)) return;
    const required = requiredNodeAffinity(preemptor);
    this.constraints.forEach((c, i) => {
      if (!matchNodeInclusionPolicies(c, preemptor, node, required)) return;
      if (!c.selector.matches(podInfo.pod.metadata.labels)) return;
      const value = labels![c.topologyKey]!;
      const counts = this.tpValueToMatchNum[i]!;
      const num = (counts.get(value) ?? 0) + delta;
      counts.set(value, num);
      this.criticalPaths[i]!.update(value, num);
    });
  }
}

export const PRE_FILTER_STATE_KEY = stateKey<PreFilterState>('PreFilterPodTopologySpread');

export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  return new RequiredNodeAffinity(pod.spec?.nodeSelector as Record<string, string> | undefined, pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
}

/** Counts the matching pods per domain of each constraint over all nodes (upstream calPreFilterState). */
export function computePreFilterState(pod: Pod, constraints: readonly Constraint[], allNodes: readonly NodeInfo[]): PreFilterState {
  const counts = constraints.map(() => new Map<string, number>());
  const required = requiredNodeAffinity(pod);
  const ns = pod.metadata.namespace ?? '';
  for (const nodeInfo of allNodes) {
    const node = nodeInfo.node();
    if (!node) continue;
    const labels = node.metadata.labels;
    if (!nodeLabelsMatchSpreadConstraints(labels, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!matchNodeInclusionPolicies(c, pod, node, required)) return;
      const value = labels![c.topologyKey]!;
      const m = counts[i]!;
      m.set(value, (m.get(value) ?? 0) + countPodsMatchSelector(nodeInfo.pods, c.selector, ns));
    });
  }
  const paths = counts.map((m) => {
    const p = new CriticalPaths();
    for (const [value, num] of m) p.update(value, num);
    return p;
  });
  return new PreFilterState(constraints, counts, paths);
}

/** Filter: every constraint's skew on the node's domain must stay within maxSkew. */
export function filterNode(state: PreFilterState, pod: Pod, nodeInfo: NodeInfo): Status | null {
  if (state.constraints.length === 0) return null;
  const node = nodeInfo.node();
  if (!node) return Status.error(new Error('node not found'));
  const labels = node.metadata.labels;
  for (let i = 0; i < state.constraints.length; i++) {
    const c = state.constraints[i]!;
    const value = labels?.[c.topologyKey];
    if (value === undefined) return Status.unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
    const selfMatch = c.selector.matches(pod.metadata.labels) ? 1 : 0;
    const matchNum = state.tpValueToMatchNum[i]!.get(value) ?? 0;
    if (matchNum + selfMatch - state.minMatchNum(i) > c.maxSkew) return Status.unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return null;
}
