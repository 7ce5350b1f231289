/**
 * The plugin interfaces of the scheduling framework (model: pkg/scheduler/framework/interface.go,
 * v1.32, adapted to TypeScript: `null` Status = Success; two-value Go returns are tuples).
 *
 * Extension points, in cycle order:
 *   PreEnqueue → (queue) → QueueSort → PreFilter → Filter → [PostFilter on no fit]
 *   → PreScore → Score → NormalizeScore → Reserve → Permit
 *   → (binding cycle, async) PreBind → Bind → PostBind; Unreserve on any failure after Reserve.
 *
 * Contracts:
 * - everything up to Permit runs synchronously in the scheduling cycle, one pod at a time, over a
 *   snapshot that does not change during the cycle; Filter and Score must be pure functions of
 *   (CycleState, pod, NodeInfo) and must not mutate the pod or NodeInfo;
 * - PostFilter, PreBind and Bind may do I/O (they return Promises);
 * - plugins never throw for "does not fit": they return a Status; a thrown error is turned into
 *   a Code.Error status by the framework.
 */
import type { RestClient } from '../../client/rest/index.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { SharedInformerFactory } from '../../client/cache/index.js';
import type { Logger } from '../../util/logging.js';
import type { Pod } from './api-types.js';
import type { CycleState } from './cycle-state.js';
import type { ClusterEventWithHint } from './events.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import type { SharedLister } from './snapshot.js';
import type { Status } from './status.js';
import type { NodePluginScores, NodeScore, NodeToStatus, NominatingInfo, PostFilterResult, PreFilterResult, QueuedPodInfo } from './types.js';

export interface Plugin {
  /** The name the registry and configuration know it by. */
  readonly name: string;
}

/** Gates a pod out of the activeQ (e.g. SchedulingGates); any non-success status gates it. */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Status | null;
}

/** Orders the activeQ; exactly one per profile. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** Which cluster events may make a pod this plugin rejected schedulable again. */
export interface EnqueueExtensions {
  eventsToRegister(): ClusterEventWithHint[];
}

/**
 * Incremental updates of PreFilter state when preemption (or nominated pods) adds or removes a
 * pod on a node during what-if evaluation. They must update only `state` (a clone).
 */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  removePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null;
}

export interface PreFilterPlugin extends Plugin {
  /**
   * Computes cycle state for Filter, and may narrow the nodes (PreFilterResult). Skip means this
   * plugin's Filter is not run for the pod. `nodes` are all the snapshot's nodes.
   */
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): [PreFilterResult | null, Status | null];
  /** The AddPod/RemovePod extensions, or null when the plugin's state does not depend on other pods. */
  preFilterExtensions(): PreFilterExtensions | null;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null;
}

export interface PostFilterPlugin extends Plugin {
  /**
   * Runs when no node passed Filter (e.g. preemption). `filteredNodeStatusMap` has why each
   * node was rejected. A success status with a nominated node ends the cycle with that
   * nomination; Unschedulable means this plugin could not help.
   */
  postFilter(state: CycleState, pod: Pod, filteredNodeStatusMap: NodeToStatus): Promise<[PostFilterResult | null, Status | null]>;
}

export interface PreScorePlugin extends Plugin {
  /** Skip means this plugin's Score is not run for the pod. `nodes` are the feasible nodes. */
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null;
}

export interface ScoreExtensions {
  /** Rescales `scores` in place to [MIN_NODE_SCORE, MAX_NODE_SCORE]. */
  normalizeScore(state: CycleState, pod: Pod, scores: NodeScore[]): Status | null;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): [number, Status | null];
  scoreExtensions(): ScoreExtensions | null;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status | null;
  /** Undoes reserve; must be idempotent and may be called even if reserve did not run. */
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  /** Success, Unschedulable (reject) or Wait with the timeout (ms) to wait at most. */
  permit(state: CycleState, pod: Pod, nodeName: string): [Status | null, number];
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | null>;
}

export interface BindPlugin extends Plugin {
  /** Skip passes the pod to the next Bind plugin. */
  bind(state: CycleState, pod: Pod, nodeName: string): Promise<Status | null>;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: Pod, nodeName: string): void;
}

