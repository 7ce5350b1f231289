/** Builders of pods and runtime records for the kubelet's unit tests. */
import type { Pod } from '../pod.js';
import type { ContainerStatus as RuntimeContainer, PodSandboxStatus } from '../runtime/runtime.js';
import { containerHash } from '../kuberuntime/container-hash.js';
import { CONTAINER_HASH_ANNOTATION, POD_UID_LABEL } from '../kuberuntime/runtime-pod.js';

export function pod(spec: Partial<Pod['spec']> = {}, metadata: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'u1', ...metadata },
    spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Always', ...spec },
  };
}

export function sandbox(overrides: Partial<PodSandboxStatus> = {}): PodSandboxStatus {
  return { id: 's1', uid: 'u1', name: 'p', namespace: 'ns', attempt: 0, state: 'ready', createdAt: 1000, ip: '10.0.0.1', labels: {}, annotations: {}, ...overrides };
}

let seq = 0;

/** A runtime container for `p`'s container `name` (its hash matches the spec's). */
export function container(p: Pod, name: string, overrides: Partial<RuntimeContainer> = {}): RuntimeContainer {
  const spec = [...(p.spec.containers ?? []), ...(p.spec.initContainers ?? [])].find((c) => c.name === name);
  return {
    id: `c${++seq}`,
    sandboxId: 's1',
    name,
    attempt: 0,
    image: spec?.image ?? '',
    state: 'running',
    createdAt: 2000,
    startedAt: 2000,
    finishedAt: 0,
    logPath: '/logs/x',
    labels: { [POD_UID_LABEL]: 'u1' },
    annotations: spec ? { [CONTAINER_HASH_ANNOTATION]: containerHash({ ...spec, name }) } : {},
    ...overrides,
  };
}
