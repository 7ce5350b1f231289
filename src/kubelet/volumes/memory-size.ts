/**
 * The size of a memory-backed (tmpfs) volume (model: emptydir calculateEmptyDirMemorySize): node
 * allocatable memory, lowered to the pod's memory limit when it has one, lowered to the volume's
 * sizeLimit when that is smaller still.
 */
import { quantityFromJSON } from '../../api/quantity/index.js';
import type { ContainerLike, ResourceList } from '../../api/validation/pod/shapes.js';
import type { PodLike } from '../env/sources.js';

export function memoryVolumeSizeBytes(pod: PodLike, nodeAllocatable: ResourceList, sizeLimit: unknown): number | undefined {
  let size = bytes(nodeAllocatable['memory']);
  const podLimit = podMemoryLimitBytes(pod);
  if (podLimit !== undefined && podLimit > 0 && (size === undefined || podLimit <= size)) size = podLimit;
  const volumeLimit = bytes(sizeLimit);
  if (volumeLimit !== undefined && volumeLimit > 0 && (size === undefined || volumeLimit <= size)) size = volumeLimit;
  return size;
}

/** The pod's memory limit when every container declares one: max(sum of containers, largest init container). */
function podMemoryLimitBytes(pod: PodLike): number | undefined {
  const limit = (c: ContainerLike): number | undefined => bytes(c.resources?.limits?.['memory']);
  const regular = (pod.spec?.containers ?? []).map(limit);
  const init = (pod.spec?.initContainers ?? []).map(limit);
  if ([...regular, ...init].some((l) => l === undefined || l === 0) || regular.length === 0) return undefined;
  const sum = regular.reduce<number>((a, b) => a + b!, 0);
  return Math.max(sum, ...init.map((l) => l!));
}

function bytes(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return Number(quantityFromJSON(value).value());
}
