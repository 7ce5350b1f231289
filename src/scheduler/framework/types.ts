/**
 * Cycle results shared by the framework and plugins (model: framework/types.go and
 * interface.go's result types): PreFilterResult, PostFilterResult, NodeScore, NodeToStatus,
 * Diagnosis, FitError and QueuedPodInfo.
 */
import type { Pod } from './api-types.js';
import type { NodeInfo } from './node-info.js';
import type { PodInfo } from './pod-info.js';
import { Code, Status } from './status.js';

/** Maximum and minimum node scores after normalization (upstream MaxNodeScore/MinNodeScore). */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;
/** Maximum total score (upstream MaxTotalScore = MaxInt64; we stay within safe integers). */
export const MAX_TOTAL_SCORE = Number.MAX_SAFE_INTEGER;

/**
 * The nodes a PreFilter plugin allows; `nodeNames` undefined means every node (upstream nil
 * result or nil NodeNames).
 */
export interface PreFilterResult {
  nodeNames?: ReadonlySet<string>;
}

export function allNodes(result: PreFilterResult | null | undefined): boolean {
  return !result || result.nodeNames === undefined;
}

/** The intersection of two results (upstream PreFilterResult.Merge). */
export function mergePreFilterResults(a: PreFilterResult | null, b: PreFilterResult | null): PreFilterResult | null {
  if (allNodes(a) && allNodes(b)) return null;
  if (allNodes(a)) return b;
  if (allNodes(b)) return a;
  const names = new Set<string>();
  for (const name of a!.nodeNames!) if (b!.nodeNames!.has(name)) names.add(name);
  return { nodeNames: names };
}

export type NominatingMode = 'Noop' | 'Override';

export interface NominatingInfo {
  nominatedNodeName: string;
  nominatingMode: NominatingMode;
}

/** What a PostFilter plugin decided (upstream PostFilterResult). */
export interface PostFilterResult {
  nominatingInfo?: NominatingInfo;
}

export function postFilterResultWithNominatedNode(nodeName: string): PostFilterResult {
  return { nominatingInfo: { nominatedNodeName: nodeName, nominatingMode: 'Override' } };
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface PluginScore {
  name: string;
  score: number;
}

/** A node's scores by plugin and their weighted total (upstream NodePluginScores). */
export interface NodePluginScores {
  name: string;
  scores: PluginScore[];
  totalScore: number;
}

/**
 * The statuses of the nodes a cycle rejected (upstream NodeToStatus): explicit statuses for
 * nodes that Filter ran on, and one status for every node absent from the map (nodes a
 * PreFilterResult excluded). The absent status defaults to UnschedulableAndUnresolvable.
 */
export class NodeToStatus {
  private readonly statuses = new Map<string, Status>();
  private absent: Status = new Status(Code.UnschedulableAndUnresolvable);

  get(nodeName: string): Status {
    return this.statuses.get(nodeName) ?? this.absent;
  }

  set(nodeName: string, status: Status): void {
    this.statuses.set(nodeName, status);
  }

  /** The number of explicit statuses. */
  get size(): number {
    return this.statuses.size;
  }

  absentNodesStatus(): Status {
    return this.absent;
  }

  setAbsentNodesStatus(status: Status): void {
    this.absent = status;
  }

  forEachExplicitNode(fn: (nodeName: string, status: Status) => void): void {
    for (const [name, status] of this.statuses) fn(name, status);
  }

  /**
   * Nodes among `nodes` whose status has `code` (explicit, or the absent status for nodes not in
   * the map). Preemption uses it to find the nodes worth trying (code Unschedulable).
   */
  nodesForStatusCode(nodes: readonly NodeInfo[], code: Code): NodeInfo[] {
    const out: NodeInfo[] = [];
    for (const node of nodes) if (this.get(node.name).code === code) out.push(node);
    return out;
  }
}

/** Why a pod could not be scheduled (upstream Diagnosis). */
export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  /** Plugins that rejected the pod; the queue moves the pod on events these plugins care about. */
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  /** The rejection message of PreFilter, when a PreFilter plugin rejected the pod. */
  preFilterMsg: string;
  /** The PostFilter plugins' message (preemption's). */
  postFilterMsg: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new NodeToStatus(), unschedulablePlugins: new Set(), pendingPlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };
}

/** Records `status`'s plugin as rejecting or pending (upstream Diagnosis.AddPluginStatus). */
export function addPluginStatus(diagnosis: Diagnosis, status: Status): void {
  if (!status.plugin) return;
  if (status.isRejected()) diagnosis.unschedulablePlugins.add(status.plugin);
  if (status.code === Code.Pending) diagnosis.pendingPlugins.add(status.plugin);
}

/**
 * A pod fits no node (upstream FitError). Its message is the FailedScheduling event's:
 * "0/3 nodes are available: <PreFilterMsg>. <sorted reason histogram>. <PostFilterMsg>."
 */
export class FitError extends Error {
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {
    super();
    this.name = 'FitError';
    // The message follows the diagnosis, which the cycle completes (PostFilterMsg) after creation.
    Object.defineProperty(this, 'message', { get: () => fitErrorMessage(this.numAllNodes, this.diagnosis), enumerable: false });
  }
}

export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMsg !== '') {
    msg += ` ${diagnosis.preFilterMsg}.`;
  } else {
    const reasons = new Map<string, number>();
    const count = (reason: string, n: number): void => void reasons.set(reason, (reasons.get(reason) ?? 0) + n);
    diagnosis.nodeToStatus.forEachExplicitNode((_name, status) => {
      for (const reason of status.allReasons()) count(reason, 1);
    });
    const absent = numAllNodes - diagnosis.nodeToStatus.size;
    if (absent > 0) for (const reason of diagnosis.nodeToStatus.absentNodesStatus().allReasons()) count(reason, absent);
    // Go's sort.Strings over "<count> <reason>": byte order.
    const histogram = [...reasons].map(([reason, n]) => `${n} ${reason}`).sort(byteOrder);
    if (histogram.length > 0) msg += ` ${histogram.join(', ')}.`;
  }
  if (diagnosis.postFilterMsg !== '') msg += ` ${diagnosis.postFilterMsg}.`;
  return msg;
}

function byteOrder(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/**
 * A pod in the scheduling queue with its attempt bookkeeping (upstream QueuedPodInfo).
 * `timestamp` is when it last entered the activeQ (PrioritySort's tie-breaker).
 */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  timestamp: number;
  /** Scheduling attempts so far (backoff doubles per attempt). */
  attempts: number;
  /** When the pod was first popped (for latency metrics); undefined before the first attempt. */
  initialAttemptTimestamp?: number;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  /** Set when a PreEnqueue plugin keeps the pod out of the activeQ. */
  gatingPlugin?: string;
}
