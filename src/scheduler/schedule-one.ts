/**
 * One pod's trip through the framework (model: pkg/scheduler/schedule_one.go).
 *
 * scheduleOne(pod):
 *   1. skip pods being deleted or already assumed;
 *   2. bring the snapshot up to date (only changed NodeInfos are copied);
 *   3. schedulePod: PreFilter → Filter over nodes from a moving start index, stopping after
 *      numFeasibleNodesToFind feasible nodes → (one node: done) PreScore → Score → pick the
 *      highest total, random among ties; no node fits: FitError;
 *   4. on FitError: PostFilter (preemption) may nominate a node; the failure handler records
 *      FailedScheduling, patches PodScheduled=False (and nominatedNodeName), requeues;
 *   5. assume the pod on the node in the cache → Reserve → Permit;
 *   6. binding cycle, asynchronously (the next pod's cycle starts at once): wait for Permit →
 *      PreBind → Bind (pods/binding) → finish binding → PostBind → `Scheduled` event. Any
 *      failure after assume: Unreserve, forget the assumed pod, requeue with backoff.
 */
import type { Lister } from '../client/cache/index.js';
import type { Logger } from '../util/logging.js';
import type { Clock } from '../client/flowcontrol/clock.js';
import { podKey, type Pod, type PodCondition } from './framework/api-types.js';
import type { CycleState } from './framework/cycle-state.js';
import { ActionType } from './framework/events.js';
import type { NodeInfo } from './framework/node-info.js';
import { Snapshot } from './framework/snapshot.js';
import { Code, Status, isSuccess, isWait } from './framework/status.js';
import { FitError, addPluginStatus, allNodes, newDiagnosis, type Diagnosis, type NominatingInfo, type QueuedPodInfo } from './framework/types.js';
import type { SchedulerCache } from './cache/cache.js';
import type { SchedulingQueue } from './queue/scheduling-queue.js';
import type { Framework } from './runtime/framework.js';

export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
const MAX_EVENT_MESSAGE = 1024;

/** Upstream numFeasibleNodesToFind: adaptive 50% − nodes/125 (at least 5%), never below 100 nodes. */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}

export interface ScheduleResult {
  suggestedHost: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

export interface SchedulerCoreDeps {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  frameworks: ReadonlyMap<string, Framework>;
  /** The informer's pods, to see whether a failed pod still exists and is unbound. */
  podLister: Lister<Pod>;
  percentageOfNodesToScore: number;
  logger: Logger;
  clock: Clock;
  /** Writes pod status (PodScheduled condition, nominatedNodeName) with a strategic merge patch. */
  patchPodStatus: (pod: Pod, patch: { conditions?: PodCondition[]; nominatedNodeName?: string | null }) => Promise<void>;
  random?: () => number;
}

export class SchedulerCore {
  readonly snapshot = new Snapshot();
  private nextStartNodeIndex = 0;
  private readonly random: () => number;
  /** Binding cycles in progress (awaited on shutdown). */
  readonly bindings = new Set<Promise<void>>();

  constructor(private readonly deps: SchedulerCoreDeps) {
    this.random = deps.random ?? Math.random;
  }

  frameworkFor(pod: Pod): Framework | undefined {
    return this.deps.frameworks.get(pod.spec?.schedulerName || 'default-scheduler');
  }

  /** Runs the scheduling cycle of `qp` and starts its binding cycle. */
  async scheduleOne(qp: QueuedPodInfo): Promise<void> {
    const pod = qp.podInfo.pod;
    const fwk = this.frameworkFor(pod);
    const { cache, queue } = this.deps;
    if (!fwk || pod.metadata.deletionTimestamp || cache.isAssumedPod(pod)) {
      queue.done(pod);
      return;
    }
    const cycle = queue.cycle;
    const state = fwk.newCycleState();
    cache.updateSnapshot(this.snapshot);

    let host: string;
    try {
      host = this.schedulePod(fwk, state, pod).suggestedHost;
    } catch (err) {
      if (err instanceof FitError) {
        let nominating: NominatingInfo | undefined;
        if (fwk.hasPostFilterPlugins()) {
          const [result, status] = await fwk.runPostFilterPlugins(state, pod, err.diagnosis.nodeToStatus);
          err.diagnosis.postFilterMsg = status.message();
          if (status.code === Code.Error) this.deps.logger.error({ pod: podKey(pod), status: status.message() }, 'PostFilter failed');
          nominating = result?.nominatingInfo;
        }
        this.handleFailure(fwk, qp, cycle, new Status(Code.Unschedulable, [], err), err.diagnosis, nominating);
      } else if (err instanceof NoNodesError) {
        this.handleFailure(fwk, qp, cycle, new Status(Code.UnschedulableAndUnresolvable, [], err), undefined, { nominatedNodeName: '', nominatingMode: 'Override' });
      } else {
        this.handleFailure(fwk, qp, cycle, Status.error(err), undefined, undefined);
      }
      return;
    }

    // Assume: the cache counts the pod on the node before the bind finishes.
    const assumed: Pod = { ...pod, spec: { ...pod.spec, nodeName: host } };
    try {
      cache.assumePod(assumed);
    } catch (err) {
      this.handleFailure(fwk, qp, cycle, Status.error(err), undefined, undefined);
      return;
    }
    const reserve = fwk.runReservePluginsReserve(state, assumed, host);
    if (!isSuccess(reserve)) {
      this.undoAssume(fwk, state, assumed, host);
      this.handleFailure(fwk, qp, cycle, reserve!, undefined, undefined);
      return;
    }
    const permit = fwk.runPermitPlugins(state, assumed, host);
    if (!isSuccess(permit) && !isWait(permit)) {
      this.undoAssume(fwk, state, assumed, host);
      this.handleFailure(fwk, qp, cycle, permit!, undefined, undefined);
      return;
    }
    // A nominated pod that found a place no longer needs its nomination.
    queue.nominator.deleteNominatedPodIfExists(pod);

    const binding = this.bindingCycle(fwk, state, qp, assumed, host, cycle);
    this.bindings.add(binding);
    void binding.finally(() => this.bindings.delete(binding));
  }

