/**
 * What a sync must do to bring the runtime in line with a pod's spec (model:
 * kuberuntime_manager.go computePodActions and computeInitContainerActions). Pure: it reads the
 * pod, the runtime's view of it and the prober's verdicts; crash-loop back-off is applied later,
 * when a container is about to start.
 */
import type { ContainerStatus as RuntimeContainer } from '../runtime/runtime.js';
import type { ProbeKill } from '../prober/kill.js';
import { specContainers, specInitContainers, type Container, type Pod } from '../pod.js';
import { containerHash } from './container-hash.js';
import { CONTAINER_HASH_ANNOTATION, instancesOf, latestSandbox, type RuntimePod } from './runtime-pod.js';

export interface ContainerToKill {
  containerId: string;
  name: string;
  /** Shown in the Killing event, e.g. `Container c failed liveness probe, will be restarted`. */
  message: string;
  /** A probe's terminationGracePeriodSeconds, overriding the pod's for this kill. */
  gracePeriodSeconds?: number;
}

export interface PodActions {
  /** Stop the sandbox and every container first (the sandbox is gone or the pod is done). */
  killPod: boolean;
  createSandbox: boolean;
  /** The ready sandbox to start containers in (absent when one must be created). */
  sandboxId?: string;
  /** The attempt number of the sandbox to create. */
  sandboxAttempt: number;
  /** The init container to start now; app containers wait until every init container succeeded. */
  nextInitContainer?: Container;
  containersToStart: Container[];
  containersToKill: ContainerToKill[];
}

/** The kill a failed liveness or startup probe asks for (prober's probeKillFor), if any. */
export type ProbeKills = (container: Container, containerId: string, willRestart: boolean) => ProbeKill | undefined;

export const NO_PROBE_KILLS: ProbeKills = () => undefined;

function succeeded(c: RuntimeContainer | undefined): boolean {
  return c?.state === 'exited' && c.exitCode === 0;
}

/** Whether a container that is not running should be (re)started under the pod's restartPolicy. */
export function shouldRestart(pod: Pod, latest: RuntimeContainer | undefined): boolean {
  if (latest === undefined) return true;
  if (latest.state === 'created' || latest.state === 'running') return true;
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (policy === 'Always') return true;
  if (policy === 'OnFailure') return latest.exitCode !== 0;
  return false;
}

export function computePodActions(pod: Pod, runtime: RuntimePod, probeKills: ProbeKills): PodActions {
  const sandbox = latestSandbox(runtime);
  const actions: PodActions = { killPod: false, createSandbox: false, sandboxAttempt: 0, containersToStart: [], containersToKill: [] };
  const restartPolicy = pod.spec.restartPolicy ?? 'Always';

  // 1. No usable sandbox: (re)create it and start over, unless a Never pod already ran.
  if (sandbox === undefined || sandbox.state !== 'ready') {
    actions.killPod = sandbox !== undefined;
    actions.sandboxAttempt = sandbox === undefined ? 0 : sandbox.attempt + 1;
    if (restartPolicy === 'Never' && sandbox !== undefined && runtime.containers.length > 0) return actions;
    const init = specInitContainers(pod);
    if (init.length > 0) actions.nextInitContainer = init[0];
    else actions.containersToStart = specContainers(pod).filter((c) => !(restartPolicy === 'OnFailure' && succeeded(instancesOf(runtime, c.name)[0])));
    actions.createSandbox = actions.nextInitContainer !== undefined || actions.containersToStart.length > 0;
    return actions;
  }
  actions.sandboxId = sandbox.id;

  // 2. Init containers, in order, until all succeeded (skipped once an app container ran).
  const appStarted = specContainers(pod).some((c) => instancesOf(runtime, c.name).length > 0);
  if (!appStarted) {
    for (const c of specInitContainers(pod)) {
      const latest = instancesOf(runtime, c.name)[0];
      if (succeeded(latest)) continue;
      if (latest?.state === 'running') return actions; // wait for it
      if (latest?.state === 'exited' && restartPolicy === 'Never') {
        actions.killPod = true; // the pod failed initialization
        return actions;
      }
      actions.nextInitContainer = c;
      return actions;
    }
  }

  // 3. App containers: start what is not running and should run; restart what failed a probe or changed.
  let keep = 0;
  for (const c of specContainers(pod)) {
    const latest = instancesOf(runtime, c.name)[0];
    if (latest === undefined || latest.state !== 'running') {
      if (shouldRestart(pod, latest)) actions.containersToStart.push(c);
      continue;
    }
    const restarts = restartPolicy !== 'Never';
    let kill: ContainerToKill | undefined;
    if (latest.annotations[CONTAINER_HASH_ANNOTATION] !== containerHash(c)) kill = { containerId: latest.id, name: c.name, message: `Container ${c.name} definition changed, will be restarted` };
    else {
      const probe = probeKills(c, latest.id, restarts);
      if (probe !== undefined) kill = { containerId: latest.id, name: c.name, message: probe.message, ...(probe.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: probe.gracePeriodSeconds } : {}) };
    }
    if (kill === undefined) {
      keep++;
      continue;
    }
    actions.containersToKill.push(kill);
    if (restarts) actions.containersToStart.push(c);
  }
  // 4. Nothing runs and nothing will: the pod is done, release its sandbox.
  if (keep === 0 && actions.containersToStart.length === 0) actions.killPod = true;
  return actions;
}
