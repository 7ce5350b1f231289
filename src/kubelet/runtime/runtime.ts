/**
 * The container runtime a kubelet drives, shaped like CRI's RuntimeService (model:
 * k8s.io/cri-api runtime/v1 api.proto and kubelet's kuberuntime_manager.go): pod sandboxes hold
 * the pod-level isolation (namespaces, cgroup, IP); containers run inside a sandbox; streaming
 * (exec, attach, port-forward) and stats address them by id. Implementations: `process`
 * (containers as host processes), `simulated` (hollow pods, no processes); later `cri`
 * (containerd). Every implementation passes the shared harness (`harness.ts`).
 *
 * Contracts:
 * - Concurrency: the kubelet serializes calls for one pod (pod workers), but calls for different
 *   pods run concurrently; a runtime must allow that.
 * - Ids are opaque strings, stable for the life of the object and across kubelet restarts:
 *   `recover()` re-attaches to what the runtime left running (state kept under its own root dir),
 *   after which `listPodSandboxes`/`listContainers` report it as before the restart.
 * - Idempotence (as CRI): stopping or removing something already stopped/removed succeeds;
 *   unknown ids in status/exec/attach calls throw `NotFoundError`.
 * - Logs: each container's stdout/stderr go to `ContainerConfig.logPath` in the CRI log format
 *   (`<RFC3339Nano time> <stdout|stderr> <F|P> <text>\n`, one line per output line, `P` for a
 *   partial line), so one log reader (`src/kubelet/logs/`) serves every runtime.
 * - Events: `onContainerEvent` reports state changes as they happen (the kubelet's PLEG wakes the
 *   pod's worker); the kubelet also relists periodically, so a lost event only delays.
 */
import type { Duplex, Readable, Writable } from 'node:stream';
import type { Disposable } from '../../util/lifecycle.js';

