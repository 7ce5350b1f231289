/** ImageLocality (Score): favours nodes that already have the pod's images, scaled by how widely spread they are. */
import type { Pod } from '../../framework/api-types.js';
import { normalizedImageName } from '../../framework/images.js';
import type { Handle, ScorePlugin } from '../../framework/interface.js';
import type { NodeInfo } from '../../framework/node-info.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';

export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

export function imageLocalityScore(pod: Pod, nodeInfo: NodeInfo, totalNumNodes: number): number {
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let sum = 0;
  for (const c of containers) {
    const state = nodeInfo.imageStates.get(normalizedImageName(c.image ?? ''));
    if (state) sum += Math.trunc(state.size * (state.numNodes / totalNumNodes));
  }
  const maxThreshold = MAX_CONTAINER_THRESHOLD * containers.length;
  sum = Math.min(Math.max(sum, MIN_THRESHOLD), maxThreshold);
  if (maxThreshold <= MIN_THRESHOLD) return 0;
  return Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export function create(_args: unknown, handle: Handle): ScorePlugin {
  return {
    name: NAME,
    score(_state, pod, nodeInfo) {
      return [imageLocalityScore(pod, nodeInfo, handle.snapshotSharedLister().nodeInfos().list().length), null];
    },
    scoreExtensions: () => null,
  };
}
