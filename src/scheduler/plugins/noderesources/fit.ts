/**
 * NodeResourcesFit (PreFilter, Filter, PreScore, Score): the pod's requests (init containers and
 * overhead included) must fit the node's allocatable minus what its pods request; nodes are
 * scored by the configured strategy (LeastAllocated by default).
 */
import { stateKey, type StateData } from '../../framework/cycle-state.js';
import { ActionType } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, Handle, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { podInfoOf, type PodInfo } from '../../framework/pod-info.js';
import type { Resource } from '../../framework/resource.js';
import { Status } from '../../framework/status.js';
import { parseFitArgs, type FitArgs } from './args.js';
import { podRequestVector, scoreNode } from './allocation.js';
import { leastAllocatedScorer, mostAllocatedScorer, requestedToCapacityRatioScorer, type Scorer } from './scoring.js';

export const NAME = 'NodeResourcesFit';

export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

class PreFilterState implements StateData {
  constructor(readonly requests: Resource) {}
  clone(): this {
    return this;
  }
}
class PreScoreState implements StateData {
  constructor(readonly podRequests: number[]) {}
  clone(): this {
    return this;
  }
}
const PRE_FILTER_KEY = stateKey<PreFilterState>(`PreFilter${NAME}`);
const PRE_SCORE_KEY = stateKey<PreScoreState>(`PreScore${NAME}`);

/** Extended resources are domain-prefixed names outside kubernetes.io/ (upstream IsExtendedResourceName, simplified). */
function isExtendedResourceName(name: string): boolean {
  return name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');
}

const NO_NAMES: ReadonlySet<string> = new Set();
/** The fast path's answer, shared (frozen: callers only read it). */
const NOTHING_INSUFFICIENT: InsufficientResource[] = Object.freeze([]) as unknown as InsufficientResource[];

/** Upstream fitsRequest: every resource the pod asks for that the node lacks. */
export function fitsRequest(podRequest: Resource, nodeInfo: NodeInfo, ignored: ReadonlySet<string> = NO_NAMES, ignoredGroups: ReadonlySet<string> = NO_NAMES): InsufficientResource[] {
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  // Fast path (Filter calls this for every node): cpu, memory, storage and pod count fit, no scalars.
  if (
    !podRequest.scalarResources?.size &&
    nodeInfo.pods.length + 1 <= alloc.allowedPodNumber &&
    podRequest.milliCPU <= alloc.milliCPU - used.milliCPU &&
    podRequest.memory <= alloc.memory - used.memory &&
    podRequest.ephemeralStorage <= alloc.ephemeralStorage - used.ephemeralStorage
  ) {
    return NOTHING_INSUFFICIENT;
  }
  const out: InsufficientResource[] = [];
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: nodeInfo.pods.length, capacity: alloc.allowedPodNumber });
  }
  if (podRequest.milliCPU === 0 && podRequest.memory === 0 && podRequest.ephemeralStorage === 0 && !podRequest.scalarResources?.size) return out;
  if (podRequest.milliCPU > 0 && podRequest.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push({ resourceName: 'cpu', reason: 'Insufficient cpu', requested: podRequest.milliCPU, used: used.milliCPU, capacity: alloc.milliCPU });
  }
  if (podRequest.memory > 0 && podRequest.memory > alloc.memory - used.memory) {
    out.push({ resourceName: 'memory', reason: 'Insufficient memory', requested: podRequest.memory, used: used.memory, capacity: alloc.memory });
  }
  if (podRequest.ephemeralStorage > 0 && podRequest.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({ resourceName: 'ephemeral-storage', reason: 'Insufficient ephemeral-storage', requested: podRequest.ephemeralStorage, used: used.ephemeralStorage, capacity: alloc.ephemeralStorage });
  }
  for (const [name, quantity] of podRequest.scalarResources ?? []) {
    if (quantity === 0) continue;
    if (isExtendedResourceName(name)) {
      const group = name.slice(0, name.indexOf('/'));
      if (ignored.has(name) || ignoredGroups.has(group)) continue;
    }
    if (quantity > alloc.get(name) - used.get(name)) {
      out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: quantity, used: used.get(name), capacity: alloc.get(name) });
    }
  }
  return out;
}

export function scorerFor(args: FitArgs): Scorer {
  const { type, resources, shape } = args.scoringStrategy;
  switch (type) {
    case 'LeastAllocated':
      return leastAllocatedScorer(resources);
    case 'MostAllocated':
      return mostAllocatedScorer(resources);
    case 'RequestedToCapacityRatio':
      return requestedToCapacityRatioScorer(resources, shape);
  }
}

export function create(rawArgs: unknown, _handle: Handle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin & EnqueueExtensions {
  const args = parseFitArgs(rawArgs);
  const ignored = new Set(args.ignoredResources);
  const ignoredGroups = new Set(args.ignoredResourceGroups);
  const resources = args.scoringStrategy.resources;
  const scorer = scorerFor(args);
  const requestsOf = (podInfo: PodInfo): number[] => podRequestVector(podInfo, resources, false);
  return {
    name: NAME,
    preFilter(state, pod) {
      state.write(PRE_FILTER_KEY, new PreFilterState(podInfoOf(pod).requests));
      return [null, null];
    },
    preFilterExtensions: () => null,
    filter(state, pod, nodeInfo) {
      const requests = state.read(PRE_FILTER_KEY)?.requests ?? podInfoOf(pod).requests;
      const insufficient = fitsRequest(requests, nodeInfo, ignored, ignoredGroups);
      if (insufficient.length === 0) return null;
      return Status.unschedulable(...insufficient.map((r) => r.reason));
    },
    preScore(state, pod) {
      state.write(PRE_SCORE_KEY, new PreScoreState(requestsOf(podInfoOf(pod))));
      return null;
    },
    score(state, pod, nodeInfo) {
      const podRequests = state.read(PRE_SCORE_KEY)?.podRequests ?? requestsOf(podInfoOf(pod));
      return [scoreNode(nodeInfo, podRequests, resources, false, scorer), null];
    },
    scoreExtensions: () => null,
    eventsToRegister: () => [
      { event: { resource: 'AssignedPod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown } },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable | ActionType.UpdateOther } },
    ],
  };
}
