/** ImageLocality (Score): favours nodes that already have the pod's images, scaled by how widely spread they are. */
import type { Pod } from '../../framework/api-types.js';
import { normalizedImageName } from '../../framework/images.js';
import type { Handle, ScorePlugin } from '../../framework/interface.js';
import { NodeInfo } from '../../framework/node-info.js';
import { MAX_NODE_SCORE } from '../../framework/types.js';

export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** The normalized image names of the pod's init and regular containers, in order. */
export function podImageNames(pod: Pod): string[] {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => normalizedImageName(c.image ?? ''));
}

export function imageLocalityScore(pod: Pod, nodeInfo: NodeInfo, totalNumNodes: number, images: readonly string[] = podImageNames(pod)): number {
  let sum = 0;
  if (nodeInfo.imageStates.size > 0) {
    for (const image of images) {
      const state = nodeInfo.imageStates.get(image);
      if (state) sum += Math.trunc(state.size * (state.numNodes / totalNumNodes));
    }
  }
  const maxThreshold = MAX_CONTAINER_THRESHOLD * images.length;
  sum = Math.min(Math.max(sum, MIN_THRESHOLD), maxThreshold);
  if (maxThreshold <= MIN_THRESHOLD) return 0;
  return Math.trunc((MAX_NODE_SCORE * (sum - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** A node without images, for the score every such node gets. */
const EMPTY_NODE = new NodeInfo();

export function create(_args: unknown, handle: Handle): ScorePlugin {
  // Score runs once per feasible node for the same pod: its image names are computed once per pod.
  // So is the score of a node without images (most nodes, when nodes report none).
  let lastPod: Pod | undefined;
  let lastImages: string[] = [];
  let noImagesScore = 0;
  return {
    name: NAME,
    score(_state, pod, nodeInfo) {
      const totalNumNodes = handle.snapshotSharedLister().nodeInfos().list().length;
      if (pod !== lastPod) {
        lastPod = pod;
        lastImages = podImageNames(pod);
        noImagesScore = imageLocalityScore(pod, EMPTY_NODE, totalNumNodes, lastImages);
      }
      if (nodeInfo.imageStates.size === 0) return [noImagesScore, null];
      return [imageLocalityScore(pod, nodeInfo, totalNumNodes, lastImages), null];
    },
    scoreExtensions: () => null,
  };
}
