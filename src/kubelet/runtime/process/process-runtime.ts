/**
 * The `process` runtime: containers are host processes (see scripts.ts for the process tree).
 *
 * Isolated mode (root, cgroup v1 controllers mounted; the default when both hold):
 * - a sandbox is an `unshare --fork --kill-child` holder with its own UTS (hostname), IPC and PID
 *   namespaces; SIGKILL to it kills every process of the pod (the kernel kills a PID namespace
 *   with its init). The pod cgroup `<ctrl>/kts/<root id>/pod<uid>` carries the pod's limits.
 * - a container joins the pod's namespaces with `nsenter`, gets its own mount namespace, a
 *   writable overlay root (busybox images) with /proc of the pod, its volumes bind-mounted
 *   (read-only ones remounted ro), and its own cgroup `…/pod<uid>/<container id>`. Its mounts
 *   vanish with its mount namespace when its last process exits. When the main process exits,
 *   the rest of its cgroup is killed (as a runtime tears down a container's PID namespace).
 * - non-busybox images run the host's files: no chroot (their command must exist on the host).
 *
 * Unprivileged mode: plain processes in the host's namespaces, no cgroups (no memory limit, no
 * OOMKilled, stats from /proc of the main process only), no chroot and no volume mounts (the
 * container sees the host's filesystem; busybox images get busybox applets first on PATH), the
 * hostname is the host's, stopping a container signals only its main process.
 *
 * Both: the pod network is the host's (pod IP = `nodeIP`); containers are detached session
 * leaders under a small busybox-sh supervisor, so they survive the kubelet; their exit statuses
 * are files under `<root>/exits/` (watched with inotify); their output goes through FIFOs that
 * the kubelet copies into the CRI log (log-pump.ts): while no kubelet reads, up to a pipe buffer
 * (64 KiB) per stream waits in the kernel and then the container blocks on write; nothing is lost
 * except an unterminated line held in memory by a kubelet that crashes (a clean `dispose()` writes
 * it as a partial record). Timestamps of output produced while no kubelet ran are those of when it
 * was read. A container with `tty: true` gets a terminal from util-linux `script` (no resize).
 *
 * Concurrency: calls for one pod are serialized by the kubelet; calls for different pods touch
 * different records. Exit handling runs once per container (guarded by `live.exitHandling`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { Socket, connect } from 'node:net';
import { join } from 'node:path';
import { Writable, pipeline, type Duplex, type Readable } from 'node:stream';
import { NotFoundError, errorMessage } from '../../../util/errors.js';
import type { Disposable } from '../../../util/lifecycle.js';
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
import { CgroupTree } from './cgroups.js';
import { runExecProcess } from './exec-session.js';
import { LogPump } from './log-pump.js';
import { isSameProcess, processStartTime, processUsage, signalProcess } from './proc.js';
import { BUSYBOX_DEFAULT_COMMAND, ensureBusyboxRootfs, isBusyboxImage } from './rootfs.js';
import { EXEC_LOOKUP, execScript, holderScript, setupScript, shellQuote, superviseScript } from './scripts.js';
import { StateStore, type ContainerRecord, type SandboxRecord } from './state.js';

export interface ProcessRuntimeOptions {
  /** Where state, FIFOs, overlay dirs and the busybox root filesystem live. */
  rootDir: string;
  /** The IP every sandbox reports (pods use the host network). */
  nodeIP: string;
  /** Namespaces, cgroups and chroot; default: running as root with cgroup v1 controllers mounted. */
  isolation?: boolean;
  /** default /bin/busybox (a static busybox: it is copied into the container root). */
  busybox?: string;
  /** default /sys/fs/cgroup */
  cgroupRoot?: string;
  /** cgroup parent under each controller; default `kts/<hash of rootDir>`. */
  cgroupParent?: string;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** How long exit handling waits for stray writers before declaring the output complete. */
const DRAIN_TIMEOUT_MS = 2000;

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

/** What only this process knows about a container (rebuilt by `recover()`). */
interface LiveContainer {
  pump?: LogPump;
  exited: Deferred;
  starting?: Promise<void>;
  exitHandling?: boolean;
}

