import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { MachineInfo, NodeUsage } from '../host.js';

/** USER_HZ on Linux: /proc/stat counts in 1/100 s. */
const CLOCK_TICK_NANOS = 10_000_000;

/** Node usage from /proc (whole machine): CPU time from /proc/stat, memory from /proc/meminfo. */
export async function readProcNodeUsage(): Promise<NodeUsage> {
  const [stat, meminfo] = await Promise.all([readFile('/proc/stat', 'utf8'), readFile('/proc/meminfo', 'utf8')]);
  const cpu = stat.split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
  const busyTicks = (cpu[0] ?? 0) + (cpu[1] ?? 0) + (cpu[2] ?? 0) + (cpu[5] ?? 0) + (cpu[6] ?? 0) + (cpu[7] ?? 0);
  const mem = new Map<string, number>();
  for (const line of meminfo.split('\n')) {
    const m = /^(\w+):\s+(\d+)/.exec(line);
    if (m) mem.set(m[1]!, Number(m[2]) * 1024);
  }
  const total = mem.get('MemTotal') ?? os.totalmem();
  const free = mem.get('MemFree') ?? os.freemem();
  const available = mem.get('MemAvailable') ?? free;
  const inactiveFile = mem.get('Inactive(file)') ?? 0;
  const usage = total - free;
  return {
    timestamp: Date.now(),
    cpuUsageCoreNanoSeconds: busyTicks * CLOCK_TICK_NANOS,
    memoryUsageBytes: usage,
    memoryWorkingSetBytes: Math.max(0, usage - inactiveFile),
    memoryAvailableBytes: available,
    memoryRssBytes: Math.max(0, total - available),
  };
}

async function readTrimmed(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return '';
  }
}

/** Machine info from the host (cadvisor-style JSON for /spec). */
export async function readHostMachineInfo(): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    timestamp: new Date().toISOString(),
    num_cores: cpus.length,
    num_physical_cores: cpus.length,
    num_sockets: 1,
    cpu_frequency_khz: (cpus[0]?.speed ?? 0) * 1000,
    memory_capacity: os.totalmem(),
    machine_id: await readTrimmed('/etc/machine-id'),
    system_uuid: await readTrimmed('/sys/class/dmi/id/product_uuid'),
    boot_id: await readTrimmed('/proc/sys/kernel/random/boot_id'),
    filesystems: [],
    disk_map: {},
    network_devices: [],
    topology: [],
    cloud_provider: 'Unknown',
    instance_type: 'Unknown',
    instance_id: 'None',
  };
}
