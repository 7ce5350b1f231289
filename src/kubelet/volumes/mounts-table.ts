/**
 * tmpfs mounts for memory-backed volumes, and finding what is mounted under a pod directory
 * (from /proc/self/mountinfo, so teardown works for mounts made before a kubelet restart).
 * Mounting needs root (CAP_SYS_ADMIN); callers decide whether to use it.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Mounts a tmpfs at `dir` (which must exist); `sizeBytes` caps it (the kernel default otherwise). */
export async function mountTmpfs(dir: string, sizeBytes: number | undefined): Promise<void> {
  const options = sizeBytes !== undefined && sizeBytes > 0 ? ['-o', `size=${sizeBytes}`] : [];
  await runMountTool('mount', ['-t', 'tmpfs', ...options, 'tmpfs', dir]);
}

export async function unmount(dir: string): Promise<void> {
  await runMountTool('umount', [dir]);
}

async function runMountTool(tool: string, args: string[]): Promise<void> {
  try {
    await run(tool, args, { timeout: 30_000 });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`${tool} ${args.join(' ')} failed: ${stderr || (err as Error).message}`, { cause: err });
  }
}

/** Mount points at or below `dir`, deepest first (the order to unmount them in). */
export async function mountPointsUnder(dir: string): Promise<string[]> {
  const root = path.resolve(dir);
  const table = await readFile('/proc/self/mountinfo', 'utf8');
  const points = new Set<string>();
  for (const line of table.split('\n')) {
    const field = line.split(' ')[4];
    if (field === undefined) continue;
    const point = unescapeMountinfo(field);
    if (point === root || point.startsWith(`${root}/`)) points.add(point);
  }
  return [...points].sort((a, b) => b.length - a.length);
}

export async function isMountPoint(dir: string): Promise<boolean> {
  return (await mountPointsUnder(dir)).includes(path.resolve(dir));
}

/** mountinfo escapes space, tab, newline and backslash as `\NNN` octal. */
function unescapeMountinfo(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
