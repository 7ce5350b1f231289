/**
 * The cluster as one scheduling cycle sees it (model: internal/cache.Snapshot): NodeInfos in a
 * list (the order Filter walks, nodes of different zones interleaved by the cache) and by name,
 * plus the sub-lists of nodes that have pods with (anti-)affinity.
 *
 * Contract: a snapshot does not change during a scheduling cycle. The cache updates it between
 * cycles in place (`Cache.updateSnapshot`), re-cloning only NodeInfos whose generation moved.
 */
import type { Node, Pod } from './api-types.js';
import { nodeImageSizes } from './images.js';
import { NodeInfo, type ImageStateSummary } from './node-info.js';
import { PodInfo } from './pod-info.js';

export interface NodeInfoLister {
  /** All nodes, in the snapshot's order. */
  list(): readonly NodeInfo[];
  /** Nodes with at least one pod that has (anti-)affinity terms. */
  havePodsWithAffinityList(): readonly NodeInfo[];
  /** Nodes with at least one pod that has required anti-affinity terms. */
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
}

export interface SharedLister {
  nodeInfos(): NodeInfoLister;
}

export class Snapshot implements SharedLister, NodeInfoLister {
  nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  havePodsWithAffinityNodeInfoList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityNodeInfoList: NodeInfo[] = [];
  /** The highest NodeInfo generation copied in (the cache's bookkeeping). */
  generation = 0;

  /** A snapshot built from scratch (tests, and the first update). */
  static fromPodsAndNodes(pods: readonly Pod[], nodes: readonly Node[]): Snapshot {
    const snapshot = new Snapshot();
    const images = imageStates(nodes);
    for (const node of nodes) {
      const info = new NodeInfo(node);
      info.imageStates = summariesFor(node, images);
      snapshot.nodeInfoMap.set(node.metadata.name ?? '', info);
    }
    for (const pod of pods) {
      const info = snapshot.nodeInfoMap.get(pod.spec?.nodeName ?? '');
      if (info) info.addPodInfo(new PodInfo(pod));
    }
    snapshot.nodeInfoList = [...snapshot.nodeInfoMap.values()];
    snapshot.rebuildAffinityLists();
    return snapshot;
  }

  nodeInfos(): NodeInfoLister {
    return this;
  }

  list(): readonly NodeInfo[] {
    return this.nodeInfoList;
  }

  havePodsWithAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithAffinityNodeInfoList;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    return this.havePodsWithRequiredAntiAffinityNodeInfoList;
  }

  get(nodeName: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(nodeName);
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }

  rebuildAffinityLists(): void {
    // One pass (this runs after every cycle that placed a pod with affinity terms).
    const withAffinity: NodeInfo[] = [];
    const withRequiredAntiAffinity: NodeInfo[] = [];
    for (const n of this.nodeInfoList) {
      if (n.podsWithAffinity.length > 0) withAffinity.push(n);
      if (n.podsWithRequiredAntiAffinity.length > 0) withRequiredAntiAffinity.push(n);
    }
    this.havePodsWithAffinityNodeInfoList = withAffinity;
    this.havePodsWithRequiredAntiAffinityNodeInfoList = withRequiredAntiAffinity;
  }
}

/** Image name → size and the number of nodes that have it. */
function imageStates(nodes: readonly Node[]): Map<string, { size: number; nodes: number }> {
  const out = new Map<string, { size: number; nodes: number }>();
  for (const node of nodes) {
    for (const [name, size] of nodeImageSizes(node)) {
      const state = out.get(name);
      if (state) state.nodes++;
      else out.set(name, { size, nodes: 1 });
    }
  }
  return out;
}

function summariesFor(node: Node, states: Map<string, { size: number; nodes: number }>): Map<string, ImageStateSummary> {
  const out = new Map<string, ImageStateSummary>();
  for (const name of nodeImageSizes(node).keys()) {
    const state = states.get(name);
    if (state) out.set(name, { size: state.size, numNodes: state.nodes });
  }
  return out;
}
