/**
 * The pod status the kubelet reports, computed from the pod, what the runtime holds for it and
 * what the last sync learned (model: kubelet_pods.go generateAPIPodStatus, getPhase,
 * convertToAPIContainerStatuses; pkg/kubelet/status/generate.go). Pure: no I/O, no clock.
 */
import { formatTime } from '../../client/events/types.js';
import { computePodQOS } from '../../api/pod/qos.js';
import { goStrings } from '../go-format.js';
import type { ContainerStatus as RuntimeContainer } from '../runtime/runtime.js';
import { instancesOf, latestSandbox, type RuntimePod } from '../kuberuntime/runtime-pod.js';
import {
  specContainers,
  specInitContainers,
  type Container,
  type ContainerState,
  type ContainerStateWaiting,
  type ContainerStatus,
  type Pod,
  type PodCondition,
  type PodPhase,
  type PodStatus,
} from '../pod.js';

/**
 * Fills `ready` and `started` of freshly computed container statuses, in place (the prober's
 * UpdatePodStatus).
 */
export type ProbeState = (pod: Pod, status: Pick<PodStatus, 'containerStatuses' | 'initContainerStatuses'>) => void;

/** Without probes: a running container is started and ready; an init container is ready once it exited 0. */
export const ALWAYS_READY: ProbeState = (_pod, status) => {
  for (const c of status.containerStatuses ?? []) c.ready = c.started = c.state.running !== undefined;
  for (const c of status.initContainerStatuses ?? []) {
    c.started = c.state.running !== undefined;
    c.ready = c.state.terminated?.exitCode === 0;
  }
};

export interface StatusInputs {
  pod: Pod;
  runtime: RuntimePod;
  /** Why a container is not running, as the last sync found (upstream's reasonCache). */
  waitingReasons: ReadonlyMap<string, ContainerStateWaiting>;
  probes: ProbeState;
  /** `<runtime>://` prefix of container ids. */
  runtimeName: string;
  hostIP: string;
  /** The pod worker decided the pod is done: its containers will not be restarted. */
  podIsTerminal: boolean;
  /** A pod-level failure (activeDeadlineSeconds): phase Failed with this reason and message. */
  failure?: { reason: string; message: string };
  /** Unix ms, for startTime when the pod has none. */
  now: number;
}

/** Conditions the kubelet owns; others (e.g. DisruptionTarget) are kept as they are. */
export const KUBELET_CONDITIONS = new Set(['PodScheduled', 'PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready']);

export function generatePodStatus(inputs: StatusInputs): PodStatus {
  const { pod, runtime } = inputs;
  const old = pod.status ?? {};
  const initStatuses = specInitContainers(pod).map((c) => containerStatus(inputs, c));
  const statuses = specContainers(pod).map((c) => containerStatus(inputs, c));
  inputs.probes(pod, { containerStatuses: statuses, initContainerStatuses: initStatuses });

  let phase: PodPhase = inputs.failure ? 'Failed' : getPhase(pod, initStatuses, statuses, inputs.podIsTerminal);
  // A terminal phase is final (status manager's rule): a pod never leaves Succeeded or Failed.
  if ((old.phase === 'Succeeded' || old.phase === 'Failed') && phase !== old.phase) phase = old.phase;

  const sandbox = latestSandbox(runtime);
  const status: PodStatus = {
    phase,
    conditions: conditions(pod, sandbox?.state === 'ready', initStatuses, statuses, phase),
    hostIP: inputs.hostIP,
    hostIPs: [{ ip: inputs.hostIP }],
    startTime: old.startTime ?? formatTime(inputs.now),
    qosClass: old.qosClass ?? computePodQOS(pod.spec),
  };
  const podIP = sandbox?.ip ?? old.podIP;
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  status.containerStatuses = statuses;
  const failure = inputs.failure ?? (old.reason ? { reason: old.reason, message: old.message ?? '' } : undefined);
  if (failure) {
    status.reason = failure.reason;
    status.message = failure.message;
  }
  return status;
}

/** One container's status (convertToAPIContainerStatuses for a single container). */
function containerStatus(inputs: StatusInputs, container: Container): ContainerStatus {
  const [latest, previous] = instancesOf(inputs.runtime, container.name);
  const status: ContainerStatus = {
    name: container.name,
    state: {},
    lastState: {},
    ready: false,
    restartCount: latest?.attempt ?? 0,
    image: container.image ?? '',
    imageID: '',
    started: false,
  };
  if (latest === undefined) {
    // upstream's default waiting state: PodInitializing in pods with init containers.
    const fallback = specInitContainers(inputs.pod).length > 0 ? 'PodInitializing' : 'ContainerCreating';
    status.state.waiting = inputs.waitingReasons.get(container.name) ?? { reason: fallback };
    return status;
  }
  status.containerID = `${inputs.runtimeName}://${latest.id}`;
  status.imageID = imageID(latest);
  status.state = runtimeState(inputs, latest);
  if (previous !== undefined) status.lastState = { terminated: terminated(inputs, previous) };
  const waiting = inputs.waitingReasons.get(container.name);
  if (waiting !== undefined && status.state.running === undefined) {
    // The last sync could not (re)start it: report why, with the run that ended as lastState.
    if (status.state.terminated) status.lastState = { terminated: status.state.terminated };
    status.state = { waiting };
  }
  return status;
}

