/**
 * PodTopologySpread (PreFilter with AddPod/RemovePod, Filter, PreScore, Score, NormalizeScore):
 * the pod's topologySpreadConstraints, or the cluster default constraints when it has none
 * (model: pkg/scheduler/framework/plugins/podtopologyspread, v1.32).
 *
 * Default constraints apply only to pods selected by a Service, ReplicationController,
 * ReplicaSet or StatefulSet: their selectors become the constraints' selector, so the plugin
 * reads those objects from the handle's shared informers.
 */
import type { Pod, TopologySpreadConstraint } from '../../framework/api-types.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { ActionType } from '../../framework/events.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  Handle,
  PreFilterExtensions,
  PreFilterPlugin,
  PreScorePlugin,
  ScoreExtensions,
  ScorePlugin,
} from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { SharedLister } from '../../framework/snapshot.js';
import { Status } from '../../framework/status.js';
import type { NodeScore, PreFilterResult } from '../../framework/types.js';
import { argsObject, PluginArgsError } from '../helper/args.js';
import { filterConstraints, SYSTEM_DEFAULT_CONSTRAINTS, type Constraint, type UnsatisfiableAction } from './common.js';
import { defaultSelector, type WorkloadListers } from './default-selector.js';
import { computePreFilterState, filterNode, PRE_FILTER_STATE_KEY } from './filtering.js';
import { computePreScoreState, normalizeScores, PRE_SCORE_STATE_KEY, scoreNode } from './scoring.js';

export const NAME = 'PodTopologySpread';

export interface PodTopologySpreadArgs {
  defaultConstraints: TopologySpreadConstraint[];
  defaultingType: 'System' | 'List';
}

/** Upstream's defaults (defaultingType System) and ValidatePodTopologySpreadArgs. */
export function parseArgs(args: unknown): PodTopologySpreadArgs {
  const obj = argsObject(args, NAME);
  const defaultingType = obj['defaultingType'] ?? 'System';
  if (defaultingType !== 'System' && defaultingType !== 'List') {
    throw new PluginArgsError('defaultingType', `Unsupported value: ${JSON.stringify(defaultingType)}: supported values: "List", "System"`);
  }
  const raw = obj['defaultConstraints'] ?? [];
  if (!Array.isArray(raw)) throw new PluginArgsError('defaultConstraints', 'must be a list');
  if (defaultingType === 'System' && raw.length > 0) {
    throw new PluginArgsError('defaultConstraints', 'Invalid value: when .defaultingType is "System", .defaultConstraints must be empty');
  }
  const seen = new Set<string>();
  const constraints = raw.map((c: unknown, i): TopologySpreadConstraint => {
    const field = `defaultConstraints[${i}]`;
    if (typeof c !== 'object' || c === null) throw new PluginArgsError(field, 'must be an object');
    const tsc = c as Partial<TopologySpreadConstraint>;
    if (typeof tsc.maxSkew !== 'number' || !Number.isInteger(tsc.maxSkew) || tsc.maxSkew <= 0) throw new PluginArgsError(`${field}.maxSkew`, `Invalid value: ${JSON.stringify(tsc.maxSkew)}: not in valid range (0, inf)`);
    if (typeof tsc.topologyKey !== 'string' || tsc.topologyKey === '') throw new PluginArgsError(`${field}.topologyKey`, 'Required value: can not be empty');
    if (tsc.whenUnsatisfiable !== 'DoNotSchedule' && tsc.whenUnsatisfiable !== 'ScheduleAnyway') {
      throw new PluginArgsError(`${field}.whenUnsatisfiable`, `Unsupported value: ${JSON.stringify(tsc.whenUnsatisfiable)}: supported values: "DoNotSchedule", "ScheduleAnyway"`);
    }
    const key = `${tsc.topologyKey}/${tsc.whenUnsatisfiable}`;
    if (seen.has(key)) throw new PluginArgsError(field, `Duplicate value: {${JSON.stringify(tsc.topologyKey)}, ${JSON.stringify(tsc.whenUnsatisfiable)}}`);
    seen.add(key);
    if (tsc.labelSelector !== undefined && tsc.labelSelector !== null) throw new PluginArgsError(`${field}.labelSelector`, 'Forbidden: constraints must not define a selector, as they deduced for each pod');
    return tsc as TopologySpreadConstraint;
  });
  return { defaultConstraints: constraints, defaultingType };
}

