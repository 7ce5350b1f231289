/**
 * Reads the facts of this machine a kubelet reports in its Node (upstream gets them from
 * cadvisor): CPUs, memory, the root dir's filesystem size, machine-id, product UUID, boot id,
 * kernel and OS image. Missing files give empty strings, as upstream reports unknown values.
 */
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import { goArch, type HostFacts } from './node-object.js';

async function readTrimmed(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return '';
  }
}

/** PRETTY_NAME from an os-release document, unquoted; `Linux` when absent (upstream's fallback). */
export function prettyName(osRelease: string): string {
  for (const line of osRelease.split('\n')) {
    const match = /^PRETTY_NAME=(.*)$/.exec(line.trim());
    if (!match) continue;
    let value = match[1]!.trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    return value.replace(/\\(["'`$\\])/g, '$1');
  }
  return 'Linux';
}

/** The facts of this machine; `rootDir` is the kubelet's root dir (for ephemeral-storage). */
export async function readHostFacts(rootDir: string): Promise<HostFacts> {
  const [machineID, productUUID, bootID, osRelease, fs] = await Promise.all([
    readTrimmed('/etc/machine-id'),
    readTrimmed('/sys/class/dmi/id/product_uuid'),
    readTrimmed('/proc/sys/kernel/random/boot_id'),
    readTrimmed('/etc/os-release').then((text) => text || readTrimmed('/usr/lib/os-release')),
    statfs(rootDir),
  ]);
  return {
    cpuCores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    ephemeralStorageBytes: Number(fs.blocks) * Number(fs.bsize),
    machineID,
    // Upstream reads the DMI product UUID (root only); unreadable, it falls back to nothing.
    systemUUID: productUUID.toLowerCase(),
    bootID,
    kernelVersion: os.release(),
    osImage: prettyName(osRelease),
    operatingSystem: 'linux',
    architecture: goArch(process.arch),
  };
}