function imageID(container: RuntimeContainer): string {
  return container.image;
}

function runtimeState(inputs: StatusInputs, container: RuntimeContainer): ContainerState {
  switch (container.state) {
    case 'running':
      return { running: { startedAt: formatTime(container.startedAt) } };
    case 'exited':
      return { terminated: terminated(inputs, container) };
    case 'created':
      return { waiting: { reason: 'ContainerCreating' } };
    default:
      return { waiting: { reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } };
  }
}

function terminated(inputs: StatusInputs, container: RuntimeContainer): NonNullable<ContainerState['terminated']> {
  const exitCode = container.exitCode ?? 137;
  const out: NonNullable<ContainerState['terminated']> = {
    exitCode,
    reason: container.reason ?? (exitCode === 0 ? 'Completed' : 'Error'),
    startedAt: formatTime(container.startedAt || container.createdAt),
    finishedAt: formatTime(container.finishedAt || container.createdAt),
    containerID: `${inputs.runtimeName}://${container.id}`,
  };
  if (container.message) out.message = container.message;
  return out;
}

/** upstream getPhase (regular init containers; sidecars are not supported yet). */
export function getPhase(pod: Pod, init: readonly ContainerStatus[], app: readonly ContainerStatus[], podIsTerminal: boolean): PodPhase {
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const s of init) {
    const t = s.state.terminated;
    if (s.state.running) pendingInitialization++;
    else if (t) {
      if (t.exitCode !== 0) failedInitialization++;
    } else if (s.state.waiting) {
      const last = s.lastState.terminated;
      if (last) {
        if (last.exitCode !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of app) {
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const restartPolicy = pod.spec.restartPolicy ?? 'Always';
  if (failedInitialization > 0 && restartPolicy === 'Never') return 'Failed';
  if (pendingInitialization > 0 || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/** The kubelet-owned conditions (pkg/kubelet/status/generate.go), then any others the pod had. */
function conditions(pod: Pod, sandboxReady: boolean, init: readonly ContainerStatus[], app: readonly ContainerStatus[], phase: PodPhase): PodCondition[] {
  const condition = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
    const c: PodCondition = { type, status: ok ? 'True' : 'False', lastProbeTime: null };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  };
  const out: PodCondition[] = [condition('PodReadyToStartContainers', sandboxReady)];

  // Initialized
  const initDone = (s: ContainerStatus): boolean => s.state.terminated?.exitCode === 0;
  const anyStarted = app.some((s) => s.state.running || s.state.terminated || s.lastState.terminated);
  const incomplete = init.filter((s) => !initDone(s)).map((s) => s.name);
  if (init.length === 0 || incomplete.length === 0 || anyStarted || phase === 'Succeeded') out.push(condition('Initialized', true, phase === 'Succeeded' && init.length > 0 ? 'PodCompleted' : undefined));
  else out.push(condition('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: ${goStrings(incomplete)}`));

  // ContainersReady and Ready
  let ready: PodCondition;
  if (phase === 'Succeeded' || phase === 'Failed') ready = condition('ContainersReady', false, phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed');
  else {
    const unready = app.filter((s) => !s.ready).map((s) => s.name);
    ready = unready.length === 0 ? condition('ContainersReady', true) : condition('ContainersReady', false, 'ContainersNotReady', `containers with unready status: ${goStrings(unready)}`);
  }
  out.push(ready);
  out.push(readyCondition(pod, ready));
  out.push(condition('PodScheduled', true));
  for (const c of pod.status?.conditions ?? []) if (!KUBELET_CONDITIONS.has(c.type)) out.push(c);
  return out;
}

/** Ready = ContainersReady and every readiness gate's condition True (GeneratePodReadyCondition). */
function readyCondition(pod: Pod, containersReady: PodCondition): PodCondition {
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const missing: string[] = [];
  const falseGates: string[] = [];
  for (const gate of pod.spec.readinessGates ?? []) {
    const type = gate.conditionType ?? '';
    const c = pod.status?.conditions?.find((x) => x.type === type);
    if (c === undefined) missing.push(type);
    else if (c.status !== 'True') falseGates.push(type);
  }
  const messages: string[] = [];
  if (missing.length > 0) messages.push(`corresponding condition of pod readiness gate ${missing.map((t) => `"${t}"`).join(', ')} does not exist.`);
  if (falseGates.length > 0) messages.push(`the status of pod readiness gate ${falseGates.map((t) => `"${t}"`).join(', ')} is not "True", but False.`);
  if (messages.length > 0) return { type: 'Ready', status: 'False', lastProbeTime: null, reason: 'ReadinessGatesNotReady', message: messages.join(', ') };
  return { type: 'Ready', status: 'True', lastProbeTime: null };
}

/**
 * Carries lastTransitionTime over from the previous status for conditions whose status did not
 * change, and stamps `now` on the others (status manager's updateLastTransitionTime).
 */
export function stampTransitions(previous: readonly PodCondition[] | undefined, next: PodCondition[], now: string): void {
  for (const c of next) {
    if (c.lastTransitionTime !== undefined && !KUBELET_CONDITIONS.has(c.type)) continue;
    const before = previous?.find((p) => p.type === c.type);
    c.lastTransitionTime = before !== undefined && before.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : now;
  }
}
