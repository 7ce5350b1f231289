/**
 * What the kubelet API server reads from the kubelet: the pods bound to this node with the
 * status the kubelet computed last (so container ids are current even before the API has them),
 * machine facts and node usage.
 */
import type { Lister } from '../client/cache/lister.js';
import type { Pod } from './pod.js';
import type { Runtime } from './runtime/runtime.js';
import type { KubeletServerHost, MachineInfo, NodeUsage, PodLike } from './server/host.js';
import { readProcNodeUsage } from './server/stats/host-usage.js';
import type { StatusManager } from './status/status-manager.js';

export class KubeletApiHost implements KubeletServerHost {
  readonly startTime = Date.now();

  constructor(
    readonly nodeName: string,
    readonly runtime: Runtime,
    private readonly pods: Lister<Pod>,
    private readonly statuses: StatusManager,
    private readonly machine: MachineInfo,
  ) {}

  listPods(): PodLike[] {
    return this.pods.list().map((pod) => this.withStatus(pod));
  }

  getPodByName(namespace: string, name: string): PodLike | undefined {
    const pod = this.pods.get(namespace, name);
    return pod && this.withStatus(pod);
  }

  machineInfo(): MachineInfo {
    return this.machine;
  }

  nodeUsage(): Promise<NodeUsage> {
    return readProcNodeUsage();
  }

  private withStatus(pod: Pod): PodLike {
    const status = this.statuses.getPodStatus(pod.metadata.uid ?? '') ?? pod.status;
    return { ...pod, status } as PodLike;
  }
}
