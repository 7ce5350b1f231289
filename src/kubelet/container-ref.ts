/** Event references to a pod and to one of its containers (model: kubecontainer.GenerateContainerRef). */
import type { ObjectReference } from '../client/events/types.js';
import type { ProbePod } from './prober/types.js';

/** The pod itself (kind Pod, v1, name, namespace, uid, resourceVersion). */
export function podRef(pod: ProbePod): ObjectReference {
  const { name, namespace, uid, resourceVersion } = pod.metadata;
  const ref: ObjectReference = { kind: 'Pod', apiVersion: 'v1' };
  if (namespace) ref.namespace = namespace;
  if (name) ref.name = name;
  if (uid) ref.uid = uid;
  if (resourceVersion) ref.resourceVersion = resourceVersion;
  return ref;
}

/** The pod with `fieldPath` naming the container: `spec.containers{c}`, `spec.initContainers{c}`, `spec.ephemeralContainers{c}`. */
export function containerRef(pod: ProbePod, containerName: string): ObjectReference {
  const spec = pod.spec ?? {};
  const list = (spec.initContainers ?? []).some((c) => c.name === containerName)
    ? 'initContainers'
    : (spec.ephemeralContainers ?? []).some((c) => c.name === containerName)
      ? 'ephemeralContainers'
      : 'containers';
  return { ...podRef(pod), fieldPath: `spec.${list}{${containerName}}` };
}

/** The runtime's id inside a status `containerID` (`process://abc` → `abc`). */
export function runtimeContainerId(containerID: string): string {
  const sep = containerID.indexOf('://');
  return sep >= 0 ? containerID.slice(sep + 3) : containerID;
}