/** A pod held at Permit (upstream WaitingPod). */
export interface WaitingPod {
  getPod(): Pod;
  getPendingPlugins(): string[];
  allow(pluginName: string): void;
  reject(pluginName: string, msg: string): void;
}

/** The nominated pods (preemptors waiting for victims to go), by node (upstream PodNominator). */
export interface PodNominator {
  addNominatedPod(podInfo: PodInfo, nominatingInfo: NominatingInfo | undefined): void;
  deleteNominatedPodIfExists(pod: Pod): void;
  updateNominatedPod(oldPod: Pod, newPodInfo: PodInfo): void;
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /** False when no pod is nominated anywhere (lets Filter skip the per-node lookup); absent: unknown. */
  hasNominatedPods?(): boolean;
}

/** Running the profile's plugins from within a plugin (preemption's what-if evaluation). */
export interface PluginsRunner {
  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null;
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): [NodePluginScores[], Status | null];
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null;
}

/** What the framework gives plugins (upstream framework.Handle). */
export interface Handle extends PodNominator, PluginsRunner {
  /** The snapshot of the current cycle (valid only during the cycle). */
  snapshotSharedLister(): SharedLister;
  readonly client: RestClient;
  readonly eventRecorder: EventRecorder;
  /**
   * Shared informers (already started for `pods` and `nodes`; a plugin asking for another
   * resource in `create` gets it started and synced before scheduling begins). Keys:
   * `pods`, `nodes`, `namespaces` (core v1) or `group/version/resource`.
   */
  readonly informerFactory: SharedInformerFactory;
  readonly logger: Logger;
  readonly profileName: string;
  iterateOverWaitingPods(fn: (pod: WaitingPod) => void): void;
  getWaitingPod(uid: string): WaitingPod | undefined;
  rejectWaitingPod(uid: string): boolean;
  /**
   * Filter plugins run as if the higher-or-equal priority pods nominated to the node were
   * already there (twice, with and without them, like upstream), for preemption's checks.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null;
}

export type AnyPlugin =
  | Plugin
  | PreEnqueuePlugin
  | QueueSortPlugin
  | PreFilterPlugin
  | FilterPlugin
  | PostFilterPlugin
  | PreScorePlugin
  | ScorePlugin
  | ReservePlugin
  | PermitPlugin
  | PreBindPlugin
  | BindPlugin
  | PostBindPlugin;

// Type guards: a plugin implements an extension point when it has the method.
const has = (p: Plugin, method: string): boolean => typeof (p as unknown as Record<string, unknown>)[method] === 'function';
export const isPreEnqueuePlugin = (p: Plugin): p is PreEnqueuePlugin => has(p, 'preEnqueue');
export const isQueueSortPlugin = (p: Plugin): p is QueueSortPlugin => has(p, 'less');
export const isEnqueueExtensions = (p: Plugin): p is Plugin & EnqueueExtensions => has(p, 'eventsToRegister');
export const isPreFilterPlugin = (p: Plugin): p is PreFilterPlugin => has(p, 'preFilter');
export const isFilterPlugin = (p: Plugin): p is FilterPlugin => has(p, 'filter');
export const isPostFilterPlugin = (p: Plugin): p is PostFilterPlugin => has(p, 'postFilter');
export const isPreScorePlugin = (p: Plugin): p is PreScorePlugin => has(p, 'preScore');
export const isScorePlugin = (p: Plugin): p is ScorePlugin => has(p, 'score');
export const isReservePlugin = (p: Plugin): p is ReservePlugin => has(p, 'reserve');
export const isPermitPlugin = (p: Plugin): p is PermitPlugin => has(p, 'permit');
export const isPreBindPlugin = (p: Plugin): p is PreBindPlugin => has(p, 'preBind');
export const isBindPlugin = (p: Plugin): p is BindPlugin => has(p, 'bind');
export const isPostBindPlugin = (p: Plugin): p is PostBindPlugin => has(p, 'postBind');
