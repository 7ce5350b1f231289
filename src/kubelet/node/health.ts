/**
 * The node's health as the kubelet's eviction manager sees it with upstream's default hard
 * eviction thresholds (pkg/kubelet/eviction): memory pressure when `memory.available` (the
 * kernel's MemAvailable) drops under 100Mi, disk pressure when the kubelet root's file system
 * has less than 10% of its blocks or 5% of its inodes free. No `pid.available` threshold is set by
 * default on Linux, so PID pressure stays false, as upstream. Ready errors come from the runtime:
 * a runtime that does not answer makes the node NotReady (`container runtime is down`).
 */
import { readFile, statfs } from 'node:fs/promises';
import type { NodeHealth } from './conditions.js';
import { EVICTION_MEMORY_AVAILABLE_BYTES, EVICTION_NODEFS_FRACTION } from './node-object.js';

const EVICTION_NODEFS_INODES_FRACTION = 0.05;

/** MemAvailable in bytes from /proc/meminfo text (undefined when absent). */
export function memAvailableBytes(meminfo: string): number | undefined {
  const match = /^MemAvailable:\s+(\d+) kB$/m.exec(meminfo);
  return match ? Number(match[1]) * 1024 : undefined;
}

export interface FsUsage {
  blocks: number;
  bavail: number;
  files: number;
  ffree: number;
}

/** Health from the raw readings (pure). */
export function healthFrom(memAvailable: number | undefined, fs: FsUsage, runtimeError: string | undefined): NodeHealth {
  return {
    memoryPressure: memAvailable !== undefined && memAvailable < EVICTION_MEMORY_AVAILABLE_BYTES,
    diskPressure: (fs.blocks > 0 && fs.bavail / fs.blocks < EVICTION_NODEFS_FRACTION) || (fs.files > 0 && fs.ffree / fs.files < EVICTION_NODEFS_INODES_FRACTION),
    pidPressure: false,
    readyErrors: runtimeError === undefined ? [] : [runtimeError],
  };
}

/** Reads the node's health now; `checkRuntime` rejects when the runtime does not answer. */
export async function readNodeHealth(rootDir: string, checkRuntime: () => Promise<unknown>): Promise<NodeHealth> {
  const [meminfo, fs, runtimeError] = await Promise.all([
    readFile('/proc/meminfo', 'utf8').catch(() => ''),
    statfs(rootDir),
    checkRuntime().then(
      () => undefined,
      () => 'container runtime is down',
    ),
  ]);
  return healthFrom(memAvailableBytes(meminfo), fs, runtimeError);
}
