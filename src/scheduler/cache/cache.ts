/**
 * The scheduler's view of nodes and of the pods on them (model: internal/cache/cache.go),
 * including pods assumed onto a node before their binding is confirmed.
 *
 * Pod states:
 *   assumePod ──► Assumed ──finishBinding──► Assumed (expires ttl after binding finished)
 *      │              │ informer add (bound)                 │ expiry: removed
 *      │              ▼                                      ▼
 *      │           Added ◄── addPod (informer) ──     forgetPod (binding failed): removed
 *
 * Snapshots: `updateSnapshot(snapshot)` copies into the snapshot only the NodeInfos changed
 * since the last update (tracked by a dirty set), so a cycle costs O(changed nodes), not
 * O(nodes). The node list order interleaves zones (upstream nodeTree) and is rebuilt only when
 * nodes are added or removed.
 */
import { realClock, type Clock } from '../../client/flowcontrol/clock.js';
import { podUID, type Node, type Pod } from '../framework/api-types.js';
import { nodeImageSizes } from '../framework/images.js';
import { NodeInfo, type ImageStateSummary } from '../framework/node-info.js';
import { podInfoOf } from '../framework/pod-info.js';
import type { Snapshot } from '../framework/snapshot.js';

interface PodState {
  pod: Pod;
  /** When an assumed pod expires (set once binding finished). */
  deadline: number | undefined;
  bindingFinished: boolean;
}

const ZONE_LABELS = ['topology.kubernetes.io/region', 'topology.kubernetes.io/zone'];

export class SchedulerCache {
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podStates = new Map<string, PodState>();
  private readonly assumed = new Set<string>();
  private readonly images = new Map<string, { size: number; nodes: Set<string> }>();
  private readonly dirty = new Set<string>();
  private nodeSetChanged = true;
  /** Node name → its position in the last snapshot's nodeInfoList. */
  private listIndex = new Map<string, number>();
  private readonly clock: Clock;

  constructor(
    private readonly assumedTtlMs = 30_000,
    clock?: Clock,
  ) {
    this.clock = clock ?? realClock;
  }

  // ---- pods ----

  /** Adds `pod` (with spec.nodeName set to the chosen node) before it is bound. */
  assumePod(pod: Pod): void {
    const uid = podUID(pod);
    if (this.podStates.has(uid)) throw new Error(`pod ${pod.metadata.namespace}/${pod.metadata.name} (${uid}) is in the cache, so can't be assumed`);
    this.addPodToNode(pod);
    this.podStates.set(uid, { pod, deadline: undefined, bindingFinished: false });
    this.assumed.add(uid);
  }

  /** Binding returned: the assumed pod now expires after the ttl unless the informer confirms it. */
  finishBinding(pod: Pod): void {
    const state = this.podStates.get(podUID(pod));
    if (state && this.assumed.has(podUID(pod))) {
      state.bindingFinished = true;
      state.deadline = this.clock.now() + this.assumedTtlMs;
    }
  }

  /** Binding failed: removes the assumed pod. */
  forgetPod(pod: Pod): void {
    const uid = podUID(pod);
    const state = this.podStates.get(uid);
    if (!state || !this.assumed.has(uid)) return;
    this.removePodFromNode(state.pod);
    this.podStates.delete(uid);
    this.assumed.delete(uid);
  }

  isAssumedPod(pod: Pod): boolean {
    return this.assumed.has(podUID(pod));
  }

  getPod(pod: Pod): Pod | undefined {
    return this.podStates.get(podUID(pod))?.pod;
  }

