/**
 * Pods nominated to nodes by preemption, waiting for their victims to leave (model:
 * internal/queue nominator). Filter considers them on their node (see
 * Framework.runFilterPluginsWithNominatedPods) so other pods do not take their place.
 */
import { podUID, type Pod } from '../framework/api-types.js';
import type { PodNominator } from '../framework/interface.js';
import { podInfoOf, type PodInfo } from '../framework/pod-info.js';
import type { NominatingInfo } from '../framework/types.js';

const NONE: readonly PodInfo[] = Object.freeze([]);

export class Nominator implements PodNominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  addNominatedPod(podInfo: PodInfo, nominatingInfo: NominatingInfo | undefined): void {
    this.deleteNominatedPodIfExists(podInfo.pod);
    let nodeName = podInfo.pod.status?.nominatedNodeName ?? '';
    if (nominatingInfo?.nominatingMode === 'Override') nodeName = nominatingInfo.nominatedNodeName;
    // A pod already bound is not nominated.
    if (!nodeName || podInfo.pod.spec?.nodeName) return;
    this.nodeOf.set(podUID(podInfo.pod), nodeName);
    const list = this.byNode.get(nodeName) ?? [];
    list.push(podInfo);
    this.byNode.set(nodeName, list);
  }

  deleteNominatedPodIfExists(pod: Pod): void {
    const uid = podUID(pod);
    const nodeName = this.nodeOf.get(uid);
    if (nodeName === undefined) return;
    this.nodeOf.delete(uid);
    const list = (this.byNode.get(nodeName) ?? []).filter((p) => podUID(p.pod) !== uid);
    if (list.length === 0) this.byNode.delete(nodeName);
    else this.byNode.set(nodeName, list);
  }

  /** Keeps a nomination across pod updates (upstream: the update may not carry it yet). */
  updateNominatedPod(oldPod: Pod, newPodInfo: PodInfo): void {
    const uid = podUID(oldPod);
    const previous = this.nodeOf.get(uid);
    let info: NominatingInfo | undefined;
    if (previous && !newPodInfo.pod.status?.nominatedNodeName && !oldPod.status?.nominatedNodeName) {
      info = { nominatedNodeName: previous, nominatingMode: 'Override' };
    } else if (previous && oldPod.status?.nominatedNodeName === newPodInfo.pod.status?.nominatedNodeName) {
      info = { nominatedNodeName: previous, nominatingMode: 'Override' };
    }
    this.deleteNominatedPodIfExists(oldPod);
    this.addNominatedPod(newPodInfo, info);
  }

  /** A copy of the node's nominated pods (one shared empty array when there are none: Filter asks for every node). */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.byNode.get(nodeName)?.slice() ?? NONE;
  }

  hasNominatedPods(): boolean {
    return this.nodeOf.size > 0;
  }

  nominatedNodeOf(pod: Pod): string | undefined {
    return this.nodeOf.get(podUID(pod));
  }

  /** Nominates `pod` from its status (an informer add of a pod that already had one). */
  addFromStatus(pod: Pod): void {
    if (pod.status?.nominatedNodeName) this.addNominatedPod(podInfoOf(pod), undefined);
  }
}