export class PodTopologySpread implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin, ScoreExtensions, EnqueueExtensions {
  readonly name = NAME;
  private readonly defaultConstraints: readonly TopologySpreadConstraint[];
  /** True with the system defaults: nodes without a zone label still spread by hostname. */
  private readonly systemDefaulted: boolean;

  constructor(
    args: PodTopologySpreadArgs,
    private readonly sharedLister: () => SharedLister,
    private readonly listers: WorkloadListers | undefined,
  ) {
    this.systemDefaulted = args.defaultingType === 'System';
    this.defaultConstraints = this.systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;
  }

  /** The pod's own constraints with `action`, or the default ones (upstream getConstraints / buildDefaultConstraints). */
  constraints(pod: Pod, action: UnsatisfiableAction): Constraint[] {
    const own = pod.spec?.topologySpreadConstraints ?? [];
    if (own.length > 0) return filterConstraints(own, pod.metadata.labels, action);
    const defaults = filterConstraints(this.defaultConstraints, pod.metadata.labels, action);
    if (defaults.length === 0 || !this.listers) return [];
    const selector = defaultSelector(pod, this.listers);
    if (selector.isEmpty()) return [];
    return defaults.map((c) => ({ ...c, selector }));
  }

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): [PreFilterResult | null, Status | null] {
    let constraints: Constraint[];
    try {
      constraints = this.constraints(pod, 'DoNotSchedule');
    } catch (err) {
      return [null, Status.error(new Error(`get constraints from pod: obtaining pod's hard topology spread constraints: ${(err as Error).message}`))];
    }
    if (constraints.length === 0) return [null, Status.skip()];
    state.write(PRE_FILTER_STATE_KEY, computePreFilterState(pod, constraints, nodes));
    return [null, null];
  }

  preFilterExtensions(): PreFilterExtensions {
    return this;
  }

  addPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.mustRead(PRE_FILTER_STATE_KEY).updateWithPod(podInfoToAdd, podToSchedule, nodeInfo, 1);
    return null;
  }

  removePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    state.mustRead(PRE_FILTER_STATE_KEY).updateWithPod(podInfoToRemove, podToSchedule, nodeInfo, -1);
    return null;
  }

  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    return filterNode(state.mustRead(PRE_FILTER_STATE_KEY), pod, nodeInfo);
  }

  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null {
    let constraints: Constraint[];
    try {
      constraints = this.constraints(pod, 'ScheduleAnyway');
    } catch (err) {
      return Status.error(new Error(`calculating preScoreState: obtaining pod's soft topology spread constraints: ${(err as Error).message}`));
    }
    const requireAllTopologies = (pod.spec?.topologySpreadConstraints ?? []).length > 0 || !this.systemDefaulted;
    const s = computePreScoreState(pod, constraints, nodes, this.sharedLister().nodeInfos().list(), requireAllTopologies);
    if (!s) return Status.skip();
    state.write(PRE_SCORE_STATE_KEY, s);
    return null;
  }

  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): [number, Status | null] {
    return [scoreNode(state.mustRead(PRE_SCORE_STATE_KEY), pod, nodeInfo), null];
  }

  scoreExtensions(): ScoreExtensions {
    return this;
  }

  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): Status | null {
    normalizeScores(state.mustRead(PRE_SCORE_STATE_KEY), scores);
    return null;
  }

  eventsToRegister() {
    return [
      { event: { resource: 'Pod' as const, actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete } },
      { event: { resource: 'Node' as const, actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint } },
    ];
  }
}

export function create(args: unknown, handle: Handle): PodTopologySpread {
  const parsed = parseArgs(args);
  const lister = (resource: string) => handle.informerFactory.informerFor(resource).lister;
  const listers: WorkloadListers = {
    services: lister('services'),
    replicationControllers: lister('replicationcontrollers'),
    replicaSets: lister('apps/v1/replicasets'),
    statefulSets: lister('apps/v1/statefulsets'),
  };
  return new PodTopologySpread(parsed, () => handle.snapshotSharedLister(), listers);
}
