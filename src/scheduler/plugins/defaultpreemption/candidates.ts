/**
 * The pure core of preemption (model: framework/preemption/preemption.go and
 * default_preemption.go, v1.32): which pods to evict on a node (SelectVictimsOnNode), the dry
 * run over potential nodes (DryRunPreemption) and the choice among candidates
 * (pickOneNodeForPreemption). Everything works on cloned NodeInfos and CycleStates; nothing here
 * writes to the API.
 */
import { podPriority, type Pod } from '../../framework/api-types.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { PluginsRunner } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { asError, Code, isSuccess, Status } from '../../framework/status.js';
import { NodeToStatus } from '../../framework/types.js';
import { filterPodsWithPDBViolation, type PodDisruptionBudget } from './pdb.js';

export const NO_VICTIMS_REASON = 'No preemption victims found for incoming pod';

/** What the dry run needs from the framework. */
export type PreemptionRunner = Pick<PluginsRunner, 'runPreFilterExtensionAddPod' | 'runPreFilterExtensionRemovePod'> & {
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null;
};

export interface Candidate {
  readonly name: string;
  /** Victims, highest priority first. */
  readonly victims: readonly Pod[];
  readonly numPDBViolations: number;
}

/** status.startTime in ms; pods not started yet count as starting now (upstream GetPodStartTime). */
export function podStartTime(pod: Pod, now: number): number {
  const t = pod.status?.['startTime'];
  const ms = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isNaN(ms) ? now : ms;
}

/** Higher priority first, then earlier start (upstream MoreImportantPod). */
export function moreImportantPod(a: Pod, b: Pod, now: number): boolean {
  const pa = podPriority(a);
  const pb = podPriority(b);
  if (pa !== pb) return pa > pb;
  return podStartTime(a, now) < podStartTime(b, now);
}

/**
 * The victims on `nodeInfo` (a clone this function mutates, with `state` a clone too):
 *   1. remove every lower-priority pod; no such pod → UnschedulableAndUnresolvable;
 *   2. if the pod still does not fit, the node is no candidate (the Filter status);
 *   3. add victims back from the most important down, PDB-violating ones first, keeping each
 *      one the pod still fits with; the others are the victims.
 * Returns the victims (most important first), how many of them violate a PDB, and the status.
 */
export function selectVictimsOnNode(runner: PreemptionRunner, state: CycleState, pod: Pod, nodeInfo: NodeInfo, pdbs: readonly PodDisruptionBudget[], now: number): [Pod[], number, Status | null] {
  const removePod = (info: PodInfo): void => {
    nodeInfo.removePod(info.pod);
    const s = runner.runPreFilterExtensionRemovePod(state, pod, info, nodeInfo);
    if (!isSuccess(s)) throw asError(s) ?? new Error(s!.message());
  };
  const addPod = (info: PodInfo): void => {
    nodeInfo.addPodInfo(info);
    const s = runner.runPreFilterExtensionAddPod(state, pod, info, nodeInfo);
    if (!isSuccess(s)) throw asError(s) ?? new Error(s!.message());
  };
  try {
    const priority = podPriority(pod);
    const potential = nodeInfo.pods.filter((info) => podPriority(info.pod) < priority);
    for (const info of potential) removePod(info);
    if (potential.length === 0) return [[], 0, Status.unresolvable(NO_VICTIMS_REASON)];

    const fits = runner.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    if (!isSuccess(fits)) return [[], 0, fits];

    potential.sort((a, b) => (moreImportantPod(a.pod, b.pod, now) ? -1 : moreImportantPod(b.pod, a.pod, now) ? 1 : 0));
    const [violating, nonViolating] = filterPodsWithPDBViolation(potential, pdbs);
    const victims: Pod[] = [];
    const reprieve = (info: PodInfo): boolean => {
      addPod(info);
      const ok = isSuccess(runner.runFilterPluginsWithNominatedPods(state, pod, nodeInfo));
      if (!ok) {
        removePod(info);
        victims.push(info.pod);
      }
      return ok;
    };
    let numViolating = 0;
    for (const info of violating) if (!reprieve(info)) numViolating++;
    for (const info of nonViolating) reprieve(info);
    return [victims, numViolating, null];
  } catch (err) {
    return [[], 0, Status.error(err)];
  }
}

/**
 * Dry-runs preemption on the potential nodes, starting at `offset` and wrapping around, until
 * `numCandidates` candidates are found with at least one that violates no PDB. Returns the
 * candidates (non-violating first) and the statuses of the nodes that are not candidates.
 */