export class ProcessRuntime implements Runtime, Disposable {
  private readonly store: StateStore;
  private readonly isolated: boolean;
  private readonly busybox: string;
  private readonly cgroups: CgroupTree | undefined;
  private readonly sandboxes = new Map<string, SandboxRecord>();
  /** Sandboxes whose holder is being started: not yet checkable, never "dead" meanwhile. */
  private readonly startingHolders = new Set<string>();
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly live = new Map<string, LiveContainer>();
  private readonly listeners = new Set<(event: ContainerEvent) => void>();
  private readonly tools: { nsenter: string; unshare: string; script: string };
  private readonly paths: { supervise: string; setup: string; exec: string };
  private watcher: FSWatcher | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(private readonly options: ProcessRuntimeOptions) {
    this.store = new StateStore(options.rootDir);
    this.busybox = options.busybox ?? '/bin/busybox';
    const cgroupRoot = options.cgroupRoot ?? '/sys/fs/cgroup';
    this.isolated = options.isolation ?? (process.getuid?.() === 0 && CgroupTree.available(cgroupRoot));
    const parent = options.cgroupParent ?? `kts/${createHash('sha256').update(options.rootDir).digest('hex').slice(0, 12)}`;
    this.cgroups = this.isolated ? new CgroupTree(cgroupRoot, parent) : undefined;
    this.tools = { nsenter: findTool('nsenter'), unshare: findTool('unshare'), script: findTool('script') };
    this.paths = {
      supervise: join(this.store.binDir, 'supervise.sh'),
      setup: join(this.store.binDir, 'setup.sh'),
      exec: join(this.store.binDir, 'exec.sh'),
    };
    writeFileSync(this.paths.supervise, superviseScript(this.busybox));
    writeFileSync(this.paths.setup, setupScript(this.busybox));
    writeFileSync(this.paths.exec, execScript(this.tools.nsenter));
    this.watcher = watch(this.store.exitsDir, (_event, name) => {
      if (typeof name === 'string' && !name.endsWith('.tmp')) void this.handleExit(name);
    });
    this.watcher.on('error', () => undefined);
    // Safety net for a missed inotify event or a supervisor that vanished. Both keep the process
    // alive until dispose(): exits must be observed while anyone waits for them.
    this.reconcileTimer = setInterval(() => this.reconcile(), 2000);
  }

  version(): RuntimeVersion {
    return { runtimeName: 'process', runtimeVersion: '0.1.0' };
  }

  /** Whether namespaces, cgroups and chroot are in use. */
  get isolation(): boolean {
    return this.isolated;
  }

  /** The cgroup tree (isolated mode), e.g. for leak checks. */
  get cgroupTree(): CgroupTree | undefined {
    return this.cgroups;
  }

  async recover(): Promise<void> {
    for (const s of this.store.loadSandboxes()) {
      this.sandboxes.set(s.id, s);
      this.refreshSandboxState(s);
    }
    for (const c of this.store.loadContainers()) {
      this.containers.set(c.id, c);
      this.live.set(c.id, { exited: deferred() });
      if (c.state === 'exited') this.live.get(c.id)!.exited.resolve();
    }
    for (const c of this.containers.values()) {
      if (c.state !== 'running') continue;
      const live = this.live.get(c.id)!;
      if (existsSync(join(this.store.containerDir(c.id), 'stdout'))) {
        try {
          live.pump = new LogPump(this.store.containerDir(c.id), c.config.logPath);
        } catch {
          // FIFOs gone: the output cannot be recovered; the exit still is.
        }
      }
      if (this.store.readExit(c.id) !== undefined) await this.handleExit(c.id);
      else if (!isSameProcess(c.supervisorPid, c.supervisorStart)) await this.handleLost(c);
    }
  }

