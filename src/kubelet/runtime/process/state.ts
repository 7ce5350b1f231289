/**
 * The process runtime's persisted state: one small JSON file per sandbox and per container under
 * the root dir, rewritten whole (write to a temporary file, rename) whenever a record changes, so
 * a crash leaves the old or the new version, never half of one. Layout:
 *
 *   <root>/sandboxes/<id>.json          SandboxRecord
 *   <root>/sandboxes/<id>.log           the holder's stderr
 *   <root>/containers/<id>/container.json  ContainerRecord
 *   <root>/containers/<id>/{stdout,stderr,stdin}  FIFOs (made by the supervisor)
 *   <root>/containers/<id>/{upper,work,rootfs}    overlay dirs (busybox images, isolated)
 *   <root>/containers/<id>/supervisor.log  the supervisor's stderr
 *   <root>/exits/<id>                    the exit status, written by the supervisor
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerConfig, ContainerState, PodSandboxConfig, SandboxState } from '../runtime.js';

export interface SandboxRecord {
  id: string;
  config: PodSandboxConfig;
  createdAt: number;
  state: SandboxState;
  /** The `unshare` process holding the pod's namespaces (isolated mode). */
  holderPid?: number;
  holderStart?: string;
  /** cgroup path of the pod relative to the runtime's cgroup parent (isolated mode). */
  cgroup?: string;
}

export interface ContainerRecord {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  state: ContainerState;
  exitCode?: number;
  reason?: string;
  message?: string;
  /** Runs chrooted on the busybox root filesystem. */
  chroot: boolean;
  /** The command actually run (image defaults applied). */
  argv: string[];
  supervisorPid?: number;
  supervisorStart?: string;
  /** Host pid of the container's main process. */
  pid?: number;
  pidStart?: string;
  /** Why it could not start (reported by the supervisor on fd 3). */
  startError?: string;
}

export class StateStore {
  readonly sandboxesDir: string;
  readonly containersDir: string;
  readonly exitsDir: string;
  readonly binDir: string;

  constructor(readonly rootDir: string) {
    this.sandboxesDir = join(rootDir, 'sandboxes');
    this.containersDir = join(rootDir, 'containers');
    this.exitsDir = join(rootDir, 'exits');
    this.binDir = join(rootDir, 'bin');
    for (const d of [this.sandboxesDir, this.containersDir, this.exitsDir, this.binDir]) mkdirSync(d, { recursive: true });
  }

  sandboxFile(id: string): string {
    return join(this.sandboxesDir, `${id}.json`);
  }

  sandboxLog(id: string): string {
    return join(this.sandboxesDir, `${id}.log`);
  }

  containerDir(id: string): string {
    return join(this.containersDir, id);
  }

  exitFile(id: string): string {
    return join(this.exitsDir, id);
  }

  saveSandbox(record: SandboxRecord): void {
    writeAtomic(this.sandboxFile(record.id), JSON.stringify(record));
  }

  /** Persists the record; a record whose directory is gone (removed meanwhile) is not recreated. */
  saveContainer(record: ContainerRecord): void {
    if (!existsSync(this.containerDir(record.id))) return;
    writeAtomic(join(this.containerDir(record.id), 'container.json'), JSON.stringify(record));
  }

  removeSandbox(id: string): void {
    rmSync(this.sandboxFile(id), { force: true });
    rmSync(this.sandboxLog(id), { force: true });
  }

  removeContainer(id: string): void {
    rmSync(this.containerDir(id), { recursive: true, force: true });
    rmSync(this.exitFile(id), { force: true });
  }

  loadSandboxes(): SandboxRecord[] {
    return readdirSync(this.sandboxesDir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => readJSON<SandboxRecord>(join(this.sandboxesDir, f)) ?? []);
  }

  loadContainers(): ContainerRecord[] {
    return readdirSync(this.containersDir).flatMap((d) => readJSON<ContainerRecord>(join(this.containersDir, d, 'container.json')) ?? []);
  }

  /** The supervisor's exit status for the container, or undefined when it has not exited. */
  readExit(id: string): number | undefined {
    try {
      const text = readFileSync(this.exitFile(id), 'utf8').trim();
      return text === '' ? undefined : Number(text);
    } catch {
      return undefined;
    }
  }
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function readJSON<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
