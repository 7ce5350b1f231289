/**
 * DefaultPreemption (PostFilter): when no node fits a pod, find a node where evicting
 * lower-priority pods makes it fit, evict them, and nominate that node (model:
 * plugins/defaultpreemption and framework/preemption's Evaluator.Preempt, v1.32).
 *
 * Steps of postFilter:
 *   0. read the latest pod from the informer;
 *   1. check the pod may preempt (podEligibleToPreemptOthers);
 *   2. dry-run on the nodes Filter found Unschedulable (not Unresolvable) → candidates;
 *      none → Unschedulable with a FitError message and an empty nomination (clears it);
 *   3. pick one candidate;
 *   4. prepare it: reject victims waiting at Permit, otherwise add the DisruptionTarget
 *      condition and delete them (graceful), emit Preempted events, and clear the nomination of
 *      lower-priority pods nominated to the node;
 *   5. return the node as the nomination; the scheduler sets status.nominatedNodeName and
 *      retries the pod when the victims are gone.
 * Every status message is prefixed with "preemption: " (the FailedScheduling event's tail).
 */
import type { KubeObjectLike } from '../../../client/object.js';
import type { ResourceClient } from '../../../client/rest/index.js';
import type { EventRecorder } from '../../../client/events/index.js';
import { isNotFound } from '../../../util/errors.js';
import type { Logger } from '../../../util/logging.js';
import { podKey, podPriority, podUID, type Pod } from '../../framework/api-types.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { Handle, PodNominator, PostFilterPlugin, WaitingPod } from '../../framework/interface.js';
import type { SharedLister } from '../../framework/snapshot.js';
import { Code, Status } from '../../framework/status.js';
import { FitError, newDiagnosis, NodeToStatus, postFilterResultWithNominatedNode, type PostFilterResult } from '../../framework/types.js';
import { calculateNumCandidates, parseArgs, type DefaultPreemptionArgs } from './args.js';
import { dryRunPreemption, pickOneNodeForPreemption, podEligibleToPreemptOthers, type Candidate, type PreemptionRunner } from './candidates.js';
import type { PodDisruptionBudget } from './pdb.js';

export const NAME = 'DefaultPreemption';

export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';

export interface PreemptionDeps {
  runner: PreemptionRunner;
  snapshot: () => SharedLister;
  nominator: Pick<PodNominator, 'nominatedPodsForNode'>;
  /** The latest pod from the informer (undefined when gone). */
  getPod: (namespace: string, name: string) => Pod | undefined;
  listPDBs: () => PodDisruptionBudget[];
  /** The pods API (called only when preempting). */
  pods: () => ResourceClient<Pod>;
  recorder: EventRecorder;
  getWaitingPod: (uid: string) => WaitingPod | undefined;
  logger: Logger;
  now?: () => number;
  random?: () => number;
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = NAME;

  constructor(
    private readonly args: DefaultPreemptionArgs,
    private readonly deps: PreemptionDeps,
  ) {}

  async postFilter(state: CycleState, pod: Pod, filteredNodeStatusMap: NodeToStatus): Promise<[PostFilterResult | null, Status | null]> {
    const [result, status] = await this.preempt(state, pod, filteredNodeStatusMap);
    const msg = status?.message() ?? '';
    if (status && msg !== '') return [result, new Status(status.code, [`preemption: ${msg}`])];
    return [result, status];
  }

  /** Upstream Evaluator.Preempt. */
  async preempt(state: CycleState, incoming: Pod, m: NodeToStatus): Promise<[PostFilterResult | null, Status | null]> {
    const now = (this.deps.now ?? Date.now)();
    // 0. The latest version of the pod.
    const pod = this.deps.getPod(incoming.metadata.namespace ?? '', incoming.metadata.name ?? '');
    if (!pod) return [null, Status.error(new Error(`pod "${podKey(incoming)}" not found`))];

    // 1. Eligibility.
    const nodeInfos = this.deps.snapshot().nodeInfos();
    const nominated = pod.status?.nominatedNodeName ?? '';
    const [eligible, reason] = podEligibleToPreemptOthers(pod, nominated ? nodeInfos.get(nominated) : undefined, nominated ? m.get(nominated) : undefined);
    if (!eligible) return [null, Status.unschedulable(reason)];

    // 2. Candidates.
    const allNodes = nodeInfos.list();
    if (allNodes.length === 0) return [null, Status.error(new Error('no nodes available'))];
    const potential = m.nodesForStatusCode(allNodes, Code.Unschedulable);
    let candidates: Candidate[] = [];
    let statuses = new NodeToStatus();
    if (potential.length === 0) {
      await this.clearNominatedNodeName([pod]);
    } else {
      const offset = Math.floor((this.deps.random ?? Math.random)() * potential.length);
      const numCandidates = calculateNumCandidates(potential.length, this.args);
      let errors: Error[];
      [candidates, statuses, errors] = dryRunPreemption(this.deps.runner, state, pod, potential, this.deps.listPDBs(), offset, numCandidates, now);
      if (errors.length > 0 && candidates.length === 0) return [null, Status.error(new Error(errors.map((e) => e.message).join(', ')))];
    }
    if (candidates.length === 0) {
      const diagnosis = newDiagnosis();
      diagnosis.nodeToStatus = statuses;
      statuses.setAbsentNodesStatus(Status.unresolvable(PREEMPTION_NOT_HELPFUL));
      // An empty nomination clears the pod's nominatedNodeName, if any.
      return [postFilterResultWithNominatedNode(''), Status.unschedulable(new FitError(pod, allNodes.length, diagnosis).message)];
    }

    // 3. The best candidate.
    const best = pickOneNodeForPreemption(candidates, now);
    if (!best || best.name === '') return [null, Status.unschedulable('no candidate node for preemption')];

    // 4. Evict the victims.
    const prepared = await this.prepareCandidate(best, pod);
    if (prepared) return [null, prepared];

    // 5. Nominate.
    return [postFilterResultWithNominatedNode(best.name), new Status(Code.Success)];
  }