  /** A bound pod from the informer (confirms an assumed one). */
  addPod(pod: Pod): void {
    const uid = podUID(pod);
    const state = this.podStates.get(uid);
    if (state && this.assumed.has(uid)) {
      if (state.pod.spec?.nodeName !== pod.spec?.nodeName) {
        this.removePodFromNode(state.pod);
        this.addPodToNode(pod);
      } else {
        this.replacePodOnNode(state.pod, pod);
      }
      this.assumed.delete(uid);
      this.podStates.set(uid, { pod, deadline: undefined, bindingFinished: false });
      return;
    }
    if (state) {
      this.updatePod(state.pod, pod);
      return;
    }
    this.addPodToNode(pod);
    this.podStates.set(uid, { pod, deadline: undefined, bindingFinished: false });
  }

  updatePod(oldPod: Pod, newPod: Pod): void {
    const uid = podUID(newPod);
    const state = this.podStates.get(uid);
    if (!state) {
      this.addPod(newPod);
      return;
    }
    if (this.assumed.has(uid)) {
      this.addPod(newPod);
      return;
    }
    if (state.pod.spec?.nodeName !== newPod.spec?.nodeName) {
      this.removePodFromNode(state.pod);
      this.addPodToNode(newPod);
    } else {
      this.replacePodOnNode(state.pod, newPod);
    }
    state.pod = newPod;
    void oldPod;
  }

  removePod(pod: Pod): void {
    const uid = podUID(pod);
    const state = this.podStates.get(uid);
    if (!state) return;
    this.removePodFromNode(state.pod);
    this.podStates.delete(uid);
    this.assumed.delete(uid);
  }

  /** Removes assumed pods whose binding finished more than the ttl ago. */
  cleanupExpiredAssumedPods(): void {
    const now = this.clock.now();
    for (const uid of [...this.assumed]) {
      const state = this.podStates.get(uid);
      if (state?.bindingFinished && state.deadline !== undefined && now > state.deadline) this.removePod(state.pod);
    }
  }

  podCount(): number {
    return this.podStates.size;
  }

  // ---- nodes ----

  addNode(node: Node): void {
    const name = node.metadata.name ?? '';
    let info = this.nodes.get(name);
    if (!info) {
      info = new NodeInfo();
      this.nodes.set(name, info);
      this.nodeSetChanged = true;
    } else if (info.node()) {
      this.removeNodeImages(info.node()!);
      if (zoneOf(info.node()!) !== zoneOf(node)) this.nodeSetChanged = true;
    } else {
      this.nodeSetChanged = true;
    }
    info.setNode(node);
    this.addNodeImages(node);
    this.refreshImageSummaries(info, node);
    this.dirty.add(name);
  }

  updateNode(_oldNode: Node, newNode: Node): void {
    this.addNode(newNode);
  }

  removeNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const info = this.nodes.get(name);
    if (!info) return;
    if (info.node()) this.removeNodeImages(info.node()!);
    info.removeNode();
    // Keep the NodeInfo while pods still point at it (they are deleted later).
    if (info.pods.length === 0) this.nodes.delete(name);
    this.nodeSetChanged = true;
    this.dirty.add(name);
  }

  nodeCount(): number {
    let n = 0;
    for (const info of this.nodes.values()) if (info.node()) n++;
    return n;
  }

  /** The cache's own NodeInfo (do not mutate; for tests and debugging). */
  nodeInfo(name: string): NodeInfo | undefined {
    return this.nodes.get(name);
  }

  // ---- snapshots ----

  /** Brings `snapshot` up to date, re-cloning only the NodeInfos changed since the last call. */
  updateSnapshot(snapshot: Snapshot): void {
    if (this.dirty.size === 0 && !this.nodeSetChanged) return;
    let affinityChanged = false;
    for (const name of this.dirty) {
      const info = this.nodes.get(name);
      const previous = snapshot.nodeInfoMap.get(name);
      if (previous && (previous.podsWithAffinity.length > 0 || previous.podsWithRequiredAntiAffinity.length > 0)) affinityChanged = true;
      if (info?.node()) {
        const clone = info.clone();
        snapshot.nodeInfoMap.set(name, clone);
        if (clone.podsWithAffinity.length > 0 || clone.podsWithRequiredAntiAffinity.length > 0) affinityChanged = true;
        if (previous && !this.nodeSetChanged) {
          const i = this.listIndex.get(name);
          if (i !== undefined && snapshot.nodeInfoList[i] === previous) snapshot.nodeInfoList[i] = clone;
          else this.nodeSetChanged = true;
        } else if (!previous) {
          this.nodeSetChanged = true;
        }
      } else if (previous) {
        snapshot.nodeInfoMap.delete(name);
        this.nodeSetChanged = true;
      }
    }
    this.dirty.clear();
    if (this.nodeSetChanged) {
      snapshot.nodeInfoList = this.zoneInterleaved(snapshot);
      this.listIndex = new Map(snapshot.nodeInfoList.map((info, i) => [info.name, i]));
      this.nodeSetChanged = false;
      affinityChanged = true;
    }
    if (affinityChanged) snapshot.rebuildAffinityLists();
  }

  // ---- internals ----

  private nodeInfoFor(name: string): NodeInfo {
    let info = this.nodes.get(name);
    if (!info) {
      info = new NodeInfo();
      this.nodes.set(name, info);
    }
    return info;
  }

  private addPodToNode(pod: Pod): void {
    const name = pod.spec?.nodeName ?? '';
    this.nodeInfoFor(name).addPodInfo(podInfoOf(pod));
    this.dirty.add(name);
  }

  private removePodFromNode(pod: Pod): void {
    const name = pod.spec?.nodeName ?? '';
    const info = this.nodes.get(name);
    if (!info) return;
    info.removePod(pod);
    this.dirty.add(name);
    if (!info.node() && info.pods.length === 0) this.nodes.delete(name);
  }

  private replacePodOnNode(oldPod: Pod, newPod: Pod): void {
    const name = newPod.spec?.nodeName ?? '';
    const info = this.nodeInfoFor(name);
    info.removePod(oldPod);
    info.addPodInfo(podInfoOf(newPod));
    this.dirty.add(name);
  }

  private addNodeImages(node: Node): void {
    const name = node.metadata.name ?? '';
    for (const [image, size] of nodeImageSizes(node)) {
      let state = this.images.get(image);
      if (!state) this.images.set(image, (state = { size, nodes: new Set() }));
      state.nodes.add(name);
    }
  }

  private removeNodeImages(node: Node): void {
    const name = node.metadata.name ?? '';
    for (const image of nodeImageSizes(node).keys()) {
      const state = this.images.get(image);
      if (!state) continue;
      state.nodes.delete(name);
      if (state.nodes.size === 0) this.images.delete(image);
    }
  }

  private refreshImageSummaries(info: NodeInfo, node: Node): void {
    const summaries = new Map<string, ImageStateSummary>();
    for (const image of nodeImageSizes(node).keys()) {
      const state = this.images.get(image);
      if (state) summaries.set(image, { size: state.size, numNodes: state.nodes.size });
    }
    info.imageStates = summaries;
  }

  /** Nodes round-robin across zones, each zone in name order (upstream nodeTree.list). */
  private zoneInterleaved(snapshot: Snapshot): NodeInfo[] {
    const zones = new Map<string, NodeInfo[]>();
    for (const info of snapshot.nodeInfoMap.values()) {
      const zone = zoneOf(info.node()!);
      let list = zones.get(zone);
      if (!list) zones.set(zone, (list = []));
      list.push(info);
    }
    if (zones.size <= 1) return [...snapshot.nodeInfoMap.values()];
    const lists = [...zones.values()];
    const out: NodeInfo[] = [];
    for (let i = 0; out.length < snapshot.nodeInfoMap.size; i++) {
      for (const list of lists) if (i < list.length) out.push(list[i]!);
    }
    return out;
  }
}

function zoneOf(node: Node): string {
  const labels = node.metadata.labels ?? {};
  return ZONE_LABELS.map((l) => labels[l] ?? '').join(':\x00:');
}