  /** PreFilter/Filter/Score over the snapshot; throws FitError or NoNodesError. */
  schedulePod(fwk: Framework, state: CycleState, pod: Pod): ScheduleResult {
    const all = this.snapshot.list();
    if (all.length === 0) throw new NoNodesError();
    const diagnosis = newDiagnosis();
    const feasible = this.findNodesThatFitPod(fwk, state, pod, diagnosis);
    if (feasible.length === 0) throw new FitError(pod, all.length, diagnosis);
    const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
    if (feasible.length === 1) return { suggestedHost: feasible[0]!.name, evaluatedNodes, feasibleNodes: 1 };
    const host = this.prioritizeAndSelect(fwk, state, pod, feasible);
    return { suggestedHost: host, evaluatedNodes, feasibleNodes: feasible.length };
  }

  private findNodesThatFitPod(fwk: Framework, state: CycleState, pod: Pod, diagnosis: Diagnosis): NodeInfo[] {
    const all = this.snapshot.list();
    const [preRes, status, plugins] = fwk.runPreFilterPlugins(state, pod, all);
    diagnosis.unschedulablePlugins = plugins;
    if (!isSuccess(status)) {
      if (!status!.isRejected()) throw status!.error ?? new Error(status!.message());
      diagnosis.nodeToStatus.setAbsentNodesStatus(status!);
      diagnosis.preFilterMsg = status!.message();
      if (status!.plugin) diagnosis.unschedulablePlugins.add(status!.plugin);
      return [];
    }
    let nodes: readonly NodeInfo[] = all;
    if (!allNodes(preRes)) {
      const picked: NodeInfo[] = [];
      for (const name of preRes!.nodeNames!) {
        const info = this.snapshot.get(name);
        if (info) picked.push(info);
      }
      nodes = picked;
      diagnosis.nodeToStatus.setAbsentNodesStatus(Status.unresolvable(`node(s) didn't satisfy plugin(s) [${[...plugins].sort().join(' ')}]`));
    }
    const feasible = this.findNodesThatPassFilters(fwk, state, pod, diagnosis, nodes);
    const processed = feasible.length + diagnosis.nodeToStatus.size;
    this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % all.length;
    return feasible;
  }

  private findNodesThatPassFilters(fwk: Framework, state: CycleState, pod: Pod, diagnosis: Diagnosis, nodes: readonly NodeInfo[]): NodeInfo[] {
    const n = nodes.length;
    if (n === 0) return [];
    const percentage = fwk.percentageOfNodesToScore ?? this.deps.percentageOfNodesToScore;
    const toFind = numFeasibleNodesToFind(percentage, n);
    const feasible: NodeInfo[] = [];
    const start = this.nextStartNodeIndex % n;
    if (fwk.filterPlugins.length === 0) {
      for (let i = 0; i < toFind; i++) feasible.push(nodes[(start + i) % n]!);
      return feasible;
    }
    for (let i = 0; i < n; i++) {
      const nodeInfo = nodes[(start + i) % n]!;
      const status = fwk.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
      if (isSuccess(status)) {
        feasible.push(nodeInfo);
        if (feasible.length >= toFind) break;
      } else if (status!.isRejected()) {
        diagnosis.nodeToStatus.set(nodeInfo.name, status!);
        addPluginStatus(diagnosis, status!);
      } else {
        throw status!.error ?? new Error(status!.message());
      }
    }
    return feasible;
  }

