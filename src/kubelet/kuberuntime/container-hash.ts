import { createHash } from 'node:crypto';
import type { Container } from '../pod.js';

/**
 * A short hash of a container's spec (model: kubecontainer.HashContainer). The kubelet stamps it
 * on each container it creates; a running container whose spec hash differs from the pod's
 * current spec is restarted. Status-only fields cannot change in a pod spec, so hashing the
 * whole container is enough; `resources` are excluded because in-place resize does not restart.
 */
export function containerHash(container: Container): string {
  const { resources: _resources, ...rest } = container;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}
