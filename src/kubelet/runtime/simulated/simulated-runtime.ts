/**
 * The `simulated` runtime: hollow pods for scale tests (like KWOK). Everything lives in memory and
 * no process runs: a started container is `running` until it is stopped, its sandbox is stopped,
 * or its `SIMULATED_EXIT_ANNOTATION` says it exits by itself.
 *
 * What it does not do (honestly): exec, attach and port-forward reject with `UnsupportedError`;
 * stats report zeros; logs hold one CRI line per container start saying the container is
 * simulated (the kubelet's log reader then has something to serve); `recover()` finds nothing,
 * since nothing outlives the process (a restarted kubelet recreates its hollow pods).
 *
 * Cost: one small object per sandbox and container, one timer per container that exits by itself,
 * one log file append per start (skipped when `writeLogs` is false). Thousands of pods fit easily.
 *
 * Container state machine: created --start--> running --(stop | exit annotation | sandbox stop)--> exited.
 */
import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../../../util/errors.js';
import type { Disposable } from '../../../util/lifecycle.js';
import { CriLogWriter } from '../cri-log-writer.js';
import type {
  ContainerConfig,
  ContainerEvent,
  ContainerFilter,
  ContainerStats,
  ContainerStatus,
  ExecSyncResult,
  PodSandboxConfig,
  PodSandboxStatus,
  Runtime,
  RuntimeVersion,
  StreamingIO,
} from '../runtime.js';

/**
 * Container annotation `"<exitCode>"` or `"<exitCode>:<delayMs>"`: the container exits with that
 * code that long after it starts (default delay 0), so the kubelet's restart logic can be exercised.
 */
export const SIMULATED_EXIT_ANNOTATION = 'kts.io/simulated-exit';

/** Thrown for operations a hollow pod cannot perform. */
export class UnsupportedError extends Error {
  constructor(what: string) {
    super(`${what} is not supported by the simulated runtime: its containers run no processes`);
    this.name = 'UnsupportedError';
  }
}

export interface SimulatedRuntimeOptions {
  /** The IP reported for every sandbox (the node's). */
  nodeIP: string;
  /** Append one notice line to each container's log on start (default true). */
  writeLogs?: boolean;
  /** Clock in Unix ms (tests). */
  now?: () => number;
}

interface SandboxRecord {
  status: PodSandboxStatus;
}

interface ContainerRecord {
  status: ContainerStatus;
  exitTimer?: NodeJS.Timeout;
}

export class SimulatedRuntime implements Runtime {
  private readonly sandboxes = new Map<string, SandboxRecord>();
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly listeners = new Set<(event: ContainerEvent) => void>();
  private readonly now: () => number;

  constructor(private readonly options: SimulatedRuntimeOptions) {
    this.now = options.now ?? Date.now;
  }

  version(): RuntimeVersion {
    return { runtimeName: 'simulated', runtimeVersion: '0.1.0' };
  }

