import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { NotFoundError } from '../../src/util/errors.js';
import type { KubeletServerHost, PodLike, NodeUsage, MachineInfo } from '../../src/kubelet/server/host.js';
import type {
  ContainerStats,
  ContainerStatus,
  PodSandboxStatus,
  Runtime,
  StreamingIO,
} from '../../src/kubelet/runtime/runtime.js';

/**
 * A tiny Runtime for server tests: exec spawns real host processes (no shell, no isolation),
 * attach talks to a real long-running "main process", port-forward connects to 127.0.0.1:<port>.
 * Only what the kubelet server calls is implemented; the rest throws.
 */
export class HostProcessTestRuntime implements Runtime {
  readonly containers = new Map<string, { status: ContainerStatus; main?: ChildProcessWithoutNullStreams }>();
  readonly sandboxes: PodSandboxStatus[] = [];
  /** Exec processes still running (tests check that aborts kill them). */
  readonly running = new Set<ChildProcessWithoutNullStreams>();

  version() {
    return { runtimeName: 'hosttest', runtimeVersion: '0.0.1' };
  }
  async recover(): Promise<void> {}
  private unsupported(): never {
    throw new Error('not supported by the test runtime');
  }
  runPodSandbox(): Promise<string> { return this.unsupported(); }
  stopPodSandbox(): Promise<void> { return this.unsupported(); }
  removePodSandbox(): Promise<void> { return this.unsupported(); }
  async podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    const s = this.sandboxes.find((x) => x.id === id);
    if (!s) throw new NotFoundError(`sandbox ${id} not found`);
    return s;
  }
  async listPodSandboxes(): Promise<PodSandboxStatus[]> { return this.sandboxes; }
  createContainer(): Promise<string> { return this.unsupported(); }
  startContainer(): Promise<void> { return this.unsupported(); }
  stopContainer(): Promise<void> { return this.unsupported(); }
  removeContainer(): Promise<void> { return this.unsupported(); }
  async containerStatus(id: string): Promise<ContainerStatus> {
    const c = this.containers.get(id);
    if (!c) throw new NotFoundError(`container ${id} not found`);
    return c.status;
  }
  async listContainers(): Promise<ContainerStatus[]> { return [...this.containers.values()].map((c) => c.status); }
  execSync(): Promise<never> { return this.unsupported(); }

  async exec(containerId: string, cmd: string[], io: StreamingIO, signal?: AbortSignal): Promise<number> {
    const c = await this.containerStatus(containerId);
    if (c.state !== 'running') throw new Error(`container ${containerId} is not running`);
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.running.add(child);
    const onAbort = (): void => void child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdin.on('error', () => undefined);
    if (io.stdin) io.stdin.pipe(child.stdin);
    else child.stdin.end();
    const errOut = io.tty ? io.stdout : io.stderr;
    if (io.stdout) child.stdout.pipe(io.stdout, { end: false });
    else child.stdout.resume();
    if (errOut) child.stderr.pipe(errOut, { end: false });
    else child.stderr.resume();
    // Host processes have no terminal to resize: consume the events so the queue does not grow.
    void (async () => {
      for await (const _size of io.resize ?? []);
    })();
    try {
      return await new Promise<number>((resolve, reject) => {
        child.once('error', (err) => reject(new Error(`exec: "${cmd[0]}": ${err.message}`)));
        child.once('close', (code, sig) => resolve(code ?? (sig ? 128 + 9 : 1)));
      });
    } finally {
      this.running.delete(child);
      signal?.removeEventListener('abort', onAbort);
      io.stdin?.unpipe(child.stdin);
    }
  }

  async attach(containerId: string, io: StreamingIO, signal?: AbortSignal): Promise<void> {
    const c = this.containers.get(containerId);
    if (!c?.main) throw new NotFoundError(`container ${containerId} has no main process`);
    const main = c.main;
    if (io.stdin) io.stdin.pipe(main.stdin, { end: false });
    if (io.stdout) main.stdout.pipe(io.stdout, { end: false });
    await new Promise<void>((resolve) => {
      const done = (): void => {
        signal?.removeEventListener('abort', done);
        main.off('close', done);
        resolve();
      };
      if (main.exitCode !== null) return resolve();
      main.once('close', done);
      signal?.addEventListener('abort', done, { once: true });
    });
    if (io.stdin) io.stdin.unpipe(main.stdin);
    if (io.stdout) main.stdout.unpipe(io.stdout);
  }

  async portForward(_sandboxId: string, port: number, stream: Duplex): Promise<void> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (err) => reject(new Error(`failed to connect to localhost:${port} inside namespace: ${err.message}`)));
    });
    await new Promise<void>((resolve) => {
      let open = 2;
      const half = (): void => {
        if (--open === 0) resolve();
      };
      stream.pipe(socket).on('finish', half);
      socket.pipe(stream).on('finish', half);
      socket.on('close', () => {
        if (!stream.writableEnded) stream.end();
        resolve();
      });
      stream.on('close', () => socket.destroy());
      socket.on('error', () => undefined);
      stream.on('error', () => socket.destroy());
    });
  }

  async containerStats(containerId: string): Promise<ContainerStats> {
    await this.containerStatus(containerId);
    return { containerId, timestamp: Date.now(), cpuUsageCoreNanoSeconds: 2_500_000_000, memoryWorkingSetBytes: 1_048_576, memoryRssBytes: 524_288 };
  }
  onContainerEvent() {
    return { dispose: () => undefined };
  }
}