  // ---- sandboxes ----

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const id = newId();
    const record: SandboxRecord = { id, config: structuredClone(config), createdAt: Date.now(), state: 'ready' };
    if (this.cgroups) {
      record.cgroup = `pod${config.uid}`;
      this.cgroups.create(record.cgroup, config.resources);
    }
    this.store.saveSandbox(record);
    this.sandboxes.set(id, record);
    if (this.isolated) {
      this.startingHolders.add(id);
      try {
        await this.startHolder(record);
      } catch (err) {
        await this.removePodSandbox(id);
        throw err;
      } finally {
        this.startingHolders.delete(id);
      }
      this.store.saveSandbox(record);
    }
    return id;
  }

  /** Starts the namespace holder and waits until it has set the hostname (before any container joins). */
  private async startHolder(record: SandboxRecord): Promise<void> {
    const logFd = openSync(this.store.sandboxLog(record.id), 'a');
    let child: ChildProcess;
    try {
      child = spawn(
        this.tools.unshare,
        ['-u', '-i', '-p', '-f', '--kill-child', '--', this.busybox, 'sh', '-c', holderScript(this.busybox),
          `kts-holder ${this.store.sandboxFile(record.id)}`, record.config.hostname],
        { detached: true, stdio: ['ignore', 'pipe', logFd] },
      );
    } finally {
      closeSync(logFd);
    }
    const line = await firstLine(child, child.stdout!);
    child.stdout!.destroy();
    child.unref();
    if (line !== 'ready' || child.pid === undefined) {
      throw new Error(`pod sandbox ${record.config.namespace}/${record.config.name} failed to start: ${tail(this.store.sandboxLog(record.id))}`);
    }
    record.holderPid = child.pid;
    record.holderStart = processStartTime(child.pid);
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    const s = this.sandboxes.get(sandboxId);
    if (!s) return;
    const running = [...this.containers.values()].filter((c) => c.sandboxId === sandboxId && c.state === 'running');
    if (this.isolated) {
      if (isSameProcess(s.holderPid, s.holderStart)) signalProcess(s.holderPid, 'SIGKILL');
    }
    for (const c of running) this.killContainer(c);
    await Promise.all(running.map((c) => this.live.get(c.id)?.exited.promise));
    if (s.state !== 'notready') {
      s.state = 'notready';
      this.store.saveSandbox(s);
    }
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    const s = this.sandboxes.get(sandboxId);
    if (!s) return;
    await this.stopPodSandbox(sandboxId);
    for (const c of [...this.containers.values()]) {
      if (c.sandboxId === sandboxId) await this.removeContainer(c.id);
    }
    if (this.cgroups && s.cgroup) {
      const shared = [...this.sandboxes.values()].some((o) => o.id !== s.id && o.cgroup === s.cgroup);
      if (!shared) await removeCgroup(this.cgroups, s.cgroup);
    }
    this.store.removeSandbox(sandboxId);
    this.sandboxes.delete(sandboxId);
  }

  async podSandboxStatus(sandboxId: string): Promise<PodSandboxStatus> {
    const s = this.sandboxes.get(sandboxId);
    if (!s) throw new NotFoundError(`pod sandbox "${sandboxId}" not found`);
    this.refreshSandboxState(s);
    return this.sandboxStatus(s);
  }

  async listPodSandboxes(): Promise<PodSandboxStatus[]> {
    return [...this.sandboxes.values()].map((s) => {
      this.refreshSandboxState(s);
      return this.sandboxStatus(s);
    });
  }

  private sandboxStatus(s: SandboxRecord): PodSandboxStatus {
    const c = s.config;
    return {
      id: s.id, uid: c.uid, name: c.name, namespace: c.namespace, attempt: c.attempt, state: s.state,
      createdAt: s.createdAt, ip: this.options.nodeIP, labels: { ...c.labels }, annotations: { ...c.annotations },
    };
  }

  /**
   * A sandbox whose holder died (killed from outside) is no longer ready. One whose holder is
   * still starting (a concurrent runPodSandbox) has no pid to check yet and is left alone.
   */
  private refreshSandboxState(s: SandboxRecord): void {
    if (this.isolated && s.state === 'ready' && !this.startingHolders.has(s.id) && !isSameProcess(s.holderPid, s.holderStart)) {
      s.state = 'notready';
      this.store.saveSandbox(s);
    }
  }

  // ---- containers ----

  async createContainer(sandboxId: string, config: ContainerConfig): Promise<string> {
    const s = this.sandboxes.get(sandboxId);
    if (!s) throw new NotFoundError(`pod sandbox "${sandboxId}" not found`);
    this.refreshSandboxState(s);
    if (s.state !== 'ready') throw new Error(`pod sandbox "${sandboxId}" is not ready`);
    const id = newId();
    const busybox = isBusyboxImage(config.image);
    const argv = [...config.command, ...config.args];
    const record: ContainerRecord = {
      id, sandboxId, config: structuredClone(config), createdAt: Date.now(), startedAt: 0, finishedAt: 0,
      state: 'created', chroot: busybox && this.isolated, argv: argv.length > 0 ? argv : busybox ? [...BUSYBOX_DEFAULT_COMMAND] : [],
    };
    const dir = this.store.containerDir(id);
    mkdirSync(dir, { recursive: true });
    if (record.chroot) {
      for (const d of ['upper', 'work', 'rootfs']) mkdirSync(join(dir, d));
    }
    if (busybox) ensureBusyboxRootfs(this.options.rootDir, this.busybox, this.isolated);
    if (this.cgroups && s.cgroup) this.cgroups.create(`${s.cgroup}/${id}`, config.resources);
    this.store.saveContainer(record);
    this.containers.set(id, record);
    this.live.set(id, { exited: deferred() });
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    const c = this.container(containerId);
    const live = this.live.get(containerId)!;
    if (c.state !== 'created' || c.supervisorPid !== undefined) throw new Error(`container "${containerId}" is ${c.state}, not created`);
    const s = this.sandboxes.get(c.sandboxId);
    if (!s || s.state !== 'ready') throw new Error(`pod sandbox "${c.sandboxId}" is not ready`);
    if (c.argv.length === 0) {
      this.finishStartError(c, 'no command specified');
      throw new Error(c.message);
    }
    let settle!: () => void;
    live.starting = new Promise((resolve) => (settle = resolve));
    try {
      const line = await this.spawnSupervisor(c, s);
      if (line.startsWith('started ')) {
        c.pid = Number(line.slice('started '.length));
        c.pidStart = processStartTime(c.pid);
        c.state = 'running';
        c.startedAt = Date.now();
        try {
          live.pump = new LogPump(this.store.containerDir(c.id), c.config.logPath);
        } catch (err) {
          c.message = `container output is not logged: ${errorMessage(err)}`;
        }
        this.store.saveContainer(c);
        this.emit('started', c);
        return;
      }
      c.startError = line.startsWith('error ') ? line.slice('error '.length) : `the container's supervisor failed: ${tail(join(this.store.containerDir(c.id), 'supervisor.log'))}`;
      this.store.saveContainer(c);
    } finally {
      settle();
      live.starting = undefined;
    }
    // The supervisor reports the exit (128) next; without it (it died early) finish here.
    if (this.store.readExit(c.id) !== undefined || isSameProcess(c.supervisorPid, c.supervisorStart)) {
      await live.exited.promise;
    } else {
      this.finishStartError(c, c.startError);
    }
    throw new Error(c.startError);
  }

  /** Spawns the supervisor; resolves to its one-line report on fd 3 ('' when it closed without one). */
  private async spawnSupervisor(c: ContainerRecord, s: SandboxRecord): Promise<string> {
    const dir = this.store.containerDir(c.id);
    const cfg = c.config;
    const env = this.containerEnv(c, s);
    const cgroupDirs = this.cgroups && s.cgroup ? this.cgroups.dirs(`${s.cgroup}/${c.id}`) : [];
    const mounts = c.chroot ? cfg.mounts.flatMap((m) => [m.hostPath, m.containerPath, m.readOnly ? '1' : '0']) : [];
    const base = c.chroot ? join(this.options.rootDir, 'rootfs', 'busybox') : '';
    const stdin = cfg.tty ? 'tty' : cfg.stdin ? '1' : '0';
    let setup = [this.busybox, 'sh', this.paths.setup, dir, base, cfg.workingDir || '/', stdin,
      String(cgroupDirs.length), ...cgroupDirs, String(mounts.length / 3), ...mounts, '--', ...c.argv];
    // A terminal via util-linux `script` (Node has no pty), set up before the chroot: resize is not propagated.
    if (cfg.tty) setup = [this.tools.script, '-qfec', setup.map(shellQuote).join(' '), '/dev/null'];
    const enter = this.isolated && s.holderPid !== undefined
      ? // busybox's nsenter and unshare: static, so cheaper to exec than util-linux's.
        [this.busybox, 'nsenter', `-u/proc/${s.holderPid}/ns/uts`, `-i/proc/${s.holderPid}/ns/ipc`,
          `-p/proc/${s.holderPid}/ns/pid_for_children`, '--',
          ...(c.chroot ? [this.busybox, 'unshare', '-m', '--propagation', 'private', '--'] : [])]
      : [];
    const logFd = openSync(join(dir, 'supervisor.log'), 'a');
    let child: ChildProcess;
    try {
      child = spawn(this.busybox, ['sh', this.paths.supervise, dir, this.store.exitFile(c.id), cfg.tty ? 'tty' : cfg.stdin ? 'keep' : 'none', '--', ...enter, ...setup], {
        detached: true,
        env,
        cwd: '/',
        stdio: ['ignore', 'ignore', logFd, 'pipe'],
      });
    } finally {
      closeSync(logFd);
    }
    if (child.pid !== undefined) {
      c.supervisorPid = child.pid;
      c.supervisorStart = processStartTime(child.pid);
      this.store.saveContainer(c);
    }
    const report = child.stdio[3] as Socket;
    try {
      return await firstLine(child, report);
    } finally {
      report.destroy();
      child.unref();
    }
  }

  private containerEnv(c: ContainerRecord, s: SandboxRecord): Record<string, string> {
    const env: Record<string, string> = {};
    for (const kv of c.config.env) env[kv.name] = kv.value;
    env['PATH'] ??= DEFAULT_PATH;
    env['HOSTNAME'] ??= s.config.hostname;
    if (c.config.tty) env['TERM'] ??= 'xterm';
    if (!this.isolated && isBusyboxImage(c.config.image)) {
      env['PATH'] = `${join(this.options.rootDir, 'rootfs', 'busybox', 'bin')}:${env['PATH']}`;
    }
    return env;
  }

  private finishStartError(c: ContainerRecord, message: string): void {
    c.state = 'exited';
    c.exitCode = 128;
    c.reason = 'StartError';
    c.message = message;
    c.finishedAt = Date.now();
    c.startError = message;
    this.store.saveContainer(c);
    this.live.get(c.id)?.exited.resolve();
    this.emit('exited', c);
  }

  /**
   * Records a container's exit reported by its supervisor: 1. wait for a start in progress;
   * 2. kill what is left in its cgroup; 3. classify (StartError, OOMKilled, Completed, Error);
   * 4. release the supervisor and drain the output; 5. persist, wake waiters, emit `exited`.
   */
  private async handleExit(id: string): Promise<void> {
    const c = this.containers.get(id);
    const live = this.live.get(id);
    if (!c || !live || live.exitHandling || c.state === 'exited') return;
    const code = this.store.readExit(id);
    if (code === undefined) return;
    live.exitHandling = true;
    await live.starting;
    let finishedAt = Date.now();
    try {
      // The exit file's mtime is when it exited, even while no kubelet ran. File times come from
      // the kernel's coarse clock (a few ms behind Date.now()), so a container that exits right
      // after it started must not seem to finish before it started.
      finishedAt = Math.max(Math.floor(statSync(this.store.exitFile(id)).mtimeMs), c.startedAt);
    } catch {
      // keep now
    }
    const rel = this.containerCgroup(c);
    if (this.cgroups && rel) for (const pid of this.cgroups.pids(rel)) signalProcess(pid, 'SIGKILL');
    let result: Pick<ContainerRecord, 'exitCode' | 'reason' | 'message'>;
    if (c.startError !== undefined) {
      result = { exitCode: 128, reason: 'StartError', message: c.startError };
    } else if (this.cgroups && rel && code === 137 && this.cgroups.oomKills(rel) > 0) {
      result = { exitCode: 137, reason: 'OOMKilled' };
    } else {
      result = { exitCode: code, reason: code === 0 ? 'Completed' : 'Error' };
    }
    if (live.pump === undefined && c.startError === undefined && existsSync(join(this.store.containerDir(id), 'stdout'))) {
      try {
        live.pump = new LogPump(this.store.containerDir(id), c.config.logPath);
      } catch {
        // No output to drain.
      }
    }
    // 4. The supervisor holds the FIFOs until now: with our read ends open, killing it makes the
    // rest of the output readable up to EOF. The state flips to exited only once it is logged.
    if (isSameProcess(c.supervisorPid, c.supervisorStart)) signalProcess(c.supervisorPid, 'SIGTERM');
    if (live.pump) await Promise.race([live.pump.done, delay(DRAIN_TIMEOUT_MS)]);
    c.state = 'exited';
    c.finishedAt = finishedAt;
    Object.assign(c, result);
    this.store.saveContainer(c);
    live.exited.resolve();
    this.emit('exited', c);
  }

  /** A running container whose supervisor is gone without reporting: its status is unknown. */
  private async handleLost(c: ContainerRecord): Promise<void> {
    if (this.store.readExit(c.id) !== undefined) return this.handleExit(c.id);
    const live = this.live.get(c.id);
    if (!live || live.exitHandling || c.state !== 'running') return;
    live.exitHandling = true;
    if (isSameProcess(c.pid, c.pidStart)) signalProcess(c.pid, 'SIGKILL');
    live.pump?.close();
    c.state = 'exited';
    c.exitCode = 137;
    c.reason = 'Error';
    c.message = "the container's supervisor exited without reporting the container's exit status";
    c.finishedAt = Date.now();
    this.store.saveContainer(c);
    live.exited.resolve();
    this.emit('exited', c);
  }

  private reconcile(): void {
    if (this.disposed) return;
    for (const c of this.containers.values()) {
      if (c.state !== 'running' || this.live.get(c.id)?.starting) continue;
      if (this.store.readExit(c.id) !== undefined) void this.handleExit(c.id);
      else if (!isSameProcess(c.supervisorPid, c.supervisorStart)) void this.handleLost(c);
    }
  }

  private containerCgroup(c: ContainerRecord): string | undefined {
    const s = this.sandboxes.get(c.sandboxId);
    return s?.cgroup ? `${s.cgroup}/${c.id}` : undefined;
  }

  /** SIGKILL to the main process and everything else in the container's cgroup. */
  private killContainer(c: ContainerRecord): void {
    if (isSameProcess(c.pid, c.pidStart)) signalProcess(c.pid, 'SIGKILL');
    const rel = this.containerCgroup(c);
    if (this.cgroups && rel) for (const pid of this.cgroups.pids(rel)) signalProcess(pid, 'SIGKILL');
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<void> {
    const c = this.container(containerId);
    const live = this.live.get(containerId)!;
    await live.starting;
    if (c.state !== 'running') return;
    if (isSameProcess(c.pid, c.pidStart)) signalProcess(c.pid, 'SIGTERM');
    const exited = await Promise.race([live.exited.promise.then(() => true), delay(Math.max(0, timeoutSeconds) * 1000).then(() => false)]);
    if (!exited) this.killContainer(c);
    await live.exited.promise;
  }

  async removeContainer(containerId: string): Promise<void> {
    const c = this.containers.get(containerId);
    if (!c) return;
    const live = this.live.get(containerId)!;
    await live.starting;
    if (c.state === 'running') {
      this.killContainer(c);
      await live.exited.promise;
    } else if (live.exitHandling) {
      await live.exited.promise;
    }
    if (isSameProcess(c.supervisorPid, c.supervisorStart)) signalProcess(c.supervisorPid, 'SIGKILL');
    live.pump?.close();
    const rel = this.containerCgroup(c);
    if (this.cgroups && rel) await removeCgroup(this.cgroups, rel);
    this.store.removeContainer(containerId);
    this.containers.delete(containerId);
    this.live.delete(containerId);
    this.emit('removed', c);
  }

  async containerStatus(containerId: string): Promise<ContainerStatus> {
    return this.status(this.container(containerId));
  }

  async listContainers(filter?: ContainerFilter): Promise<ContainerStatus[]> {
    const out: ContainerStatus[] = [];
    for (const c of this.containers.values()) {
      if (filter?.sandboxId !== undefined && c.sandboxId !== filter.sandboxId) continue;
      if (filter?.state !== undefined && c.state !== filter.state) continue;
      out.push(this.status(c));
    }
    return out;
  }

  private status(c: ContainerRecord): ContainerStatus {
    const st: ContainerStatus = {
      id: c.id, sandboxId: c.sandboxId, name: c.config.name, attempt: c.config.attempt, image: c.config.image,
      state: c.state, createdAt: c.createdAt, startedAt: c.startedAt, finishedAt: c.finishedAt,
      logPath: c.config.logPath, labels: { ...c.config.labels }, annotations: { ...c.config.annotations },
    };
    if (c.exitCode !== undefined) st.exitCode = c.exitCode;
    if (c.reason !== undefined) st.reason = c.reason;
    if (c.message !== undefined) st.message = c.message;
    return st;
  }

  // ---- streaming ----

  async execSync(containerId: string, cmd: string[], timeoutMs: number): Promise<ExecSyncResult> {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const collect = (into: Buffer[]): Writable =>
      new Writable({
        write(chunk: Buffer, _enc, cb): void {
          into.push(chunk);
          cb();
        },
      });
    const abort = new AbortController();
    let timedOut = false;
    const timer = timeoutMs > 0 ? setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs) : undefined;
    try {
      const exitCode = await this.exec(containerId, cmd, { stdout: collect(stdout), stderr: collect(stderr), tty: false }, abort.signal);
      return { exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), timedOut };
    } finally {
      clearTimeout(timer);
    }
  }

  async exec(containerId: string, cmd: string[], io: StreamingIO, signal?: AbortSignal): Promise<number> {
    const c = this.container(containerId);
    if (c.state !== 'running' || c.pid === undefined) throw new Error(`container "${containerId}" is not running`);
    if (cmd.length === 0) throw new Error('exec: no command given');
    const s = this.sandboxes.get(c.sandboxId)!;
    const env = this.containerEnv(c, s);
    let argv: string[];
    let cwd: string | undefined;
    if (this.isolated) {
      const rel = this.containerCgroup(c);
      const dirs = this.cgroups && rel ? this.cgroups.dirs(rel) : [];
      argv = [this.busybox, 'sh', this.paths.exec, String(c.pid), String(dirs.length), ...dirs, '--', ...cmd];
    } else {
      argv = [this.busybox, 'sh', '-c', EXEC_LOOKUP, 'sh', ...cmd];
      cwd = c.config.workingDir || '/';
    }
    if (io.tty) {
      // A terminal via util-linux `script` (Node has no pty): resize is not propagated.
      env['TERM'] ??= 'xterm';
      argv = [this.tools.script, '-qfec', argv.map(shellQuote).join(' '), '/dev/null'];
    }
    return runExecProcess({ argv, env, cwd }, io, signal);
  }

  async attach(containerId: string, io: StreamingIO, signal?: AbortSignal): Promise<void> {
    const c = this.container(containerId);
    const live = this.live.get(containerId)!;
    if (c.state !== 'running') throw new Error(`cannot attach to container "${containerId}": it is not running`);
    const unsubscribe = live.pump?.subscribe((stream, chunk) => {
      const out = stream === 'stderr' && !io.tty ? io.stderr : io.stdout;
      out?.write(chunk);
    });
    let stdinSocket: Socket | undefined;
    if (io.stdin && c.config.stdin) {
      const fd = openSync(join(this.store.containerDir(c.id), 'stdin'), constants.O_WRONLY | constants.O_NONBLOCK);
      stdinSocket = new Socket({ fd, readable: false, writable: true });
      stdinSocket.on('error', () => undefined);
      const input = io.stdin;
      input.on('end', () => {
        // stdinOnce: the first attach's end closes the container's stdin for good.
        if (c.config.stdinOnce) this.closeStdin(c);
        stdinSocket?.end();
      });
      input.pipe(stdinSocket, { end: false });
    }
    try {
      await new Promise<void>((resolve) => {
        void live.exited.promise.then(resolve);
        if (signal?.aborted) resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      unsubscribe?.();
      if (io.stdin && stdinSocket) io.stdin.unpipe(stdinSocket);
      stdinSocket?.destroy();
    }
  }

  private closeStdin(c: ContainerRecord): void {
    try {
      const pid = Number(readFileSync(join(this.store.containerDir(c.id), 'stdin-holder'), 'utf8').trim());
      if (pid > 0 && pid !== c.pid) signalProcess(pid, 'SIGTERM');
    } catch {
      // No holder: stdin already closed.
    }
  }

  async portForward(sandboxId: string, port: number, stream: Duplex): Promise<void> {
    if (!this.sandboxes.has(sandboxId)) throw new NotFoundError(`pod sandbox "${sandboxId}" not found`);
    // Host network: the pod's port is the node's loopback port.
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (err) => reject(new Error(`failed to connect to localhost:${port} inside the pod: ${err.message}`)));
    });
    await new Promise<void>((resolve) => {
      let open = 2;
      const done = (): void => {
        if (--open === 0) resolve();
      };
      pipeline(stream, socket, () => done());
      pipeline(socket, stream, () => done());
    });
  }

  async containerStats(containerId: string): Promise<ContainerStats> {
    const c = this.container(containerId);
    const rel = this.containerCgroup(c);
    if (this.cgroups && rel) {
      const u = this.cgroups.usage(rel);
      return { containerId, timestamp: Date.now(), cpuUsageCoreNanoSeconds: u.cpuNanos, memoryWorkingSetBytes: u.workingSetBytes, memoryRssBytes: u.rssBytes };
    }
    const u = c.state === 'running' && c.pid !== undefined ? processUsage(c.pid) : { cpuNanos: 0, rssBytes: 0 };
    return { containerId, timestamp: Date.now(), cpuUsageCoreNanoSeconds: u.cpuNanos, memoryWorkingSetBytes: u.rssBytes, memoryRssBytes: u.rssBytes };
  }

  onContainerEvent(listener: (event: ContainerEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /**
   * Releases this kubelet's hold (watcher, timer, log pumps); containers keep running and a new
   * instance's `recover()` picks them up. Also removes the runtime's cgroup parent when empty.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.watcher?.close();
    this.watcher = undefined;
    clearInterval(this.reconcileTimer);
    for (const live of this.live.values()) live.pump?.close();
    this.cgroups?.removeParentIfEmpty();
  }

  private emit(type: ContainerEvent['type'], c: ContainerRecord): void {
    const podUid = this.sandboxes.get(c.sandboxId)?.config.uid ?? '';
    const event: ContainerEvent = { type, containerId: c.id, sandboxId: c.sandboxId, podUid };
    for (const l of this.listeners) l(event);
  }

  private container(id: string): ContainerRecord {
    const c = this.containers.get(id);
    if (!c) throw new NotFoundError(`container "${id}" not found`);
    return c;
  }
}

/** Removes a cgroup once its dying processes are gone (rmdir says EBUSY until then). */
async function removeCgroup(cgroups: CgroupTree, relative: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      cgroups.remove(relative);
      return;
    } catch (err) {
      if (attempt >= 50) throw err;
      for (const pid of cgroups.pids(relative)) signalProcess(pid, 'SIGKILL');
      await delay(20);
    }
  }
}

/** The first line a child writes on `stream`, or '' when the stream ends (or the child fails) first. */
function firstLine(child: ChildProcess, stream: Readable): Promise<string> {
  return new Promise((resolve) => {
    let buf = '';
    const finish = (line: string): void => {
      stream.removeAllListeners('data');
      resolve(line);
    };
    stream.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl >= 0) finish(buf.slice(0, nl));
    });
    stream.on('end', () => finish(''));
    stream.on('error', () => finish(''));
    child.on('error', () => finish(''));
  });
}

function findTool(name: string): string {
  for (const dir of (process.env['PATH'] ?? DEFAULT_PATH).split(':')) {
    const p = join(dir, name);
    if (dir !== '' && existsSync(p)) return p;
  }
  return `/usr/bin/${name}`;
}

function tail(path: string): string {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text.slice(-500) || '(no output)';
  } catch {
    return '(no output)';
  }
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function newId(): string {
  return randomBytes(16).toString('hex');
}
