/**
 * The requested/allocatable vectors the resource scorers read (model: resource_allocation.go).
 * `useRequested` false (NodeResourcesFit) counts cpu/memory with the non-zero defaults; true
 * (BalancedAllocation) counts the actual requests. A scalar resource the pod does not request is
 * left out (0, 0) so it does not sway the score.
 */
import type { NodeInfo } from '../../framework/node-info.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { CPU, MEMORY, type Resource } from '../../framework/resource.js';
import type { ResourceSpec, Scorer } from './scoring.js';

const SCALAR_EXCLUDED = new Set([CPU, MEMORY, 'ephemeral-storage', 'pods']);

export function podRequestVector(podInfo: PodInfo, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
  const from: Resource = useRequested ? podInfo.requests : podInfo.nonZeroRequests;
  return resources.map((r) => (r.name === CPU || r.name === MEMORY ? from.get(r.name) : podInfo.requests.get(r.name)));
}

/**
 * Scratch vectors scoreNode fills and hands to the scorer, one pair per vector length (scoreNode
 * runs once per node and plugin: no garbage, no resizing). Safe because scorers are synchronous,
 * do not keep the arrays and never call scoreNode.
 */
const scratch: { requested: number[]; allocatable: number[] }[] = [];

export function scoreNode(nodeInfo: NodeInfo, podRequests: readonly number[], resources: readonly ResourceSpec[], useRequested: boolean, scorer: Scorer): number {
  const pair = (scratch[resources.length] ??= { requested: new Array<number>(resources.length).fill(0), allocatable: new Array<number>(resources.length).fill(0) });
  const { requested, allocatable } = pair;
  const nodeRequested = useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
  for (let i = 0; i < resources.length; i++) {
    const name = resources[i]!.name;
    const podRequest = podRequests[i]!;
    if (name === CPU || name === MEMORY) {
      allocatable[i] = nodeInfo.allocatable.get(name);
      requested[i] = nodeRequested.get(name) + podRequest;
    } else if (!SCALAR_EXCLUDED.has(name) && podRequest === 0) {
      allocatable[i] = 0;
      requested[i] = 0;
    } else {
      allocatable[i] = nodeInfo.allocatable.get(name);
      requested[i] = nodeInfo.requested.get(name) + podRequest;
    }
  }
  return scorer(requested, allocatable);
}
