/**
 * Carries out a pod's PodActions on the runtime (model: kuberuntime_manager.go SyncPod,
 * killPodWithSyncResult, startContainer in kuberuntime_container.go). The pod worker calls it with
 * the pod serialized, so no two calls for one pod overlap.
 *
 * SyncPod steps, in order:
 *   1. kill the pod if the actions say so (sandbox gone, or the pod is done);
 *   2. kill containers that must restart (failed probe, changed spec);
 *   3. create the sandbox when needed;
 *   4. start the next init container, or
 *   5. start the app containers.
 * Each container start is: back-off check → container config (env, mounts) → create → start →
 * postStart hook. A failure is recorded as the container's waiting reason (shown in its status)
 * and as an event, and the sync goes on with the next container.
 */
import { join } from 'node:path';
import { quantityFromJSON } from '../../api/quantity/index.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { Clock } from '../../client/flowcontrol/clock.js';
import type { Logger } from '../../util/logging.js';
import { containerRef } from '../container-ref.js';
import { formatPod, goDuration } from '../go-format.js';
import { specContainers, specInitContainers, type Container, type ContainerStateWaiting, type Pod } from '../pod.js';
import type { ContainerConfig, ContainerResources, Runtime } from '../runtime/runtime.js';
import { containerHash } from './container-hash.js';
import type { PodActions } from './compute-actions.js';
import type { CrashBackoff } from '../crash-backoff.js';
import {
  CONTAINER_HASH_ANNOTATION,
  CONTAINER_KIND_ANNOTATION,
  CONTAINER_NAME_LABEL,
  POD_NAME_LABEL,
  POD_NAMESPACE_LABEL,
  POD_UID_LABEL,
  emptyRuntimePod,
  groupByPod,
  instancesOf,
  latestSandbox,
  type RuntimePod,
} from './runtime-pod.js';

/** The parts of a container's config the kubelet resolves from the API (env, volumes). */
export interface ResolvedContainer {
  env: { name: string; value: string }[];
  command: string[];
  args: string[];
  mounts: ContainerConfig['mounts'];
}

/** Thrown by `resolveContainer` when the config cannot be built (CreateContainerConfigError). */
export class ContainerConfigError extends Error {}

export interface LifecycleHooks {
  /** Runs the postStart handler; resolves to an error message when it failed. */
  postStart(pod: Pod, container: Container, containerId: string): Promise<string | undefined>;
  /** Runs the preStop handler within `timeoutSeconds`; resolves to an error message when it failed. */
  preStop(pod: Pod, container: Container, containerId: string, timeoutSeconds: number): Promise<string | undefined>;
}

export interface RuntimeManagerOptions {
  runtime: Runtime;
  backoff: CrashBackoff;
  clock: Clock;
  recorder: EventRecorder;
  logger: Logger;
  /** Root of the pods' log directories (`<logRoot>/<ns>_<name>_<uid>/<container>/<n>.log`). */
  logRoot: string;
  resolveContainer(pod: Pod, container: Container, podIP: string): Promise<ResolvedContainer>;
  hooks: LifecycleHooks;
}

export interface SyncOutcome {
  /** Containers that could not start, with why (CrashLoopBackOff, CreateContainerConfigError…). */
  waitingReasons: Map<string, ContainerStateWaiting>;
  /** The earliest time a back-off ends, as a delay. */
  resyncAfterMs?: number;
}

/** The minimum time a container gets to stop after its preStop hook (upstream minimumGracePeriodInSeconds). */
const MIN_GRACE_SECONDS = 2;

export class RuntimeManager {
  constructor(private readonly options: RuntimeManagerOptions) {}

  get runtime(): Runtime {
    return this.options.runtime;
  }

  /** Every pod the runtime holds, by uid. */
  async listPods(): Promise<Map<string, RuntimePod>> {
    const [sandboxes, containers] = await Promise.all([this.runtime.listPodSandboxes(), this.runtime.listContainers()]);
    return groupByPod(sandboxes, containers);
  }