  private async prepareCandidate(candidate: Candidate, preemptor: Pod): Promise<Status | null> {
    try {
      await Promise.all(candidate.victims.map((victim) => this.preemptPod(candidate.name, preemptor, victim)));
    } catch (err) {
      return Status.error(err);
    }
    // Lower-priority pods nominated to this node may no longer fit: let them look elsewhere.
    const priority = podPriority(preemptor);
    const lower = this.deps.nominator
      .nominatedPodsForNode(candidate.name)
      .map((info) => info.pod)
      .filter((p) => podPriority(p) < priority);
    await this.clearNominatedNodeName(lower);
    return null;
  }

  /** Rejects a victim waiting at Permit, or marks it DisruptionTarget and deletes it; then the Preempted event. */
  private async preemptPod(nodeName: string, preemptor: Pod, victim: Pod): Promise<void> {
    const waiting = this.deps.getWaitingPod(podUID(victim));
    if (waiting) {
      waiting.reject(NAME, 'preempted');
    } else {
      const client = this.deps.pods().namespace(victim.metadata.namespace ?? '');
      const name = victim.metadata.name ?? '';
      const existing = victim.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
      const message = `${preemptor.spec?.schedulerName || 'default-scheduler'}: preempting to accommodate a higher priority pod`;
      try {
        if (!existing || existing.status !== 'True' || existing.reason !== 'PreemptionByScheduler' || existing.message !== message) {
          const condition = { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
          await client.patch(name, 'strategic', { status: { conditions: [condition] } }, { subresource: 'status' });
        }
        await client.delete(name);
      } catch (err) {
        if (isNotFound(err)) {
          this.deps.logger.debug({ victim: podKey(victim), preemptor: podKey(preemptor), node: nodeName }, 'Victim Pod is already deleted');
          return;
        }
        throw err;
      }
      this.deps.logger.info({ victim: podKey(victim), preemptor: podKey(preemptor), node: nodeName }, 'Preemptor Pod preempted victim Pod');
    }
    this.deps.recorder.event(victim as KubeObjectLike, 'Normal', 'Preempted', `Preempted by pod ${podUID(preemptor)} on node ${nodeName}`);
  }

  /** Clears status.nominatedNodeName of the pods that have one (errors are logged, not fatal). */
  private async clearNominatedNodeName(pods: readonly Pod[]): Promise<void> {
    await Promise.all(
      pods
        .filter((p) => p.status?.nominatedNodeName)
        .map(async (p) => {
          try {
            await this.deps.pods().namespace(p.metadata.namespace ?? '').patch(p.metadata.name ?? '', 'strategic', { status: { nominatedNodeName: null } }, { subresource: 'status' });
          } catch (err) {
            if (!isNotFound(err)) this.deps.logger.error({ pod: podKey(p), err: (err as Error).message }, "Cannot clear 'NominatedNodeName' field");
          }
        }),
    );
  }
}

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true } as const;

export function create(args: unknown, handle: Handle): DefaultPreemption {
  const parsed = parseArgs(args);
  const podLister = handle.informerFactory.informerFor<Pod>('pods').lister;
  const pdbLister = handle.informerFactory.informerFor<PodDisruptionBudget>('policy/v1/poddisruptionbudgets').lister;
  return new DefaultPreemption(parsed, {
    runner: handle,
    snapshot: () => handle.snapshotSharedLister(),
    nominator: handle,
    getPod: (ns, name) => podLister.get(ns, name),
    listPDBs: () => pdbLister.list(),
    pods: () => handle.client.resource<Pod>(PODS),
    recorder: handle.eventRecorder,
    getWaitingPod: (uid) => handle.getWaitingPod(uid),
    logger: handle.logger,
  });
}
