/**
 * What the scheduler knows about one node (model: framework.NodeInfo): the Node, the pods on it
 * (bound or assumed) with their summed requests, used host ports, image states, and the pods with
 * (anti-)affinity for InterPodAffinity.
 *
 * Ownership: the cache owns its NodeInfos and mutates them; a Snapshot holds clones that nobody
 * mutates during a scheduling cycle except through the framework's own cycle-local copies
 * (preemption works on `clone()`s). `generation` rises on every change, which is how the cache
 * knows which snapshot entries to refresh.
 */
import type { Node, Pod } from './api-types.js';
import { podUID } from './api-types.js';
import type { PodInfo } from './pod-info.js';
import { Resource } from './resource.js';

export const DEFAULT_BIND_ALL_HOST_IP = '0.0.0.0';

/** Host ports in use on a node: ip → set of `protocol/port` (model: framework.HostPortInfo). */
export class HostPortInfo {
  private readonly byIP = new Map<string, Set<string>>();

  add(ip: string, protocol: string, port: number): void {
    if (port <= 0) return;
    const key = `${protocol || 'TCP'}/${port}`;
    const addr = ip || DEFAULT_BIND_ALL_HOST_IP;
    let set = this.byIP.get(addr);
    if (!set) this.byIP.set(addr, (set = new Set()));
    set.add(key);
  }

  remove(ip: string, protocol: string, port: number): void {
    if (port <= 0) return;
    const addr = ip || DEFAULT_BIND_ALL_HOST_IP;
    const set = this.byIP.get(addr);
    if (!set) return;
    set.delete(`${protocol || 'TCP'}/${port}`);
    if (set.size === 0) this.byIP.delete(addr);
  }

  /** Whether binding `ip:port/protocol` conflicts (0.0.0.0 conflicts with every address). */
  checkConflict(ip: string, protocol: string, port: number): boolean {
    if (port <= 0) return false;
    const key = `${protocol || 'TCP'}/${port}`;
    const addr = ip || DEFAULT_BIND_ALL_HOST_IP;
    if (addr === DEFAULT_BIND_ALL_HOST_IP) {
      for (const set of this.byIP.values()) if (set.has(key)) return true;
      return false;
    }
    return (this.byIP.get(DEFAULT_BIND_ALL_HOST_IP)?.has(key) ?? false) || (this.byIP.get(addr)?.has(key) ?? false);
  }

  get size(): number {
    let n = 0;
    for (const set of this.byIP.values()) n += set.size;
    return n;
  }

  clone(): HostPortInfo {
    const copy = new HostPortInfo();
    for (const [ip, set] of this.byIP) copy.byIP.set(ip, new Set(set));
    return copy;
  }
}

/** An image on a node, with how many nodes have it (model: framework.ImageStateSummary). */
export interface ImageStateSummary {
  readonly size: number;
  readonly numNodes: number;
}

let nextGeneration = 0;
/** A process-wide increasing number stamped on every NodeInfo change. */
export function newGeneration(): number {
  return ++nextGeneration;
}

export class NodeInfo {
  private nodeObj: Node | undefined;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  /** Sum of the pods' requests. */
  requested = new Resource();
  /** Sum of the pods' requests with cpu/memory defaults for unset requests (for scoring). */
  nonZeroRequested = new Resource();
  /** node.status.allocatable. */
  allocatable = new Resource();
  /** Normalized image name → summary, for the images on this node. */
  imageStates = new Map<string, ImageStateSummary>();
  generation = newGeneration();

  constructor(node?: Node, pods: PodInfo[] = []) {
    if (node) this.setNode(node);
    for (const pod of pods) this.addPodInfo(pod);
  }

  /** The Node, or undefined while only its pods are known (a pod bound to a node not yet seen). */
  node(): Node | undefined {
    return this.nodeObj;
  }

  /** The node's name ('' when the Node is not known). */
  get name(): string {
    return this.nodeObj?.metadata.name ?? '';
  }

  setNode(node: Node): void {
    this.nodeObj = node;
    this.allocatable = Resource.fromList(node.status?.allocatable);
    this.generation = newGeneration();
  }

  removeNode(): void {
    this.nodeObj = undefined;
    this.generation = newGeneration();
  }

  addPodInfo(info: PodInfo): void {
    this.pods.push(info);
    if (info.hasAffinity) this.podsWithAffinity.push(info);
    if (info.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(info);
    this.update(info, 1);
  }

  /** Removes the pod with `pod`'s UID; false when it is not on this node. */
  removePod(pod: Pod): boolean {
    const uid = podUID(pod);
    const index = this.pods.findIndex((p) => podUID(p.pod) === uid);
    if (index < 0) return false;
    const info = this.pods[index]!;
    this.pods.splice(index, 1);
    if (info.hasAffinity) this.podsWithAffinity = this.podsWithAffinity.filter((p) => p !== info);
    if (info.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.filter((p) => p !== info);
    this.update(info, -1);
    return true;
  }

  /** A copy that shares the (immutable) PodInfos and Node but not the lists or sums. */
  clone(): NodeInfo {
    const copy = new NodeInfo();
    copy.nodeObj = this.nodeObj;
    copy.pods = this.pods.slice();
    copy.podsWithAffinity = this.podsWithAffinity.slice();
    copy.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    copy.usedPorts = this.usedPorts.clone();
    copy.requested = this.requested.clone();
    copy.nonZeroRequested = this.nonZeroRequested.clone();
    copy.allocatable = this.allocatable.clone();
    copy.imageStates = this.imageStates;
    copy.generation = this.generation;
    return copy;
  }

  private update(info: PodInfo, sign: 1 | -1): void {
    this.requested.addScaled(info.requests, sign);
    this.nonZeroRequested.addScaled(info.nonZeroRequests, sign);
    for (const port of info.hostPorts) {
      if (sign > 0) this.usedPorts.add(port.ip, port.protocol, port.port);
      else this.usedPorts.remove(port.ip, port.protocol, port.port);
    }
    this.generation = newGeneration();
  }
}