  async recover(): Promise<void> {
    // Nothing outlives the process; see the file comment.
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const id = newId();
    this.sandboxes.set(id, {
      status: {
        id,
        uid: config.uid,
        name: config.name,
        namespace: config.namespace,
        attempt: config.attempt,
        state: 'ready',
        createdAt: this.now(),
        ip: this.options.nodeIP,
        labels: { ...config.labels },
        annotations: { ...config.annotations },
      },
    });
    return id;
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox) return;
    for (const c of this.containers.values()) {
      if (c.status.sandboxId === sandboxId && c.status.state === 'running') this.exit(c, 137, 'Error');
    }
    sandbox.status.state = 'notready';
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox) return;
    await this.stopPodSandbox(sandboxId);
    for (const c of [...this.containers.values()]) {
      if (c.status.sandboxId === sandboxId) await this.removeContainer(c.status.id);
    }
    this.sandboxes.delete(sandboxId);
  }

  async podSandboxStatus(sandboxId: string): Promise<PodSandboxStatus> {
    return structuredClone(this.sandbox(sandboxId).status);
  }

  async listPodSandboxes(): Promise<PodSandboxStatus[]> {
    return [...this.sandboxes.values()].map((s) => structuredClone(s.status));
  }

  async createContainer(sandboxId: string, config: ContainerConfig): Promise<string> {
    const sandbox = this.sandbox(sandboxId);
    if (sandbox.status.state !== 'ready') throw new Error(`sandbox ${sandboxId} is not ready`);
    const id = newId();
    this.containers.set(id, {
      status: {
        id,
        sandboxId,
        name: config.name,
        attempt: config.attempt,
        image: config.image,
        state: 'created',
        createdAt: this.now(),
        startedAt: 0,
        finishedAt: 0,
        logPath: config.logPath,
        labels: { ...config.labels },
        annotations: { ...config.annotations },
      },
    });
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    const c = this.container(containerId);
    if (c.status.state !== 'created') throw new Error(`container ${containerId} is ${c.status.state}, not created`);
    c.status.state = 'running';
    c.status.startedAt = this.now();
    if (this.options.writeLogs !== false) {
      const log = new CriLogWriter(c.status.logPath);
      log.writeLine('stdout', `simulated container ${c.status.name} started (image ${c.status.image}); it runs no process`);
      log.close('end');
    }
    this.emit('started', c);
    const exit = parseExitAnnotation(c.status.annotations[SIMULATED_EXIT_ANNOTATION]);
    if (exit) {
      c.exitTimer = setTimeout(() => {
        if (c.status.state === 'running') this.exit(c, exit.code, exit.code === 0 ? 'Completed' : 'Error');
      }, exit.delayMs);
    }
  }

  async stopContainer(containerId: string, _timeoutSeconds: number): Promise<void> {
    const c = this.container(containerId);
    // A hollow process "handles" SIGTERM at once: exit 143 like a process killed by it.
    if (c.status.state === 'running') this.exit(c, 143, 'Error');
    else if (c.status.state === 'created') this.exit(c, 0, 'Completed');
  }

  async removeContainer(containerId: string): Promise<void> {
    const c = this.containers.get(containerId);
    if (!c) return;
    if (c.status.state === 'running') this.exit(c, 137, 'Error');
    clearTimeout(c.exitTimer);
    this.containers.delete(containerId);
    this.emit('removed', c);
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    return structuredClone(this.container(containerId).status);
  }

  async listContainers(filter?: ContainerFilter): Promise<ContainerStatus[]> {
    const out: ContainerStatus[] = [];
    for (const c of this.containers.values()) {
      if (filter?.sandboxId !== undefined && c.status.sandboxId !== filter.sandboxId) continue;
      if (filter?.state !== undefined && c.status.state !== filter.state) continue;
      out.push(structuredClone(c.status));
    }
    return out;
  }

  async execSync(containerId: string, _cmd: string[], _timeoutMs: number): Promise<ExecSyncResult> {
    this.container(containerId);
    throw new UnsupportedError('exec');
  }

  async exec(containerId: string, _cmd: string[], _io: StreamingIO): Promise<number> {
    this.container(containerId);
    throw new UnsupportedError('exec');
  }

  async attach(containerId: string, _io: StreamingIO): Promise<void> {
    this.container(containerId);
    throw new UnsupportedError('attach');
  }

  async portForward(sandboxId: string): Promise<void> {
    this.sandbox(sandboxId);
    throw new UnsupportedError('port-forward');
  }

  async containerStats(containerId: string): Promise<ContainerStats> {
    this.container(containerId);
    return { containerId, timestamp: this.now(), cpuUsageCoreNanoSeconds: 0, memoryWorkingSetBytes: 0, memoryRssBytes: 0 };
  }

  onContainerEvent(listener: (event: ContainerEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Cancels the pending self-exit timers (the containers' records stay). */
  dispose(): void {
    for (const c of this.containers.values()) clearTimeout(c.exitTimer);
  }

  private exit(c: ContainerRecord, exitCode: number, reason: string): void {
    clearTimeout(c.exitTimer);
    c.status.state = 'exited';
    c.status.exitCode = exitCode;
    c.status.reason = reason;
    c.status.finishedAt = this.now();
    this.emit('exited', c);
  }

  private emit(type: ContainerEvent['type'], c: ContainerRecord): void {
    const podUid = this.sandboxes.get(c.status.sandboxId)?.status.uid ?? '';
    const event: ContainerEvent = { type, containerId: c.status.id, sandboxId: c.status.sandboxId, podUid };
    for (const l of this.listeners) l(event);
  }

  private sandbox(id: string): SandboxRecord {
    const s = this.sandboxes.get(id);
    if (!s) throw new NotFoundError(`pod sandbox "${id}" not found`);
    return s;
  }

  private container(id: string): ContainerRecord {
    const c = this.containers.get(id);
    if (!c) throw new NotFoundError(`container "${id}" not found`);
    return c;
  }
}

/** `"3"` → exit 3 at once; `"1:500"` → exit 1 after 500 ms; anything else → no self-exit. */
export function parseExitAnnotation(value: string | undefined): { code: number; delayMs: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{1,3})(?::(\d+))?$/.exec(value.trim());
  if (!m) return undefined;
  const code = Number(m[1]);
  if (code > 255) return undefined;
  return { code, delayMs: m[2] === undefined ? 0 : Number(m[2]) };
}

function newId(): string {
  return randomBytes(16).toString('hex');
}