/** What the kubelet knows about a pod when it asks for its sandbox (CRI PodSandboxConfig). */
export interface PodSandboxConfig {
  uid: string;
  name: string;
  namespace: string;
  /** How many sandboxes this pod had before (0 for the first). */
  attempt: number;
  hostname: string;
  /** Directory that holds the pod's container logs (`<logRoot>/<ns>_<name>_<uid>`). */
  logDirectory: string;
  /** Share the node's network namespace (always true for `process` until pod networking lands). */
  hostNetwork: boolean;
  /** Pod-level resource limits for the pod cgroup (the sum over its containers), if any. */
  resources: ContainerResources;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type SandboxState = 'ready' | 'notready';

export interface PodSandboxStatus {
  id: string;
  /** Pod metadata the sandbox was created with (used by the kubelet after a restart). */
  uid: string;
  name: string;
  namespace: string;
  attempt: number;
  state: SandboxState;
  /** Unix milliseconds. */
  createdAt: number;
  /** The pod's IP (the node's for host-network sandboxes). */
  ip: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface Mount {
  containerPath: string;
  hostPath: string;
  readOnly: boolean;
}

export interface ContainerResources {
  /** Memory limit in bytes (enforced; exceeding it kills the container: OOMKilled, 137). */
  memoryLimitBytes?: number;
  /** CPU limit in millicores (CFS quota). */
  cpuLimitMillis?: number;
  /** CPU request in millicores (cpu shares). */
  cpuRequestMillis?: number;
}

export interface KeyValue {
  name: string;
  value: string;
}

/** CRI ContainerConfig: everything resolved by the kubelet (env expanded, volumes set up). */
export interface ContainerConfig {
  name: string;
  /** The container's restart count: how many times it ran before in this sandbox. */
  attempt: number;
  image: string;
  /** `container.command` after `$(VAR)` expansion (the image's entrypoint when empty). */
  command: string[];
  /** `container.args` after `$(VAR)` expansion (the image's cmd when both are empty). */
  args: string[];
  workingDir?: string;
  env: KeyValue[];
  mounts: Mount[];
  /** Absolute path of this attempt's log file (CRI format); the runtime creates it. */
  logPath: string;
  stdin: boolean;
  stdinOnce: boolean;
  tty: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  resources: ContainerResources;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerStatus {
  id: string;
  sandboxId: string;
  name: string;
  attempt: number;
  image: string;
  state: ContainerState;
  /** Unix milliseconds; 0 when it has not happened. */
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  /** Set once exited (128 + signal for a signal, 137 for an OOM kill). */
  exitCode?: number;
  /** Once exited: `Completed` (0), `Error`, `OOMKilled`; or why it could not start (`StartError`). */
  reason?: string;
  /** A readable explanation (e.g. `exec: "nope": executable file not found in $PATH`). */
  message?: string;
  logPath: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerFilter {
  sandboxId?: string;
  state?: ContainerState;
}

/** The streams of an exec or attach session; absent streams are not connected. */
export interface StreamingIO {
  stdin?: Readable;
  stdout?: Writable;
  /** Ignored when `tty` (a terminal merges stderr into stdout). */
  stderr?: Writable;
  tty: boolean;
  /** Terminal size changes (only meaningful with `tty`). */
  resize?: AsyncIterable<TerminalSize>;
}

export interface TerminalSize {
  width: number;
  height: number;
}

export interface ExecSyncResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
  /** True when the command was killed because it ran past its timeout. */
  timedOut: boolean;
}

export interface ContainerEvent {
  type: 'started' | 'exited' | 'removed';
  containerId: string;
  sandboxId: string;
  /** The pod's uid (from the sandbox config). */
  podUid: string;
}

export interface ContainerStats {
  containerId: string;
  /** Unix milliseconds of the sample. */
  timestamp: number;
  /** Cumulative CPU time, nanoseconds. */
  cpuUsageCoreNanoSeconds: number;
  memoryWorkingSetBytes: number;
  memoryRssBytes: number;
}

export interface RuntimeVersion {
  /** e.g. `process`, reported in node.status.nodeInfo.containerRuntimeVersion as `process://0.1.0`. */
  runtimeName: string;
  runtimeVersion: string;
}

export interface Runtime {
  version(): RuntimeVersion;
  /** Re-attaches to sandboxes and containers left by an earlier kubelet; call once, before anything else. */
  recover(): Promise<void>;

  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  /** Stops every container of the sandbox (SIGKILL) and releases its isolation; keeps its record. */
  stopPodSandbox(sandboxId: string): Promise<void>;
  removePodSandbox(sandboxId: string): Promise<void>;
  podSandboxStatus(sandboxId: string): Promise<PodSandboxStatus>;
  listPodSandboxes(): Promise<PodSandboxStatus[]>;

  createContainer(sandboxId: string, config: ContainerConfig): Promise<string>;
  /** Resolves once the process runs; a command that cannot start rejects and leaves the container exited with a reason. */
  startContainer(containerId: string): Promise<void>;
  /** SIGTERM, then SIGKILL after `timeoutSeconds`; resolves once it has exited. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<void>;
  removeContainer(containerId: string): Promise<void>;
  containerStatus(containerId: string): Promise<ContainerStatus>;
  listContainers(filter?: ContainerFilter): Promise<ContainerStatus[]>;

  /** Runs a command in the container and collects its output (probes, hooks). */
  execSync(containerId: string, cmd: string[], timeoutMs: number): Promise<ExecSyncResult>;
  /** Runs a command in the container with the given streams; resolves to its exit code. */
  exec(containerId: string, cmd: string[], io: StreamingIO, signal?: AbortSignal): Promise<number>;
  /** Connects to the container's main process streams; resolves when the container exits or `signal` aborts. */
  attach(containerId: string, io: StreamingIO, signal?: AbortSignal): Promise<void>;
  /** Pipes `stream` to `port` inside the sandbox's network namespace until either side closes. */
  portForward(sandboxId: string, port: number, stream: Duplex): Promise<void>;

  containerStats(containerId: string): Promise<ContainerStats>;
  onContainerEvent(listener: (event: ContainerEvent) => void): Disposable;
}