export function dryRunPreemption(
  runner: PreemptionRunner,
  state: CycleState,
  pod: Pod,
  potentialNodes: readonly NodeInfo[],
  pdbs: readonly PodDisruptionBudget[],
  offset: number,
  numCandidates: number,
  now: number,
): [Candidate[], NodeToStatus, Error[]] {
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  const statuses = new NodeToStatus();
  const errors: Error[] = [];
  for (let i = 0; i < potentialNodes.length; i++) {
    const nodeInfo = potentialNodes[(offset + i) % potentialNodes.length]!.clone();
    const [victims, numPDBViolations, result] = selectVictimsOnNode(runner, state.clone(), pod, nodeInfo, pdbs, now);
    let status = result;
    if (isSuccess(status) && victims.length > 0) {
      (numPDBViolations === 0 ? nonViolating : violating).push({ name: nodeInfo.name, victims, numPDBViolations });
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
      continue;
    }
    if (isSuccess(status)) status = Status.error(new Error(`expected at least one victim pod on node "${nodeInfo.name}"`));
    if (status!.code === Code.Error) errors.push(asError(status)!);
    statuses.set(nodeInfo.name, status!);
  }
  return [[...nonViolating, ...violating], statuses, errors];
}

/** The earliest start among the highest-priority victims (upstream GetEarliestPodStartTime). */
function earliestStartOfHighestPriority(victims: readonly Pod[], now: number): number {
  let maxPriority = podPriority(victims[0]!);
  let earliest = podStartTime(victims[0]!, now);
  for (const v of victims) {
    const p = podPriority(v);
    if (p === maxPriority) earliest = Math.min(earliest, podStartTime(v, now));
    else if (p > maxPriority) {
      maxPriority = p;
      earliest = podStartTime(v, now);
    }
  }
  return earliest;
}

/**
 * The candidate to preempt on (upstream pickOneNodeForPreemption): each rule keeps the best
 * nodes and the next rule breaks ties — fewest PDB violations, lowest highest-priority victim,
 * smallest sum of priorities, fewest victims, latest start of the highest-priority victims;
 * then the first candidate.
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: number): Candidate | undefined {
  if (candidates.length <= 1) return candidates[0];
  // 2^31 added per victim so that negative priorities do not favour more victims.
  const OFFSET = 2 ** 31;
  const rules: ((c: Candidate) => number)[] = [
    (c) => -c.numPDBViolations,
    (c) => -podPriority(c.victims[0]!),
    (c) => -c.victims.reduce((sum, v) => sum + podPriority(v) + OFFSET, 0),
    (c) => -c.victims.length,
    (c) => earliestStartOfHighestPriority(c.victims, now),
  ];
  let remaining = candidates.slice();
  for (const rule of rules) {
    let best = -Infinity;
    let selected: Candidate[] = [];
    for (const c of remaining) {
      const score = rule(c);
      if (score > best) {
        best = score;
        selected = [];
      }
      if (score === best) selected.push(c);
    }
    if (selected.length === 1) return selected[0];
    remaining = selected;
  }
  return remaining[0];
}

/** Whether a pod is being deleted because the scheduler preempted it (DisruptionTarget by PreemptionByScheduler). */
export function podTerminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata.deletionTimestamp) return false;
  const condition = pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
  return condition !== undefined && condition.status === 'True' && condition.reason === 'PreemptionByScheduler';
}

/**
 * Upstream PodEligibleToPreemptOthers: not with preemptionPolicy Never, and not again while a
 * lower-priority victim is still terminating on the node it was nominated to (unless that node
 * has become unresolvable for it).
 */
export function podEligibleToPreemptOthers(pod: Pod, nominatedNodeInfo: NodeInfo | undefined, nominatedNodeStatus: Status | undefined): [boolean, string] {
  if (pod.spec?.preemptionPolicy === 'Never') return [false, 'not eligible due to preemptionPolicy=Never.'];
  if (pod.status?.nominatedNodeName) {
    if (nominatedNodeStatus?.code === Code.UnschedulableAndUnresolvable) return [true, ''];
    const priority = podPriority(pod);
    for (const info of nominatedNodeInfo?.pods ?? []) {
      if (podPriority(info.pod) < priority && podTerminatingByPreemption(info.pod)) return [false, 'not eligible due to a terminating pod on the nominated node.'];
    }
  }
  return [true, ''];
}