/** A host with one pod `default/web` (uid `uid-web`) running container `app` (id `c-app`) and a previous attempt `c-app-0`. */
export class TestHost implements KubeletServerHost {
  readonly nodeName = 'node-1';
  readonly runtime = new HostProcessTestRuntime();
  readonly startTime = Date.parse('2024-05-01T00:00:00Z');
  readonly dir = mkdtempSync(join(tmpdir(), 'kts-kserver-'));
  readonly pods: PodLike[] = [];

  constructor() {
    this.runtime.sandboxes.push({
      id: 'sb-web', uid: 'uid-web', name: 'web', namespace: 'default', attempt: 0, state: 'ready',
      createdAt: Date.now(), ip: '127.0.0.1', labels: {}, annotations: {},
    });
    const status = (id: string, attempt: number, state: ContainerStatus['state'], logPath: string): ContainerStatus => ({
      id, sandboxId: 'sb-web', name: 'app', attempt, image: 'busybox', state, createdAt: Date.now(), startedAt: Date.now(),
      finishedAt: 0, logPath, labels: {}, annotations: {},
    });
    const previousLog = join(this.dir, 'app-0.log');
    const currentLog = join(this.dir, 'app-1.log');
    writeFileSync(previousLog, '2024-05-01T10:00:00Z stdout F previous attempt\n');
    writeFileSync(currentLog, '2024-05-01T10:00:01Z stdout F line one\n2024-05-01T10:00:02Z stderr F line two\n');
    // The container's main process echoes its stdin (for attach).
    const main = spawn('sh', ['-c', 'while read line; do echo "main: $line"; done'], { stdio: ['pipe', 'pipe', 'pipe'] });
    main.stdin.on('error', () => undefined);
    this.runtime.containers.set('c-app-0', { status: status('c-app-0', 0, 'exited', previousLog) });
    this.runtime.containers.set('c-app', { status: status('c-app', 1, 'running', currentLog), main });
    this.pods.push({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', uid: 'uid-web' },
      spec: { containers: [{ name: 'app' }, { name: 'waiting' }] },
      status: {
        startTime: '2024-05-01T10:00:00Z',
        containerStatuses: [
          { name: 'app', containerID: 'hosttest://c-app', state: { running: { startedAt: '2024-05-01T10:00:01Z' } },
            lastState: { terminated: { exitCode: 1, containerID: 'hosttest://c-app-0' } } },
          { name: 'waiting', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} },
        ],
      },
    });
  }

  get currentLogPath(): string {
    return join(this.dir, 'app-1.log');
  }
  listPods(): PodLike[] { return this.pods; }
  getPodByName(namespace: string, name: string): PodLike | undefined {
    return this.pods.find((p) => p.metadata.namespace === namespace && p.metadata.name === name);
  }
  machineInfo(): MachineInfo {
    return { timestamp: '2024-05-01T00:00:00Z', num_cores: 2, num_physical_cores: 2, num_sockets: 1, cpu_frequency_khz: 1, memory_capacity: 1 << 30, machine_id: 'm', system_uuid: 'u', boot_id: 'b' };
  }
  private cpu = 1_000_000_000;
  async nodeUsage(): Promise<NodeUsage> {
    this.cpu += 500_000_000;
    return { timestamp: Date.now(), cpuUsageCoreNanoSeconds: this.cpu, memoryWorkingSetBytes: 100, memoryUsageBytes: 200, memoryAvailableBytes: 300, memoryRssBytes: 50 };
  }

  dispose(): void {
    for (const c of this.runtime.containers.values()) c.main?.kill('SIGKILL');
    for (const p of this.runtime.running) p.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
