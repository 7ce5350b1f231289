/**
 * InterPodAffinity's PreFilter state and Filter (model: interpodaffinity/filtering.go, v1.32).
 *
 * PreFilter counts, per topology pair, once per cycle:
 *  - existingAntiAffinityCounts: required anti-affinity terms of pods already placed that select
 *    the incoming pod (only nodes in the snapshot's havePodsWithRequiredAntiAffinity list are
 *    walked);
 *  - affinityCounts / antiAffinityCounts: existing pods the incoming pod's required
 *    (anti-)affinity terms select (all pods are walked only when the pod has such terms).
 * Filter is then a few map lookups per node. AddPod/RemovePod keep the counts right while
 * preemption adds or removes pods on a cloned state.
 */
import type { Labels } from '../../../api/labels/index.js';
import type { Pod } from '../../framework/api-types.js';
import type { StateData } from '../../framework/cycle-state.js';
import { stateKey } from '../../framework/cycle-state.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';
import { IncrementalCounts, termsSignature } from './incremental.js';
import { mergeTermNamespaces, namespaceLabels, type NamespaceLister } from './namespaces.js';
import { podMatchesAllAffinityTerms, TopologyCounts } from './topology-counts.js';

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** The incoming pod's required terms with namespaceSelectors resolved. */
export interface IncomingPod {
  readonly pod: Pod;
  readonly requiredAffinityTerms: PodInfo['requiredAffinityTerms'];
  readonly requiredAntiAffinityTerms: PodInfo['requiredAntiAffinityTerms'];
}

/**
 * The counts may be shared with the plugin's IncrementalCounts (`shared`): they are read-only
 * then, valid for the cycle that computed them, and copied on the first updateWithPod
 * (copy-on-write), so what-ifs never disturb the cache.
 */
export class PreFilterState implements StateData {
  constructor(
    public existingAntiAffinityCounts: TopologyCounts,
    public affinityCounts: TopologyCounts,
    public antiAffinityCounts: TopologyCounts,
    readonly podInfo: IncomingPod,
    readonly namespaceLabels: Labels,
    private shared = false,
  ) {}

  clone(): PreFilterState {
    // A shared state's clone can share too: both copy before writing.
    if (this.shared) return new PreFilterState(this.existingAntiAffinityCounts, this.affinityCounts, this.antiAffinityCounts, this.podInfo, this.namespaceLabels, true);
    return new PreFilterState(this.existingAntiAffinityCounts.clone(), this.affinityCounts.clone(), this.antiAffinityCounts.clone(), this.podInfo, this.namespaceLabels);
  }

  /** Adds (1) or removes (-1) `podInfo` placed on `nodeInfo` (upstream updateWithPod). */
  updateWithPod(podInfo: PodInfo, nodeInfo: NodeInfo, delta: 1 | -1): void {
    if (this.shared) {
      this.existingAntiAffinityCounts = this.existingAntiAffinityCounts.clone();
      this.affinityCounts = this.affinityCounts.clone();
      this.antiAffinityCounts = this.antiAffinityCounts.clone();
      this.shared = false;
    }
    const nodeLabels = nodeInfo.node()?.metadata.labels;
    this.existingAntiAffinityCounts.addAntiAffinityTerms(podInfo.requiredAntiAffinityTerms, this.podInfo.pod, this.namespaceLabels, nodeLabels, delta);
    this.affinityCounts.addAffinityTerms(this.podInfo.requiredAffinityTerms, podInfo.pod, undefined, nodeLabels, delta);
    this.antiAffinityCounts.addAntiAffinityTerms(this.podInfo.requiredAntiAffinityTerms, podInfo.pod, undefined, nodeLabels, delta);
  }
}

export const PRE_FILTER_STATE_KEY = stateKey<PreFilterState>('PreFilterInterPodAffinity');

/**
 * The PreFilter state for `podInfo`, or undefined when nothing constrains the pod (no existing
 * anti-affinity selects it and it has no required terms: PreFilter returns Skip). With `cache`,
 * the counts of nodes unchanged since an earlier cycle with the same signature are reused.
 */
