import type { ContainerStatusLike, PodLike } from './host.js';

/** A request the kubelet cannot serve; `code` is the HTTP status upstream answers with. */
export class KubeletRequestError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** `docker://abc` → `abc`; ids without a scheme pass through. */
export function runtimeIdOf(containerID: string | undefined): string | undefined {
  if (!containerID) return undefined;
  const at = containerID.indexOf('://');
  return at < 0 ? containerID : containerID.slice(at + 3);
}

export function findContainerStatus(pod: PodLike, name: string): ContainerStatusLike | undefined {
  const s = pod.status;
  return (
    s?.containerStatuses?.find((c) => c.name === name) ??
    s?.initContainerStatuses?.find((c) => c.name === name) ??
    s?.ephemeralContainerStatuses?.find((c) => c.name === name)
  );
}

export function hasContainerSpec(pod: PodLike, name: string): boolean {
  const spec = pod.spec;
  return [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].some((c) => c.name === name);
}

/**
 * The runtime id of the container whose logs to serve (model: kubelet validateContainerLogStatus;
 * messages as upstream). `previous` asks for the last terminated attempt.
 */
export function containerIdForLogs(pod: PodLike, containerName: string, previous: boolean): string {
  const podName = pod.metadata.name;
  const status = findContainerStatus(pod, containerName);
  if (!status) throw new KubeletRequestError(400, `container "${containerName}" in pod "${podName}" is not available`);
  const last = status.lastState?.terminated;
  const { waiting, running, terminated } = status.state ?? {};
  let id: string | undefined;
  if (previous) {
    id = runtimeIdOf(last?.containerID);
    if (!id) throw new KubeletRequestError(400, `previous terminated container "${containerName}" in pod "${podName}" not found`);
  } else if (running) {
    id = runtimeIdOf(status.containerID);
  } else if (terminated) {
    id = runtimeIdOf(terminated.containerID) ?? runtimeIdOf(last?.containerID);
    if (!id) throw new KubeletRequestError(400, `container "${containerName}" in pod "${podName}" is terminated`);
  } else if (last) {
    id = runtimeIdOf(last.containerID);
    if (!id) throw new KubeletRequestError(400, `container "${containerName}" in pod "${podName}" is terminated`);
  } else if (waiting) {
    const reason = waiting.reason ?? '';
    if (reason === 'ErrImagePull') {
      throw new KubeletRequestError(400, `container "${containerName}" in pod "${podName}" is waiting to start: image can't be pulled`);
    }
    if (reason === 'ImagePullBackOff') {
      throw new KubeletRequestError(400, `container "${containerName}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
    }
    throw new KubeletRequestError(400, `container "${containerName}" in pod "${podName}" is waiting to start: ${reason}`);
  }
  if (!id) throw new KubeletRequestError(400, `container "${containerName}" in pod "${podName}" is waiting to start - no logs yet`);
  return id;
}

/** The runtime id of the container to exec in or attach to (upstream: `container not found ("<name>")`, 500). */
export function containerIdForStreaming(pod: PodLike, containerName: string): string {
  const status = findContainerStatus(pod, containerName);
  const id = runtimeIdOf(status?.containerID);
  if (!id) throw new KubeletRequestError(500, `container not found ("${containerName}")`);
  return id;
}