  private prioritizeAndSelect(fwk: Framework, state: CycleState, pod: Pod, feasible: NodeInfo[]): string {
    if (fwk.scorePlugins.length === 0) return feasible[Math.floor(this.random() * feasible.length)]!.name;
    const pre = fwk.runPreScorePlugins(state, pod, feasible);
    if (!isSuccess(pre)) throw pre!.error ?? new Error(pre!.message());
    const [scores, status] = fwk.runScorePlugins(state, pod, feasible);
    if (!isSuccess(status)) throw status!.error ?? new Error(status!.message());
    // Reservoir sampling among the highest totals (upstream selectHost).
    let best = scores[0]!;
    let ties = 1;
    for (let i = 1; i < scores.length; i++) {
      const s = scores[i]!;
      if (s.totalScore > best.totalScore) {
        best = s;
        ties = 1;
      } else if (s.totalScore === best.totalScore) {
        ties++;
        if (Math.floor(this.random() * ties) === 0) best = s;
      }
    }
    return best.name;
  }

  private async bindingCycle(fwk: Framework, state: CycleState, qp: QueuedPodInfo, assumed: Pod, host: string, cycle: number): Promise<void> {
    const { cache, queue } = this.deps;
    let status = await fwk.waitOnPermit(assumed);
    if (isSuccess(status)) status = await fwk.runPreBindPlugins(state, assumed, host);
    if (isSuccess(status)) status = await fwk.runBindPlugins(state, assumed, host);
    if (!isSuccess(status)) {
      this.undoAssume(fwk, state, assumed, host);
      // The assumed pod's resources are free again: pods waiting for them may fit now.
      queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: ActionType.Delete, label: 'AssignedPodDelete' }, assumed, undefined);
      const failure = status!.isRejected() ? status! : Status.error(status!.error ?? new Error(status!.message()));
      this.handleFailure(fwk, qp, cycle, failure, undefined, undefined);
      return;
    }
    cache.finishBinding(assumed);
    queue.done(assumed);
    fwk.runPostBindPlugins(state, assumed, host);
    fwk.eventRecorder.event(qp.podInfo.pod, 'Normal', 'Scheduled', `Successfully assigned ${podKey(assumed)} to ${host}`);
  }

  private undoAssume(fwk: Framework, state: CycleState, assumed: Pod, host: string): void {
    fwk.runReservePluginsUnreserve(state, assumed, host);
    this.deps.cache.forgetPod(assumed);
  }

  /**
   * Records the failure (event, PodScheduled=False, nomination) and requeues the pod unless it
   * was deleted or bound meanwhile.
   */
  handleFailure(fwk: Framework, qp: QueuedPodInfo, cycle: number, status: Status, diagnosis: Diagnosis | undefined, nominating: NominatingInfo | undefined): void {
    const { queue, podLister, logger } = this.deps;
    const pod = qp.podInfo.pod;
    const rejected = status.isRejected();
    const reason = rejected ? 'Unschedulable' : 'SchedulerError';
    const message = status.message();
    if (!rejected) logger.error({ pod: podKey(pod), err: message }, 'error scheduling pod; retrying');

    const current = podLister.get(pod.metadata.namespace ?? '', pod.metadata.name ?? '');
    if (!current || current.metadata.uid !== pod.metadata.uid || current.spec?.nodeName) {
      queue.done(pod);
    } else {
      const failed: QueuedPodInfo = {
        ...qp,
        unschedulablePlugins: diagnosis ? new Set(diagnosis.unschedulablePlugins) : new Set(),
        pendingPlugins: diagnosis ? new Set(diagnosis.pendingPlugins) : new Set(),
      };
      queue.addUnschedulableIfNotPresent(failed, cycle, rejected);
    }
    if (nominating && nominating.nominatingMode === 'Override') {
      queue.nominator.addNominatedPod(qp.podInfo, nominating);
    }

    fwk.eventRecorder.event(pod, 'Warning', 'FailedScheduling', truncateMessage(message));
    const condition: PodCondition = { type: 'PodScheduled', status: 'False', lastProbeTime: null, reason, message };
    const existing = (current ?? pod).status?.conditions?.find((c) => c.type === 'PodScheduled');
    const nominatedChanges = nominating?.nominatingMode === 'Override' && (current ?? pod).status?.nominatedNodeName !== nominating.nominatedNodeName;
    const conditionChanges = !existing || existing.status !== condition.status || existing.reason !== condition.reason || existing.message !== condition.message;
    if (!current || (!conditionChanges && !nominatedChanges)) return;
    const patch: { conditions?: PodCondition[]; nominatedNodeName?: string | null } = {};
    if (conditionChanges) {
      condition.lastTransitionTime = existing && existing.status === condition.status ? existing.lastTransitionTime : new Date(Math.floor(this.deps.clock.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
      patch.conditions = [condition];
    }
    if (nominatedChanges) patch.nominatedNodeName = nominating!.nominatedNodeName || null;
    this.deps.patchPodStatus(current, patch).catch((err: unknown) => logger.warn({ pod: podKey(pod), err: (err as Error).message }, 'updating pod status failed'));
  }
}

export class NoNodesError extends Error {
  constructor() {
    super(ERR_NO_NODES_AVAILABLE);
    this.name = 'NoNodesError';
  }
}

function truncateMessage(message: string): string {
  if (message.length <= MAX_EVENT_MESSAGE) return message;
  return `${message.slice(0, MAX_EVENT_MESSAGE - 3)}...`;
}
