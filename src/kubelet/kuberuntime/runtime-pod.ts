/**
 * What the runtime holds for one pod, and the labels that tie runtime objects to API pods
 * (model: kubelet's kubecontainer.PodStatus and kuberuntime labels.go). The kubelet labels every
 * sandbox and container it creates so that after a restart it can rebuild this view from
 * `listPodSandboxes`/`listContainers` alone.
 */
import type { ContainerStatus as RuntimeContainer, PodSandboxStatus } from '../runtime/runtime.js';

export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';
/** Annotation: a hash of the container's spec; a change restarts the container. */
export const CONTAINER_HASH_ANNOTATION = 'io.kubernetes.container.hash';
/** Annotation: `init` or `app`. */
export const CONTAINER_KIND_ANNOTATION = 'io.kubernetes.container.kind';

export interface RuntimePod {
  uid: string;
  /** Newest first. */
  sandboxes: PodSandboxStatus[];
  /** Every container of every sandbox of the pod, newest first (by attempt, then creation). */
  containers: RuntimeContainer[];
}

export function newestFirst(a: RuntimeContainer, b: RuntimeContainer): number {
  return b.attempt - a.attempt || b.createdAt - a.createdAt;
}

/** Groups the runtime's sandboxes and containers by pod uid. */
export function groupByPod(sandboxes: readonly PodSandboxStatus[], containers: readonly RuntimeContainer[]): Map<string, RuntimePod> {
  const pods = new Map<string, RuntimePod>();
  const podOf = (uid: string): RuntimePod => {
    let pod = pods.get(uid);
    if (pod === undefined) pods.set(uid, (pod = { uid, sandboxes: [], containers: [] }));
    return pod;
  };
  const sandboxPod = new Map<string, string>();
  for (const sandbox of sandboxes) {
    podOf(sandbox.uid).sandboxes.push(sandbox);
    sandboxPod.set(sandbox.id, sandbox.uid);
  }
  for (const container of containers) {
    const uid = container.labels[POD_UID_LABEL] ?? sandboxPod.get(container.sandboxId);
    if (uid !== undefined) podOf(uid).containers.push(container);
  }
  for (const pod of pods.values()) {
    pod.sandboxes.sort((a, b) => b.attempt - a.attempt || b.createdAt - a.createdAt);
    pod.containers.sort(newestFirst);
  }
  return pods;
}

export function emptyRuntimePod(uid: string): RuntimePod {
  return { uid, sandboxes: [], containers: [] };
}

/** The instances of container `name`, newest first. */
export function instancesOf(pod: RuntimePod, name: string): RuntimeContainer[] {
  return pod.containers.filter((c) => c.name === name);
}

export function latestSandbox(pod: RuntimePod): PodSandboxStatus | undefined {
  return pod.sandboxes[0];
}
