/**
 * cgroup v1 for the process runtime (root only): one directory per pod and per container in each
 * controller it uses, `<cgroupRoot>/<ctrl>/<parent>/pod<uid>/<containerId>`, where `parent` is
 * `kts/<id of the runtime's root dir>` so runtimes sharing a host never touch each other's.
 * Limits: memory.limit_in_bytes; CPU limit as CFS quota over a 100 ms period; CPU request as
 * shares (1024 per core, at least 2). A directory can only be removed once no process is in it.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerResources } from '../runtime.js';

export const CONTROLLERS = ['memory', 'cpu', 'cpuacct', 'pids'] as const;
export type Controller = (typeof CONTROLLERS)[number];

const CFS_PERIOD_US = 100_000;

export class CgroupTree {
  constructor(
    readonly cgroupRoot: string,
    /** e.g. `kts/3f2a…` */
    readonly parent: string,
  ) {}

  /** True when every controller this runtime needs is mounted as cgroup v1. */
  static available(cgroupRoot: string): boolean {
    return CONTROLLERS.every((c) => existsSync(join(cgroupRoot, c, 'cgroup.procs')));
  }

  /** The directories of one cgroup (relative path under `parent`), one per controller. */
  dirs(relative: string): string[] {
    return CONTROLLERS.map((c) => this.dir(c, relative));
  }

  dir(controller: Controller, relative: string): string {
    return join(this.cgroupRoot, controller, this.parent, relative);
  }

  /** Creates the cgroup in every controller and applies the limits that are set. */
  create(relative: string, resources: ContainerResources): void {
    for (const d of this.dirs(relative)) mkdirSync(d, { recursive: true });
    if (resources.memoryLimitBytes !== undefined && resources.memoryLimitBytes > 0) {
      writeFileSync(join(this.dir('memory', relative), 'memory.limit_in_bytes'), String(resources.memoryLimitBytes));
    }
    if (resources.cpuLimitMillis !== undefined && resources.cpuLimitMillis > 0) {
      const quota = Math.max(1000, Math.round((resources.cpuLimitMillis * CFS_PERIOD_US) / 1000));
      writeFileSync(join(this.dir('cpu', relative), 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
      writeFileSync(join(this.dir('cpu', relative), 'cpu.cfs_quota_us'), String(quota));
    }
    if (resources.cpuRequestMillis !== undefined && resources.cpuRequestMillis > 0) {
      const shares = Math.max(2, Math.round((resources.cpuRequestMillis * 1024) / 1000));
      writeFileSync(join(this.dir('cpu', relative), 'cpu.shares'), String(shares));
    }
  }

  /** Pids of every process in the cgroup (from the pids controller). */
  pids(relative: string): number[] {
    try {
      return readFileSync(join(this.dir('pids', relative), 'cgroup.procs'), 'utf8')
        .split('\n')
        .filter((s) => s !== '')
        .map(Number);
    } catch {
      return [];
    }
  }

  /** How many times the kernel's OOM killer killed a process in this cgroup. */
  oomKills(relative: string): number {
    try {
      const text = readFileSync(join(this.dir('memory', relative), 'memory.oom_control'), 'utf8');
      const m = /^oom_kill (\d+)$/m.exec(text);
      return m ? Number(m[1]) : 0;
    } catch {
      return 0;
    }
  }

  /** Cumulative CPU ns, working set (usage − inactive file) and RSS of the cgroup. */
  usage(relative: string): { cpuNanos: number; workingSetBytes: number; rssBytes: number } {
    const read = (ctrl: Controller, file: string): string => {
      try {
        return readFileSync(join(this.dir(ctrl, relative), file), 'utf8');
      } catch {
        return '';
      }
    };
    const cpuNanos = Number(read('cpuacct', 'cpuacct.usage').trim()) || 0;
    const usage = Number(read('memory', 'memory.usage_in_bytes').trim()) || 0;
    const stat = read('memory', 'memory.stat');
    const field = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(stat)?.[1] ?? 0);
    const inactive = field('total_inactive_file');
    return { cpuNanos, workingSetBytes: Math.max(0, usage - inactive), rssBytes: field('total_rss') };
  }

  /** Removes the cgroup in every controller (children first is the caller's job). Missing is fine. */
  remove(relative: string): void {
    for (const d of this.dirs(relative)) {
      try {
        rmdirSync(d);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  /** Removes `parent` and its ancestors when they are empty (best effort). */
  removeParentIfEmpty(): void {
    const parts = this.parent.split('/');
    for (let i = parts.length; i > 0; i--) {
      const rel = parts.slice(0, i).join('/');
      for (const c of CONTROLLERS) {
        try {
          rmdirSync(join(this.cgroupRoot, c, rel));
        } catch {
          // Not empty (another runtime or pod) or gone.
        }
      }
    }
  }
}