export function computePreFilterState(
  podInfo: PodInfo,
  allNodes: readonly NodeInfo[],
  nodesWithRequiredAntiAffinityPods: readonly NodeInfo[],
  nsLister: NamespaceLister | undefined,
  cache: IncrementalCounts = new IncrementalCounts(),
): PreFilterState | undefined {
  const pod = podInfo.pod;
  const incoming: IncomingPod = {
    pod,
    requiredAffinityTerms: podInfo.requiredAffinityTerms.map((t) => mergeTermNamespaces(t, nsLister)),
    requiredAntiAffinityTerms: podInfo.requiredAntiAffinityTerms.map((t) => mergeTermNamespaces(t, nsLister)),
  };
  const namespace = pod.metadata.namespace ?? '';
  const nsLabels = namespaceLabels(namespace, nsLister);

  // Existing pods' required anti-affinity terms that select the incoming pod: they depend on its
  // namespace, its labels and its namespace's labels.
  const existingSignature = `existing\u0000${namespace}\u0000${JSON.stringify(pod.metadata.labels ?? {})}\u0000${JSON.stringify(nsLabels ?? null)}`;
  const existing = cache.total(existingSignature, nodesWithRequiredAntiAffinityPods, (nodeInfo, out) => {
    const nodeLabels = nodeInfo.node()?.metadata.labels;
    if (!nodeLabels) return;
    for (const existingPod of nodeInfo.podsWithRequiredAntiAffinity) out.addAntiAffinityTerms(existingPod.requiredAntiAffinityTerms, pod, nsLabels, nodeLabels, 1);
  });

  const hasAffinity = incoming.requiredAffinityTerms.length > 0;
  const hasAntiAffinity = incoming.requiredAntiAffinityTerms.length > 0;
  const affinity = !hasAffinity
    ? new TopologyCounts()
    : cache.total(`affinity\u0000${termsSignature(incoming.requiredAffinityTerms)}`, allNodes, (nodeInfo, out) => {
        const nodeLabels = nodeInfo.node()?.metadata.labels;
        if (!nodeLabels) return;
        for (const existingPod of nodeInfo.pods) out.addAffinityTerms(incoming.requiredAffinityTerms, existingPod.pod, undefined, nodeLabels, 1);
      });
  const antiAffinity = !hasAntiAffinity
    ? new TopologyCounts()
    : cache.total(`anti\u0000${termsSignature(incoming.requiredAntiAffinityTerms)}`, allNodes, (nodeInfo, out) => {
        const nodeLabels = nodeInfo.node()?.metadata.labels;
        if (!nodeLabels) return;
        for (const existingPod of nodeInfo.pods) out.addAntiAffinityTerms(incoming.requiredAntiAffinityTerms, existingPod.pod, undefined, nodeLabels, 1);
      });

  if (existing.size === 0 && !hasAffinity && !hasAntiAffinity) return undefined;
  return new PreFilterState(existing, affinity, antiAffinity, incoming, nsLabels, true);
}

/** Upstream satisfyExistingPodsAntiAffinity. */
export function satisfyExistingPodsAntiAffinity(state: PreFilterState, nodeLabels: Labels): boolean {
  return !state.existingAntiAffinityCounts.anyPositiveForLabels(nodeLabels);
}

/** Upstream satisfyPodAntiAffinity: no pod the incoming pod repels shares a topology with the node. */
export function satisfyPodAntiAffinity(state: PreFilterState, nodeLabels: Labels): boolean {
  if (state.antiAffinityCounts.size === 0 || !nodeLabels) return true;
  for (const term of state.podInfo.requiredAntiAffinityTerms) {
    const value = nodeLabels[term.topologyKey];
    if (value !== undefined && state.antiAffinityCounts.get(term.topologyKey, value) > 0) return false;
  }
  return true;
}

/**
 * Upstream satisfyPodAffinity: the node has every term's topology key and each pair has a
 * matching pod; or, for the first pod of a group with affinity to itself, no pod matches anywhere
 * and the pod matches its own terms.
 */
export function satisfyPodAffinity(state: PreFilterState, nodeLabels: Labels): boolean {
  let podsExist = true;
  for (const term of state.podInfo.requiredAffinityTerms) {
    const value = nodeLabels?.[term.topologyKey];
    if (value === undefined) return false;
    if (state.affinityCounts.get(term.topologyKey, value) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  return state.affinityCounts.size === 0 && podMatchesAllAffinityTerms(state.podInfo.requiredAffinityTerms, state.podInfo.pod);
}

/**
 * The rejection statuses, built once per plugin instance: Filter runs on thousands of nodes per
 * cycle and the statuses are never changed after the framework stamps the (same) plugin name.
 */
export class FilterStatuses {
  readonly affinity = Status.unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
  readonly antiAffinity = Status.unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
  readonly existingAntiAffinity = Status.unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
}

/** Filter: affinity first (unresolvable), then the pod's anti-affinity, then existing pods' anti-affinity. */
export function filterNode(state: PreFilterState, nodeInfo: NodeInfo, statuses: FilterStatuses = new FilterStatuses()): Status | null {
  const node = nodeInfo.node();
  if (!node) return Status.error(new Error('node not found'));
  const labels = node.metadata.labels;
  if (!satisfyPodAffinity(state, labels)) return statuses.affinity;
  if (!satisfyPodAntiAffinity(state, labels)) return statuses.antiAffinity;
  if (!satisfyExistingPodsAntiAffinity(state, labels)) return statuses.existingAntiAffinity;
  return null;
}
