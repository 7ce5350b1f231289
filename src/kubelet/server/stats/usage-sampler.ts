import type { ContainerStats } from '../../runtime/runtime.js';
import type { KubeletServerHost, NodeUsage, PodLike } from '../host.js';
import { runtimeIdOf } from '../pod-lookup.js';

export interface ContainerUsage {
  pod: PodLike;
  name: string;
  containerId: string;
  startedAt?: string;
  stats: ContainerStats;
}

/**
 * Samples node and running-container usage. Keeps the previous cumulative CPU sample per
 * container (and the node) so `usageNanoCores` can be reported as a rate, as the Summary API does;
 * the first scrape of something has no rate.
 */
export class UsageSampler {
  private readonly previousCpu = new Map<string, { timestamp: number; cpu: number }>();

  constructor(private readonly host: KubeletServerHost) {}

  async node(): Promise<NodeUsage & { usageNanoCores?: number }> {
    const usage = await this.host.nodeUsage();
    return { ...usage, usageNanoCores: this.rate('node', usage.timestamp, usage.cpuUsageCoreNanoSeconds) };
  }

  /** Running containers of the host's pods with their stats; containers the runtime cannot measure are skipped. */
  async containers(): Promise<ContainerUsage[]> {
    const out: ContainerUsage[] = [];
    for (const pod of this.host.listPods()) {
      for (const status of pod.status?.containerStatuses ?? []) {
        const containerId = runtimeIdOf(status.containerID);
        if (!containerId || !status.state?.running) continue;
        try {
          const stats = await this.host.runtime.containerStats(containerId);
          out.push({ pod, name: status.name, containerId, startedAt: status.state.running.startedAt, stats });
        } catch {
          // exited or removed since the status was computed
        }
      }
    }
    return out;
  }

  rate(key: string, timestamp: number, cpuNanos: number): number | undefined {
    const prev = this.previousCpu.get(key);
    this.previousCpu.set(key, { timestamp, cpu: cpuNanos });
    if (!prev || timestamp <= prev.timestamp || cpuNanos < prev.cpu) return undefined;
    return Math.round(((cpuNanos - prev.cpu) / (timestamp - prev.timestamp)) * 1e6);
  }
}
