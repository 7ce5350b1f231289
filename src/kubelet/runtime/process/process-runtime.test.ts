import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runtimeHarness } from '../harness.js';
import { CONTROLLERS, CgroupTree } from './cgroups.js';
import { ProcessRuntime } from './process-runtime.js';

const root = process.getuid?.() === 0 && CgroupTree.available('/sys/fs/cgroup');

runtimeHarness(`process (${root ? 'isolated, root' : 'unprivileged'})`, {
  create: (rootDir) => new ProcessRuntime({ rootDir, nodeIP: '127.0.0.1' }),
  capabilities: { processes: true, streaming: true, memoryLimits: root, podHostname: root, persistent: true },
  leftovers: processLeftovers,
});

/** Processes whose command line, root or cwd mention rootDir; mounts under it; its cgroups. */
export function processLeftovers(rootDir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const where = [cmdline, safeLink(`/proc/${pid}/root`), safeLink(`/proc/${pid}/cwd`)];
      if (where.some((w) => w.includes(rootDir))) found.push(`process ${pid}: ${cmdline.trim()}`);
      const mounts = readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n').filter((l) => l.includes(rootDir));
      for (const m of mounts) found.push(`mount seen by ${pid}: ${m}`);
    } catch {
      // exited meanwhile
    }
  }
  const id = createHash('sha256').update(rootDir).digest('hex').slice(0, 12);
  for (const c of CONTROLLERS) {
    const dir = join('/sys/fs/cgroup', c, 'kts', id);
    if (existsSync(dir)) found.push(`cgroup ${dir}`);
  }
  return [...new Set(found)];
}

function safeLink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}
