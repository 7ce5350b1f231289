/**
 * One profile's plugins and the code that runs them at each extension point (model:
 * framework/runtime/framework.go). It is also the Handle plugins receive.
 *
 * Plugin lists per extension point: the point's own enabled plugins in order, then the
 * multiPoint plugins implementing it that the point does not disable (by name or '*').
 * Every plugin is instantiated once per profile, with its pluginConfig args.
 */
import type { SharedInformerFactory } from '../../client/cache/index.js';
import type { EventRecorder } from '../../client/events/index.js';
import { realClock, type Clock } from '../../client/flowcontrol/clock.js';
import type { RestClient } from '../../client/rest/index.js';
import type { Logger } from '../../util/logging.js';
import type { Profile } from '../config/types.js';
import type { EXTENSION_POINTS } from '../config/types.js';
import { podPriority, podUID, type Pod } from '../framework/api-types.js';
import { CycleState } from '../framework/cycle-state.js';
import type { ClusterEventWithHint } from '../framework/events.js';
import {
  isBindPlugin,
  isEnqueueExtensions,
  isFilterPlugin,
  isPermitPlugin,
  isPostBindPlugin,
  isPostFilterPlugin,
  isPreBindPlugin,
  isPreEnqueuePlugin,
  isPreFilterPlugin,
  isPreScorePlugin,
  isQueueSortPlugin,
  isReservePlugin,
  isScorePlugin,
  type BindPlugin,
  type FilterPlugin,
  type Handle,
  type PermitPlugin,
  type Plugin,
  type PodNominator,
  type PostBindPlugin,
  type PostFilterPlugin,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
  type WaitingPod,
} from '../framework/interface.js';
import type { NodeInfo } from '../framework/node-info.js';
import type { PodInfo } from '../framework/pod-info.js';
import type { Registry } from '../framework/registry.js';
import type { SharedLister } from '../framework/snapshot.js';
import { Code, Status, isSkip, isSuccess } from '../framework/status.js';
import {
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  allNodes,
  mergePreFilterResults,
  type NodePluginScores,
  type NodeScore,
  type NodeToStatus,
  type PostFilterResult,
  type PreFilterResult,
  type QueuedPodInfo,
} from '../framework/types.js';
import { WaitingPodImpl } from './waiting-pods.js';

export interface FrameworkDeps {
  client: RestClient;
  recorder: EventRecorder;
  informerFactory: SharedInformerFactory;
  snapshot: () => SharedLister;
  nominator: PodNominator;
  logger: Logger;
  clock?: Clock;
}

function guard<T>(plugin: Plugin, what: string, fn: () => T, onError: (s: Status) => T): T {
  try {
    return fn();
  } catch (err) {
    return onError(Status.error(new Error(`running ${JSON.stringify(plugin.name)} ${what} plugin: ${(err as Error).message ?? String(err)}`)).withPlugin(plugin.name));
  }
}

/** The Status of a plugin that threw (what guard's onError receives); for hot loops that inline the try. */
function thrown(plugin: Plugin, what: string, err: unknown): Status {
  return Status.error(new Error(`running ${JSON.stringify(plugin.name)} ${what} plugin: ${(err as Error).message ?? String(err)}`)).withPlugin(plugin.name);
}

export class Framework implements Handle {
  readonly profileName: string;
  readonly client: RestClient;
  readonly eventRecorder: EventRecorder;
  readonly informerFactory: SharedInformerFactory;
  readonly logger: Logger;
  readonly percentageOfNodesToScore: number | undefined;
  readonly plugins = new Map<string, Plugin>();
  preEnqueuePlugins: PreEnqueuePlugin[] = [];
  queueSortPlugins: QueueSortPlugin[] = [];
  preFilterPlugins: PreFilterPlugin[] = [];
  filterPlugins: FilterPlugin[] = [];
  postFilterPlugins: PostFilterPlugin[] = [];
  preScorePlugins: PreScorePlugin[] = [];
  scorePlugins: ScorePlugin[] = [];
  scoreWeights = new Map<string, number>();
  reservePlugins: ReservePlugin[] = [];
  permitPlugins: PermitPlugin[] = [];
  preBindPlugins: PreBindPlugin[] = [];
  bindPlugins: BindPlugin[] = [];
  postBindPlugins: PostBindPlugin[] = [];
  private readonly waitingPods = new Map<string, WaitingPodImpl>();
  private readonly clock: Clock;

