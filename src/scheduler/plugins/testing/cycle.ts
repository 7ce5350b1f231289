/**
 * Test helpers for plugin unit tests: pod and node builders and a minimal cycle runner over a
 * built Snapshot (PreFilter → Filter on every node; PreScore → Score → NormalizeScore). Not used
 * by production code.
 */
import type { Node, Pod, PodSpec } from '../../framework/api-types.js';
import { CycleState } from '../../framework/cycle-state.js';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { isSkip, type Status } from '../../framework/status.js';
import type { NodeScore } from '../../framework/types.js';

export interface PodOptions {
  namespace?: string;
  labels?: Record<string, string>;
  node?: string;
  priority?: number;
  cpu?: string;
  startTime?: string;
  spec?: Partial<PodSpec>;
}

export function makePod(name: string, o: PodOptions = {}): Pod {
  const pod: Pod = {
    metadata: { name, namespace: o.namespace ?? 'default', uid: `uid-${name}`, labels: o.labels },
    spec: {
      containers: [{ name: 'c', ...(o.cpu ? { resources: { requests: { cpu: o.cpu } } } : {}) }],
      ...(o.node ? { nodeName: o.node } : {}),
      ...(o.priority !== undefined ? { priority: o.priority } : {}),
      ...o.spec,
    },
  };
  if (o.startTime) pod.status = { startTime: o.startTime };
  return pod;
}

export function makeNode(name: string, labels: Record<string, string> = {}, extra: { cpu?: string; pods?: string; taints?: NonNullable<Node['spec']>['taints'] } = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: extra.taints ? { taints: extra.taints } : {},
    status: { allocatable: { cpu: extra.cpu ?? '4', memory: '8Gi', pods: extra.pods ?? '110' } },
  };
}

export interface FilterRun {
  preFilterStatus: Status | null;
  /** Node name → Filter status (null = fits); empty when PreFilter skipped or failed. */
  statuses: Map<string, Status | null>;
  state: CycleState;
}

/** PreFilter, then Filter on every node (unless PreFilter skipped or rejected). */
export function runFilter(plugin: PreFilterPlugin & FilterPlugin, pod: Pod, nodes: readonly NodeInfo[], state = new CycleState()): FilterRun {
  const [, preFilterStatus] = plugin.preFilter(state, pod, nodes);
  const statuses = new Map<string, Status | null>();
  if (!preFilterStatus) for (const node of nodes) statuses.set(node.name, plugin.filter(state, pod, node));
  return { preFilterStatus, statuses, state };
}

/** The names of the nodes Filter passed, and a `reason` → count histogram of the others. */
export function summarize(run: FilterRun): { fits: string[]; reasons: Record<string, number> } {
  const fits: string[] = [];
  const reasons: Record<string, number> = {};
  for (const [name, status] of run.statuses) {
    if (!status) fits.push(name);
    else for (const r of status.allReasons()) reasons[r] = (reasons[r] ?? 0) + 1;
  }
  return { fits, reasons };
}

/** PreScore, Score and NormalizeScore; undefined when PreScore skipped. */
export function runScore(plugin: PreScorePlugin & ScorePlugin, pod: Pod, nodes: readonly NodeInfo[], state = new CycleState()): Record<string, number> | undefined {
  const status = plugin.preScore(state, pod, nodes);
  if (isSkip(status)) return undefined;
  if (status) throw new Error(`PreScore: ${status.toString()}`);
  const scores: NodeScore[] = nodes.map((n) => {
    const [score, s] = plugin.score(state, pod, n);
    if (s) throw new Error(`Score: ${s.toString()}`);
    return { name: n.name, score };
  });
  const normalized = plugin.scoreExtensions()?.normalizeScore(state, pod, scores);
  if (normalized) throw new Error(`NormalizeScore: ${normalized.toString()}`);
  return Object.fromEntries(scores.map((s) => [s.name, s.score]));
}
