/**
 * Topology spread constraints as the plugin uses them (model: podtopologyspread/common.go,
 * v1.32): parsed selectors with matchLabelKeys merged in, minDomains and the node inclusion
 * policies defaulted, and the helpers Filter and Score share.
 */
import { LabelSelector, newRequirement, selectorFromLabelSelector, type Labels } from '../../../api/labels/index.js';
import type { RequiredNodeAffinity } from '../../../api/node/node-selector.js';
import { findMatchingUntoleratedTaint } from '../../../api/taints/index.js';
import type { Node, Pod, Taint, TopologySpreadConstraint } from '../../framework/api-types.js';
import type { PodInfo } from '../../framework/pod-info.js';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

export type UnsatisfiableAction = 'DoNotSchedule' | 'ScheduleAnyway';

export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelSelector;
  /** 1 when unset. */
  readonly minDomains: number;
  /** Honor when unset. */
  readonly nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Ignore when unset. */
  readonly nodeTaintsPolicy: 'Honor' | 'Ignore';
}

/** The system default constraints (upstream systemDefaultConstraints). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/**
 * The constraints with `action`, parsed (upstream filterTopologySpreadConstraints). Throws on an
 * invalid label selector. matchLabelKeys add `key=value` requirements for the keys the pod has.
 */
export function filterConstraints(constraints: readonly TopologySpreadConstraint[] | undefined, podLabels: Labels, action: UnsatisfiableAction): Constraint[] {
  const out: Constraint[] = [];
  for (const c of constraints ?? []) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = selectorFromLabelSelector(c.labelSelector);
    const matchLabels: Record<string, string> = {};
    for (const key of c.matchLabelKeys ?? []) {
      const value = podLabels?.[key];
      if (value !== undefined) matchLabels[key] = value;
    }
    if (Object.keys(matchLabels).length > 0) selector = mergeLabelSetWithSelector(matchLabels, selector);
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
    });
  }
  return out;
}

/** `matchLabels` AND the selector's requirements; a nothing selector stays nothing. */
export function mergeLabelSetWithSelector(matchLabels: Record<string, string>, selector: LabelSelector): LabelSelector {
  const reqs = selector.requirements();
  if (reqs === undefined) return selector;
  return LabelSelector.of([...Object.entries(matchLabels).map(([k, v]) => newRequirement(k, '=', [v])), ...reqs]);
}

/** Whether spreading counts `node` for `pod` under the constraint's policies. */
export function matchNodeInclusionPolicies(c: Constraint, pod: Pod, node: Node, required: RequiredNodeAffinity): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !required.match(node)) return false;
  if (c.nodeTaintsPolicy === 'Honor') {
    const untolerated = findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    if (untolerated) return false;
  }
  return true;
}

/** Whether the node has every constraint's topology key. */
export function nodeLabelsMatchSpreadConstraints(nodeLabels: Labels, constraints: readonly Constraint[]): boolean {
  for (const c of constraints) if (nodeLabels?.[c.topologyKey] === undefined) return false;
  return true;
}

/** The pods of namespace `ns`, not terminating, that `selector` selects (0 for an empty selector). */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: LabelSelector, ns: string): number {
  if (selector.isEmpty()) return 0;
  let count = 0;
  for (const p of pods) {
    const meta = p.pod.metadata;
    if (meta.deletionTimestamp || (meta.namespace ?? '') !== ns) continue;
    if (selector.matches(meta.labels)) count++;
  }
  return count;
}
