import type { KubeletServerHost } from '../host.js';
import type { UsageSampler } from './usage-sampler.js';

/** Prometheus label value escaping. */
function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toPrecision(17).replace(/\.?0+$/, '');
}

/**
 * `/metrics/resource` in the Prometheus text format, with upstream's metric and label names
 * (pkg/kubelet/metrics/collectors/resource_metrics.go), sample timestamps in milliseconds.
 */
export async function renderResourceMetrics(host: KubeletServerHost, sampler: UsageSampler): Promise<string> {
  const lines: string[] = [];
  const family = (name: string, help: string, type: 'counter' | 'gauge', samples: string[]): void => {
    if (samples.length === 0) return;
    lines.push(`# HELP ${name} [STABLE] ${help}`, `# TYPE ${name} ${type}`, ...samples);
  };
  let scrapeError = 0;
  let node;
  try {
    node = await sampler.node();
  } catch {
    scrapeError = 1;
  }
  const containers = await sampler.containers();
  const cLabels = (c: (typeof containers)[number]): string =>
    `{container="${esc(c.name)}",namespace="${esc(c.pod.metadata.namespace)}",pod="${esc(c.pod.metadata.name)}"}`;
  const pLabels = (ns: string, name: string): string => `{namespace="${esc(ns)}",pod="${esc(name)}"}`;
  const pods = new Map<string, { ns: string; name: string; cpu: number; mem: number; ts: number }>();
  for (const c of containers) {
    const key = c.pod.metadata.uid;
    const p = pods.get(key) ?? { ns: c.pod.metadata.namespace, name: c.pod.metadata.name, cpu: 0, mem: 0, ts: 0 };
    p.cpu += c.stats.cpuUsageCoreNanoSeconds;
    p.mem += c.stats.memoryWorkingSetBytes;
    p.ts = Math.max(p.ts, c.stats.timestamp);
    pods.set(key, p);
  }
  family('container_cpu_usage_seconds_total', 'Cumulative cpu time consumed by the container in core-seconds', 'counter',
    containers.map((c) => `container_cpu_usage_seconds_total${cLabels(c)} ${num(c.stats.cpuUsageCoreNanoSeconds / 1e9)} ${c.stats.timestamp}`));
  family('container_memory_working_set_bytes', 'Current working set of the container in bytes', 'gauge',
    containers.map((c) => `container_memory_working_set_bytes${cLabels(c)} ${c.stats.memoryWorkingSetBytes} ${c.stats.timestamp}`));
  family('container_start_time_seconds', 'Start time of the container since unix epoch in seconds', 'gauge',
    containers.filter((c) => c.startedAt).map((c) => `container_start_time_seconds${cLabels(c)} ${num(Date.parse(c.startedAt!) / 1000)} ${c.stats.timestamp}`));
  if (node) {
    family('node_cpu_usage_seconds_total', 'Cumulative cpu time consumed by the node in core-seconds', 'counter',
      [`node_cpu_usage_seconds_total ${num(node.cpuUsageCoreNanoSeconds / 1e9)} ${node.timestamp}`]);
    family('node_memory_working_set_bytes', 'Current working set of the node in bytes', 'gauge',
      [`node_memory_working_set_bytes ${node.memoryWorkingSetBytes} ${node.timestamp}`]);
  }
  family('pod_cpu_usage_seconds_total', 'Cumulative cpu time consumed by the pod in core-seconds', 'counter',
    [...pods.values()].map((p) => `pod_cpu_usage_seconds_total${pLabels(p.ns, p.name)} ${num(p.cpu / 1e9)} ${p.ts}`));
  family('pod_memory_working_set_bytes', 'Current working set of the pod in bytes', 'gauge',
    [...pods.values()].map((p) => `pod_memory_working_set_bytes${pLabels(p.ns, p.name)} ${p.mem} ${p.ts}`));
  family('resource_scrape_error', '1 if there was an error while getting container metrics, 0 otherwise', 'gauge', [`resource_scrape_error ${scrapeError}`]);
  void host;
  return lines.join('\n') + '\n';
}