  constructor(
    registry: Registry,
    profile: Profile,
    private readonly deps: FrameworkDeps,
  ) {
    this.profileName = profile.schedulerName;
    this.client = deps.client;
    this.eventRecorder = deps.recorder;
    this.informerFactory = deps.informerFactory;
    this.logger = deps.logger;
    this.clock = deps.clock ?? realClock;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore;
    const args = new Map(profile.pluginConfig.map((c) => [c.name, c.args]));
    const pluginFor = (name: string): Plugin => {
      let plugin = this.plugins.get(name);
      if (!plugin) {
        const factory = registry.get(name);
        if (!factory) throw new Error(`profile ${profile.schedulerName}: plugin ${JSON.stringify(name)} does not exist`);
        try {
          plugin = factory(args.get(name), this);
        } catch (err) {
          throw new Error(`profile ${profile.schedulerName}: initializing plugin ${JSON.stringify(name)}: ${(err as Error).message}`);
        }
        this.plugins.set(name, plugin);
      }
      return plugin;
    };
    const multi = profile.plugins.multiPoint.enabled;
    const multiWeights = new Map(multi.map((p) => [p.name, p.weight]));
    const listFor = <T extends Plugin>(point: (typeof EXTENSION_POINTS)[number], is: (p: Plugin) => p is T): T[] => {
      const set = profile.plugins[point];
      const disabledAll = set.disabled.some((d) => d.name === '*');
      const disabled = new Set(set.disabled.map((d) => d.name));
      const out: T[] = [];
      const seen = new Set<string>();
      for (const ref of set.enabled) {
        const plugin = pluginFor(ref.name);
        if (!is(plugin)) throw new Error(`profile ${profile.schedulerName}: plugin ${JSON.stringify(ref.name)} does not extend ${point} plugin`);
        if (point === 'score') this.scoreWeights.set(ref.name, ref.weight || multiWeights.get(ref.name) || 1);
        out.push(plugin);
        seen.add(ref.name);
      }
      if (!disabledAll) {
        for (const ref of multi) {
          if (disabled.has(ref.name) || seen.has(ref.name)) continue;
          const plugin = pluginFor(ref.name);
          if (!is(plugin)) continue;
          if (point === 'score') this.scoreWeights.set(ref.name, ref.weight || 1);
          out.push(plugin);
          seen.add(ref.name);
        }
      }
      return out;
    };
    this.preEnqueuePlugins = listFor('preEnqueue', isPreEnqueuePlugin);
    this.queueSortPlugins = listFor('queueSort', isQueueSortPlugin);
    this.preFilterPlugins = listFor('preFilter', isPreFilterPlugin);
    this.filterPlugins = listFor('filter', isFilterPlugin);
    this.postFilterPlugins = listFor('postFilter', isPostFilterPlugin);
    this.preScorePlugins = listFor('preScore', isPreScorePlugin);
    this.scorePlugins = listFor('score', isScorePlugin);
    this.reservePlugins = listFor('reserve', isReservePlugin);
    this.permitPlugins = listFor('permit', isPermitPlugin);
    this.preBindPlugins = listFor('preBind', isPreBindPlugin);
    this.bindPlugins = listFor('bind', isBindPlugin);
    this.postBindPlugins = listFor('postBind', isPostBindPlugin);
    if (this.queueSortPlugins.length !== 1) throw new Error(`profile ${profile.schedulerName}: exactly one queueSort plugin is required, found ${this.queueSortPlugins.length}`);
    if (this.bindPlugins.length === 0) throw new Error(`profile ${profile.schedulerName}: at least one bind plugin is needed`);
  }

