/**
 * PodDisruptionBudgets as preemption sees them (model: default_preemption.go
 * filterPodsWithPDBViolation): a victim violates a PDB when evicting it, after the victims
 * before it, would take the PDB's disruptionsAllowed below zero. Violations are a preference
 * (fewer is better), never a hard stop.
 */
import { selectorFromLabelSelector, type LabelSelectorSpec } from '../../../api/labels/index.js';
import type { KubeObjectLike } from '../../../client/object.js';
import type { PodInfo } from '../../framework/pod-info.js';

export interface PodDisruptionBudget extends KubeObjectLike {
  spec?: { selector?: LabelSelectorSpec | null };
  status?: { disruptionsAllowed?: number; disruptedPods?: Record<string, string> };
}

/** Splits `podInfos` (in order) into PDB-violating and non-violating victims. */
export function filterPodsWithPDBViolation(podInfos: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((pdb) => pdb.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map((pdb) => {
    try {
      return selectorFromLabelSelector(pdb.spec?.selector);
    } catch {
      return undefined; // An invalid selector matches nothing.
    }
  });
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const info of podInfos) {
    const meta = info.pod.metadata;
    let violated = false;
    // A pod without labels matches no PDB.
    if (meta.labels && Object.keys(meta.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if ((pdb.metadata.namespace ?? '') !== (meta.namespace ?? '')) return;
        const selector = selectors[i];
        // A nil or empty selector matches nothing here.
        if (!selector || selector.isEmpty() || !selector.matches(meta.labels)) return;
        // Already counted by the API server as disrupted: not a new violation.
        if (pdb.status?.disruptedPods && Object.hasOwn(pdb.status.disruptedPods, meta.name ?? '')) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(info);
  }
  return [violating, nonViolating];
}
