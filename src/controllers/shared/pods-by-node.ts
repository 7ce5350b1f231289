/**
 * The pod informer's `spec.nodeName` index (model: the nodeNameKeyIndex the node lifecycle and
 * taint eviction controllers add to the shared pod informer). Several controllers share one pod
 * informer, so the index is added once by whichever constructs first.
 */
import type { SharedInformer } from '../../client/cache/index.js';
import type { PodObject } from './node-types.js';

export const POD_NODE_NAME_INDEX = 'spec.nodeName';

export function ensurePodNodeNameIndex(informer: SharedInformer<PodObject>): void {
  try {
    informer.indexer.listIndexValues(POD_NODE_NAME_INDEX);
  } catch {
    informer.indexer.addIndexers({ [POD_NODE_NAME_INDEX]: (pod) => (pod.spec?.nodeName ? [pod.spec.nodeName] : []) });
  }
}

/** Pods bound to `nodeName`, from the cache (never mutate them). */
export function podsOnNode(informer: SharedInformer<PodObject>, nodeName: string): PodObject[] {
  return informer.indexer.byIndex(POD_NODE_NAME_INDEX, nodeName);
}