  // ---- Handle ----

  snapshotSharedLister(): SharedLister {
    return this.deps.snapshot();
  }

  addNominatedPod(podInfo: PodInfo, info: Parameters<PodNominator['addNominatedPod']>[1]): void {
    this.deps.nominator.addNominatedPod(podInfo, info);
  }

  deleteNominatedPodIfExists(pod: Pod): void {
    this.deps.nominator.deleteNominatedPodIfExists(pod);
  }

  updateNominatedPod(oldPod: Pod, newPodInfo: PodInfo): void {
    this.deps.nominator.updateNominatedPod(oldPod, newPodInfo);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.deps.nominator.nominatedPodsForNode(nodeName);
  }

  iterateOverWaitingPods(fn: (pod: WaitingPod) => void): void {
    for (const wp of [...this.waitingPods.values()]) fn(wp);
  }

  getWaitingPod(uid: string): WaitingPod | undefined {
    return this.waitingPods.get(uid);
  }

  rejectWaitingPod(uid: string): boolean {
    const wp = this.waitingPods.get(uid);
    if (!wp) return false;
    wp.reject('', 'removed');
    return true;
  }

  // ---- queue ----

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    return this.queueSortPlugins[0]!.less(a, b);
  }

  runPreEnqueuePlugins(pod: Pod): Status | null {
    for (const pl of this.preEnqueuePlugins) {
      const s = guard(pl, 'PreEnqueue', () => pl.preEnqueue(pod), (e) => e);
      if (!isSuccess(s)) return s!.withPlugin(pl.name);
    }
    return null;
  }

  /** Plugin name → the events it registered (plugins without EnqueueExtensions: undefined = every event). */
  eventsToRegister(): Map<string, ClusterEventWithHint[] | undefined> {
    const out = new Map<string, ClusterEventWithHint[] | undefined>();
    for (const [name, plugin] of this.plugins) out.set(name, isEnqueueExtensions(plugin) ? plugin.eventsToRegister() : undefined);
    return out;
  }

  // ---- scheduling cycle ----

  /**
   * Runs PreFilter plugins. Returns the merged result, a non-success status when the pod cannot
   * be scheduled (or an error), and the plugins that rejected it or narrowed the nodes.
   */
  runPreFilterPlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): [PreFilterResult | null, Status | null, Set<string>] {
    let result: PreFilterResult | null = null;
    const pluginsWithNodes: string[] = [];
    const skip = new Set<string>();
    for (const pl of this.preFilterPlugins) {
      const [r, s] = guard(pl, 'PreFilter', () => pl.preFilter(state, pod, nodes), (e): [PreFilterResult | null, Status | null] => [null, e]);
      if (isSkip(s)) {
        skip.add(pl.name);
        continue;
      }
      if (!isSuccess(s)) {
        s!.withPlugin(pl.name);
        if (s!.isRejected()) return [null, s, new Set([pl.name])];
        return [null, Status.error(new Error(`running PreFilter plugin ${JSON.stringify(pl.name)}: ${s!.message()}`)).withPlugin(pl.name), new Set()];
      }
      if (!allNodes(r)) pluginsWithNodes.push(pl.name);
      result = mergePreFilterResults(result, r);
      if (!allNodes(result) && result!.nodeNames!.size === 0) {
        const msg = pluginsWithNodes.length === 1 ? `node(s) didn't satisfy plugin ${pluginsWithNodes[0]}` : `node(s) didn't satisfy plugin(s) [${pluginsWithNodes.join(' ')}] simultaneously`;
        return [result, Status.unresolvable(msg), new Set(pluginsWithNodes)];
      }
    }
    state.skipFilterPlugins = skip;
    return [result, null, new Set(pluginsWithNodes)];
  }

  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: Pod, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const pl of this.preFilterPlugins) {
      const ext = pl.preFilterExtensions();
      if (!ext || state.skipFilterPlugins.has(pl.name)) continue;
      const s = guard(pl, 'AddPod', () => ext.addPod(state, podToSchedule, podInfoToAdd, nodeInfo), (e) => e);
      if (!isSuccess(s)) return Status.error(new Error(`running AddPod on PreFilter plugin ${JSON.stringify(pl.name)}: ${s!.message()}`)).withPlugin(pl.name);
    }
    return null;
  }

  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: Pod, podInfoToRemove: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const pl of this.preFilterPlugins) {
      const ext = pl.preFilterExtensions();
      if (!ext || state.skipFilterPlugins.has(pl.name)) continue;
      const s = guard(pl, 'RemovePod', () => ext.removePod(state, podToSchedule, podInfoToRemove, nodeInfo), (e) => e);
      if (!isSuccess(s)) return Status.error(new Error(`running RemovePod on PreFilter plugin ${JSON.stringify(pl.name)}: ${s!.message()}`)).withPlugin(pl.name);
    }
    return null;
  }

  /** Runs Filter plugins on one node; the first non-success status (with its plugin) wins. */
  runFilterPlugins(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    // Hot: runs for every node the cycle looks at (no closure per plugin, skip set read only when not empty).
    const plugins = this.filterPlugins;
    const skip = state.skipFilterPlugins.size > 0 ? state.skipFilterPlugins : undefined;
    for (let i = 0; i < plugins.length; i++) {
      const pl = plugins[i]!;
      if (skip?.has(pl.name)) continue;
      let s: Status | null;
      try {
        s = pl.filter(state, pod, nodeInfo);
      } catch (err) {
        s = thrown(pl, 'filter', err);
      }
      if (s && s.code !== Code.Success) {
        if (!s.isRejected()) return Status.error(new Error(`running ${JSON.stringify(pl.name)} filter plugin: ${s.message()}`)).withPlugin(pl.name);
        return s.withPlugin(pl.name);
      }
    }
    return null;
  }

  /**
   * Filter with the nominated pods of higher or equal priority assumed on the node, then (if
   * any were added and the node passed) without them: a node must fit in both worlds.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status | null {
    let status: Status | null = null;
    let podsAdded = false;
    for (let i = 0; i < 2; i++) {
      let stateToUse = state;
      let nodeInfoToUse = nodeInfo;
      if (i === 0) {
        const added = this.addGENominatedPods(state, pod, nodeInfo);
        if (added instanceof Status) return added;
        if (added) {
          podsAdded = true;
          [stateToUse, nodeInfoToUse] = added;
        }
      } else if (!podsAdded || !isSuccess(status)) {
        break;
      }
      status = this.runFilterPlugins(stateToUse, pod, nodeInfoToUse);
      if (!isSuccess(status) && !status!.isRejected()) return status;
    }
    return status;
  }

  private addGENominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): [CycleState, NodeInfo] | Status | undefined {
    if (this.deps.nominator.hasNominatedPods?.() === false || !nodeInfo.node()) return undefined;
    const nominated = this.deps.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0) return undefined;
    const uid = podUID(pod);
    const priority = podPriority(pod);
    let out: [CycleState, NodeInfo] | undefined;
    for (const pi of nominated) {
      if (podPriority(pi.pod) < priority || podUID(pi.pod) === uid) continue;
      out ??= [state.clone(), nodeInfo.clone()];
      out[1].addPodInfo(pi);
      const s = this.runPreFilterExtensionAddPod(out[0], pod, pi, out[1]);
      if (!isSuccess(s)) return s!;
    }
    return out;
  }

  async runPostFilterPlugins(state: CycleState, pod: Pod, statuses: NodeToStatus): Promise<[PostFilterResult | null, Status]> {
    let result: PostFilterResult | null = null;
    const reasons: string[] = [];
    let rejector = '';
    for (const pl of this.postFilterPlugins) {
      let r: PostFilterResult | null;
      let s: Status | null;
      try {
        [r, s] = await pl.postFilter(state, pod, statuses);
      } catch (err) {
        [r, s] = [null, Status.error(err)];
      }
      if (isSuccess(s)) return [r, s ?? new Status(Code.Success)];
      if (s!.code === Code.UnschedulableAndUnresolvable) return [r, s!.withPlugin(pl.name)];
      if (!s!.isRejected()) return [null, Status.error(s!.error ?? new Error(s!.message())).withPlugin(pl.name)];
      if (r?.nominatingInfo && r.nominatingInfo.nominatingMode !== 'Noop') result = r;
      reasons.push(...s!.allReasons());
      if (!rejector) rejector = pl.name;
    }
    return [result, new Status(Code.Unschedulable, reasons).withPlugin(rejector)];
  }

  runPreScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status | null {
    const skip = new Set<string>();
    for (const pl of this.preScorePlugins) {
      const s = guard(pl, 'PreScore', () => pl.preScore(state, pod, nodes), (e) => e);
      if (isSkip(s)) {
        skip.add(pl.name);
        continue;
      }
      if (!isSuccess(s)) return Status.error(new Error(`running PreScore plugin ${JSON.stringify(pl.name)}: ${s!.message()}`)).withPlugin(pl.name);
    }
    state.skipScorePlugins = skip;
    return null;
  }

  /** Scores every node with every non-skipped Score plugin, normalizes, applies weights. */
  runScorePlugins(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): [NodePluginScores[], Status | null] {
    const plugins = this.scorePlugins.filter((pl) => !state.skipScorePlugins.has(pl.name));
    const all: NodePluginScores[] = nodes.map((n) => ({ name: n.name, scores: [], totalScore: 0 }));
    // One NodeScore per node, refilled for each plugin (NormalizeScore rewrites them in place).
    const scores: NodeScore[] = all.map((n) => ({ name: n.name, score: 0 }));
    for (const pl of plugins) {
      // Hot: once per plugin and feasible node (no closure per call).
      for (let i = 0; i < nodes.length; i++) {
        let score: number;
        let s: Status | null;
        try {
          [score, s] = pl.score(state, pod, nodes[i]!);
        } catch (err) {
          [score, s] = [0, thrown(pl, 'Score', err)];
        }
        if (s && s.code !== Code.Success) return [[], Status.error(new Error(`running Score plugin ${JSON.stringify(pl.name)}: ${s.message()}`)).withPlugin(pl.name)];
        scores[i]!.score = score;
      }
      const ext = pl.scoreExtensions();
      if (ext) {
        const s = guard(pl, 'NormalizeScore', () => ext.normalizeScore(state, pod, scores), (e) => e);
        if (!isSuccess(s)) return [[], Status.error(new Error(`running Normalize on Score plugins: ${s!.message()}`)).withPlugin(pl.name)];
      }
      const weight = this.scoreWeights.get(pl.name) ?? 1;
      for (let i = 0; i < scores.length; i++) {
        const score = scores[i]!.score;
        if (score > MAX_NODE_SCORE || score < MIN_NODE_SCORE) {
          return [[], Status.error(new Error(`plugin ${JSON.stringify(pl.name)} returns an invalid score ${score}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`)).withPlugin(pl.name)];
        }
        const weighted = score * weight;
        all[i]!.scores.push({ name: pl.name, score: weighted });
        all[i]!.totalScore += weighted;
      }
    }
    return [all, null];
  }

  runReservePluginsReserve(state: CycleState, pod: Pod, nodeName: string): Status | null {
    for (const pl of this.reservePlugins) {
      const s = guard(pl, 'Reserve', () => pl.reserve(state, pod, nodeName), (e) => e);
      if (!isSuccess(s)) {
        if (s!.isRejected()) return s!.withPlugin(pl.name);
        return Status.error(new Error(`running Reserve plugin ${JSON.stringify(pl.name)}: ${s!.message()}`)).withPlugin(pl.name);
      }
    }
    return null;
  }

  /** Unreserve in reverse order; errors are logged, never stop the others. */
  runReservePluginsUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (let i = this.reservePlugins.length - 1; i >= 0; i--) {
      const pl = this.reservePlugins[i]!;
      try {
        pl.unreserve(state, pod, nodeName);
      } catch (err) {
        this.logger.error({ err, plugin: pl.name }, 'unreserve failed');
      }
    }
  }

  /** Success, a rejection, an error, or Wait (then `waitOnPermit` gives the outcome). */
  runPermitPlugins(state: CycleState, pod: Pod, nodeName: string): Status | null {
    const timeouts = new Map<string, number>();
    for (const pl of this.permitPlugins) {
      const [s, timeoutMs] = guard(pl, 'Permit', () => pl.permit(state, pod, nodeName), (e): [Status | null, number] => [e, 0]);
      if (isSuccess(s)) continue;
      if (s!.isRejected()) return s!.withPlugin(pl.name);
      if (s!.code === Code.Wait) {
        timeouts.set(pl.name, Math.min(timeoutMs, 15 * 60_000));
        continue;
      }
      return Status.error(new Error(`running Permit plugin ${JSON.stringify(pl.name)}: ${s!.message()}`)).withPlugin(pl.name);
    }
    if (timeouts.size === 0) return null;
    this.waitingPods.set(podUID(pod), new WaitingPodImpl(pod, timeouts, this.clock));
    return new Status(Code.Wait, [`one or more plugins asked to wait and no plugin rejected pod ${JSON.stringify(pod.metadata.name)}`]);
  }

  async waitOnPermit(pod: Pod): Promise<Status | null> {
    const uid = podUID(pod);
    const wp = this.waitingPods.get(uid);
    if (!wp) return null;
    try {
      return await wp.done;
    } finally {
      this.waitingPods.delete(uid);
    }
  }

  async runPreBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status | null> {
    for (const pl of this.preBindPlugins) {
      let s: Status | null;
      try {
        s = await pl.preBind(state, pod, nodeName);
      } catch (err) {
        s = Status.error(err);
      }
      if (!isSuccess(s)) {
        if (s!.isRejected()) return s!.withPlugin(pl.name);
        return Status.error(new Error(`running PreBind plugin ${JSON.stringify(pl.name)}: ${s!.message()}`)).withPlugin(pl.name);
      }
    }
    return null;
  }

  async runBindPlugins(state: CycleState, pod: Pod, nodeName: string): Promise<Status | null> {
    let last: Status | null = Status.skip();
    for (const pl of this.bindPlugins) {
      try {
        last = await pl.bind(state, pod, nodeName);
      } catch (err) {
        last = Status.error(err);
      }
      if (isSkip(last)) continue;
      if (!isSuccess(last)) {
        if (last!.isRejected()) return last!.withPlugin(pl.name);
        return Status.error(new Error(`running Bind plugin ${JSON.stringify(pl.name)}: ${last!.message()}`)).withPlugin(pl.name);
      }
      return null;
    }
    return last;
  }

  runPostBindPlugins(state: CycleState, pod: Pod, nodeName: string): void {
    for (const pl of this.postBindPlugins) {
      try {
        pl.postBind(state, pod, nodeName);
      } catch (err) {
        this.logger.error({ err, plugin: pl.name }, 'postBind failed');
      }
    }
  }

  hasPostFilterPlugins(): boolean {
    return this.postFilterPlugins.length > 0;
  }

  newCycleState(): CycleState {
    return new CycleState();
  }
}