  async getPod(uid: string): Promise<RuntimePod> {
    const sandboxes = (await this.runtime.listPodSandboxes()).filter((s) => s.uid === uid);
    const containers = (await Promise.all(sandboxes.map((s) => this.runtime.listContainers({ sandboxId: s.id })))).flat();
    return groupByPod(sandboxes, containers).get(uid) ?? emptyRuntimePod(uid);
  }

  podLogDirectory(pod: Pod): string {
    const { namespace = '', name = '', uid = '' } = pod.metadata;
    return join(this.options.logRoot, `${namespace}_${name}_${uid}`);
  }

  logPath(pod: Pod, containerName: string, attempt: number): string {
    return join(this.podLogDirectory(pod), containerName, `${attempt}.log`);
  }

  async syncPod(pod: Pod, runtimePod: RuntimePod, actions: PodActions, signal: AbortSignal): Promise<SyncOutcome> {
    const outcome: SyncOutcome = { waitingReasons: new Map() };
    // 1. Kill the pod.
    if (actions.killPod) {
      if (actions.createSandbox && runtimePod.sandboxes.length > 0) this.options.recorder.event(pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
      await this.killPod(pod, runtimePod, 0);
    }
    // 2. Kill containers that must restart.
    for (const kill of actions.containersToKill) {
      const container = [...specContainers(pod), ...specInitContainers(pod)].find((c) => c.name === kill.name);
      this.options.recorder.event(containerRef(pod, kill.name), 'Normal', 'Killing', kill.message);
      await this.killContainer(pod, container, kill.containerId, kill.gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30);
    }
    // 3. Create the sandbox.
    let sandboxId = actions.sandboxId;
    if (actions.createSandbox) {
      if (signal.aborted) return outcome;
      sandboxId = await this.runtime.runPodSandbox({
        uid: pod.metadata.uid ?? '',
        name: pod.metadata.name ?? '',
        namespace: pod.metadata.namespace ?? '',
        attempt: actions.sandboxAttempt,
        hostname: pod.spec.hostname ?? pod.metadata.name ?? '',
        logDirectory: this.podLogDirectory(pod),
        hostNetwork: pod.spec.hostNetwork === true,
        resources: podResources(pod),
        labels: { ...pod.metadata.labels, [POD_UID_LABEL]: pod.metadata.uid ?? '', [POD_NAME_LABEL]: pod.metadata.name ?? '', [POD_NAMESPACE_LABEL]: pod.metadata.namespace ?? '' },
        annotations: { ...pod.metadata.annotations },
      });
    }
    if (sandboxId === undefined) return outcome;
    const sandbox = await this.runtime.podSandboxStatus(sandboxId);
    // After killing or restarting containers, re-read what the runtime has.
    const current = actions.killPod || actions.containersToKill.length > 0 || actions.createSandbox ? await this.getPod(pod.metadata.uid ?? '') : runtimePod;
    // 4./5. Start the next init container, or the app containers.
    const toStart = actions.nextInitContainer ? [{ container: actions.nextInitContainer, kind: 'init' }] : actions.containersToStart.map((container) => ({ container, kind: 'app' }));
    for (const { container, kind } of toStart) {
      if (signal.aborted) break;
      await this.startContainer(pod, current, container, kind, sandboxId, sandbox.ip, outcome);
    }
    return outcome;
  }

  private async startContainer(pod: Pod, runtimePod: RuntimePod, container: Container, kind: string, sandboxId: string, podIP: string, outcome: SyncOutcome): Promise<void> {
    const { recorder } = this.options;
    const ref = containerRef(pod, container.name);
    const previous = instancesOf(runtimePod, container.name)[0];
    // Back-off: a container that exited waits before it runs again.
    if (previous !== undefined && previous.state === 'exited') {
      const key = backoffKey(pod, container);
      const remaining = this.options.backoff.remaining(key, previous.finishedAt);
      if (remaining > 0) {
        const message = `back-off ${goDuration(this.options.backoff.current(key))} restarting failed container=${container.name} pod=${formatPod(pod)}`;
        outcome.waitingReasons.set(container.name, { reason: 'CrashLoopBackOff', message });
        recorder.event(ref, 'Warning', 'BackOff', `Back-off restarting failed container ${container.name} in pod ${formatPod(pod)}`);
        outcome.resyncAfterMs = Math.min(outcome.resyncAfterMs ?? Infinity, remaining);
        return;
      }
      this.options.backoff.next(key, previous.finishedAt);
    }
    const attempt = previous === undefined ? 0 : previous.attempt + 1;
    recorder.event(ref, 'Normal', 'Pulled', `Container image "${container.image ?? ''}" already present on machine`);
    let resolved: ResolvedContainer;
    try {
      resolved = await this.options.resolveContainer(pod, container, podIP);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      outcome.waitingReasons.set(container.name, { reason: 'CreateContainerConfigError', message });
      recorder.event(ref, 'Warning', 'Failed', `Error: ${message}`);
      outcome.resyncAfterMs = Math.min(outcome.resyncAfterMs ?? Infinity, 10_000);
      return;
    }
    const config: ContainerConfig = {
      name: container.name,
      attempt,
      image: container.image ?? '',
      command: resolved.command,
      args: resolved.args,
      env: resolved.env,
      mounts: resolved.mounts,
      logPath: this.logPath(pod, container.name, attempt),
      stdin: container['stdin'] === true,
      stdinOnce: container['stdinOnce'] === true,
      tty: container['tty'] === true,
      resources: containerResources(container),
      labels: { [POD_UID_LABEL]: pod.metadata.uid ?? '', [POD_NAME_LABEL]: pod.metadata.name ?? '', [POD_NAMESPACE_LABEL]: pod.metadata.namespace ?? '', [CONTAINER_NAME_LABEL]: container.name },
      // The pod's annotations reach the runtime too (e.g. kts.io/simulated-exit for hollow pods).
      annotations: { ...pod.metadata.annotations, [CONTAINER_HASH_ANNOTATION]: containerHash(container), [CONTAINER_KIND_ANNOTATION]: kind },
    };
    const workingDir = container['workingDir'];
    if (typeof workingDir === 'string' && workingDir !== '') config.workingDir = workingDir;
    const security = (container['securityContext'] ?? pod.spec['securityContext']) as { runAsUser?: number; runAsGroup?: number } | undefined;
    if (security?.runAsUser !== undefined) config.runAsUser = security.runAsUser;
    if (security?.runAsGroup !== undefined) config.runAsGroup = security.runAsGroup;
    const id = await this.runtime.createContainer(sandboxId, config);
    recorder.event(ref, 'Normal', 'Created', `Created container ${container.name}`);
    try {
      await this.runtime.startContainer(id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      recorder.event(ref, 'Warning', 'Failed', `Error: ${message}`);
      return; // the container is exited with its reason (StartError); its status shows it
    }
    recorder.event(ref, 'Normal', 'Started', `Started container ${container.name}`);
    if (container.lifecycle?.postStart) {
      const failure = await this.options.hooks.postStart(pod, container, id);
      if (failure !== undefined) {
        // upstream leaves the hook's output out of the event so that secrets do not leak.
        this.options.logger.warn({ pod: formatPod(pod), container: container.name, err: failure }, 'postStart hook failed');
        recorder.event(ref, 'Warning', 'FailedPostStartHook', 'PostStartHook failed');
        await this.killContainer(pod, container, id, pod.spec.terminationGracePeriodSeconds ?? 30, 'FailedPostStartHook');
      }
    }
  }

  /**
   * Stops one container: preStop hook (if any, within the grace period), then SIGTERM and SIGKILL
   * after what is left of the grace period (at least 2 s when a hook ran).
   */
  async killContainer(pod: Pod, container: Container | undefined, containerId: string, gracePeriodSeconds: number, reason?: string): Promise<void> {
    let grace = gracePeriodSeconds;
    if (container?.lifecycle?.preStop && reason === undefined && grace > 0) {
      const started = this.options.clock.now();
      const failure = await this.options.hooks.preStop(pod, container, containerId, grace);
      if (failure !== undefined) {
        this.options.logger.warn({ pod: formatPod(pod), container: container.name, err: failure }, 'preStop hook failed');
        this.options.recorder.event(containerRef(pod, container.name), 'Warning', 'FailedPreStopHook', 'PreStopHook failed');
      }
      grace = Math.max(MIN_GRACE_SECONDS, grace - Math.ceil((this.options.clock.now() - started) / 1000));
    }
    await this.runtime.stopContainer(containerId, grace);
  }

  /** Stops every running container of the pod (in parallel, each with the grace period) and its sandboxes. */
  async killPod(pod: Pod, runtimePod: RuntimePod, gracePeriodSeconds: number): Promise<void> {
    const all = [...specContainers(pod), ...specInitContainers(pod)];
    const running = runtimePod.containers.filter((c) => c.state === 'running' || c.state === 'created');
    await Promise.all(
      running.map((c) => {
        const container = all.find((s) => s.name === c.name);
        if (container && gracePeriodSeconds > 0) this.options.recorder.event(containerRef(pod, c.name), 'Normal', 'Killing', `Stopping container ${c.name}`);
        return this.killContainer(pod, container, c.id, gracePeriodSeconds);
      }),
    );
    for (const sandbox of runtimePod.sandboxes) if (sandbox.state === 'ready') await this.runtime.stopPodSandbox(sandbox.id);
  }

  /** Removes every container and sandbox of the pod (after it terminated). */
  async removePod(runtimePod: RuntimePod): Promise<void> {
    for (const c of runtimePod.containers) await this.runtime.removeContainer(c.id);
    for (const s of runtimePod.sandboxes) await this.runtime.removePodSandbox(s.id);
  }

  /**
   * Removes dead containers beyond the newest two instances of each container name (the newest
   * is the status, the one before serves `logs --previous`), and dead sandboxes but the latest.
   */
  async pruneDead(runtimePod: RuntimePod): Promise<void> {
    const seen = new Map<string, number>();
    for (const c of runtimePod.containers) {
      const n = (seen.get(c.name) ?? 0) + 1;
      seen.set(c.name, n);
      if (n > 2 && c.state === 'exited') await this.runtime.removeContainer(c.id);
    }
    const latest = latestSandbox(runtimePod);
    for (const s of runtimePod.sandboxes) {
      if (s !== latest && s.state !== 'ready' && !runtimePod.containers.some((c) => c.sandboxId === s.id)) await this.runtime.removePodSandbox(s.id);
    }
  }
}

/** The per-container back-off key (upstream: pod name, namespace, uid, container name and hash). */
function backoffKey(pod: Pod, container: Container): string {
  return `${pod.metadata.uid ?? ''}/${container.name}/${containerHash(container)}`;
}

export function backoffPrefix(uid: string): string {
  return `${uid}/`;
}

function bytes(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  return Number(quantityFromJSON(value).value());
}

function millis(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  return Number(quantityFromJSON(value).milliValue());
}

export function containerResources(container: Container): ContainerResources {
  const out: ContainerResources = {};
  const memory = bytes(container.resources?.limits?.['memory']);
  const cpuLimit = millis(container.resources?.limits?.['cpu']);
  const cpuRequest = millis(container.resources?.requests?.['cpu']);
  if (memory !== undefined) out.memoryLimitBytes = memory;
  if (cpuLimit !== undefined) out.cpuLimitMillis = cpuLimit;
  if (cpuRequest !== undefined) out.cpuRequestMillis = cpuRequest;
  return out;
}

/** The pod cgroup's limits: sums over the app containers, only when every one sets it. */
function podResources(pod: Pod): ContainerResources {
  const all = specContainers(pod).map(containerResources);
  const out: ContainerResources = {};
  if (all.length > 0 && all.every((r) => r.memoryLimitBytes !== undefined)) out.memoryLimitBytes = all.reduce((s, r) => s + r.memoryLimitBytes!, 0);
  if (all.length > 0 && all.every((r) => r.cpuLimitMillis !== undefined)) out.cpuLimitMillis = all.reduce((s, r) => s + r.cpuLimitMillis!, 0);
  return out;
}
