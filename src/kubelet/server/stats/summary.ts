import type { KubeletServerHost } from '../host.js';
import type { UsageSampler, ContainerUsage } from './usage-sampler.js';

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The Summary API (`/stats/summary`, statsapi.Summary): node and per-pod cpu/memory. */
export async function buildSummary(host: KubeletServerHost, sampler: UsageSampler): Promise<unknown> {
  const node = await sampler.node();
  const nodeTime = iso(node.timestamp);
  const containers = await sampler.containers();
  const byPod = new Map<string, ContainerUsage[]>();
  for (const c of containers) {
    const list = byPod.get(c.pod.metadata.uid) ?? [];
    list.push(c);
    byPod.set(c.pod.metadata.uid, list);
  }
  const pods = host.listPods().map((pod) => {
    const list = byPod.get(pod.metadata.uid) ?? [];
    const containerStats = list.map((c) => ({
      name: c.name,
      startTime: c.startedAt ?? iso(c.stats.timestamp),
      cpu: {
        time: iso(c.stats.timestamp),
        usageNanoCores: sampler.rate(c.containerId, c.stats.timestamp, c.stats.cpuUsageCoreNanoSeconds),
        usageCoreNanoSeconds: c.stats.cpuUsageCoreNanoSeconds,
      },
      memory: {
        time: iso(c.stats.timestamp),
        workingSetBytes: c.stats.memoryWorkingSetBytes,
        rssBytes: c.stats.memoryRssBytes,
      },
    }));
    const time = list.length > 0 ? iso(Math.max(...list.map((c) => c.stats.timestamp))) : nodeTime;
    const cpuNanos = list.reduce((n, c) => n + c.stats.cpuUsageCoreNanoSeconds, 0);
    const cores = containerStats.every((c) => c.cpu.usageNanoCores !== undefined)
      ? containerStats.reduce((n, c) => n + (c.cpu.usageNanoCores ?? 0), 0)
      : undefined;
    return {
      podRef: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
      startTime: pod.status?.startTime ?? nodeTime,
      containers: containerStats,
      cpu: { time, usageNanoCores: list.length > 0 ? cores : undefined, usageCoreNanoSeconds: cpuNanos },
      memory: {
        time,
        workingSetBytes: list.reduce((n, c) => n + c.stats.memoryWorkingSetBytes, 0),
        rssBytes: list.reduce((n, c) => n + c.stats.memoryRssBytes, 0),
      },
    };
  });
  return {
    node: {
      nodeName: host.nodeName,
      startTime: iso(host.startTime),
      cpu: { time: nodeTime, usageNanoCores: node.usageNanoCores, usageCoreNanoSeconds: node.cpuUsageCoreNanoSeconds },
      memory: {
        time: nodeTime,
        availableBytes: node.memoryAvailableBytes,
        usageBytes: node.memoryUsageBytes,
        workingSetBytes: node.memoryWorkingSetBytes,
        rssBytes: node.memoryRssBytes,
      },
    },
    pods,
  };
}
