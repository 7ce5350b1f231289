/**
 * Container resources exposed through the downward API (model: pkg/api/v1/resource helpers
 * ExtractContainerResourceValue and MergeContainerResourceLimits): a limit that is unset or zero
 * reads as the node's allocatable amount; values are divided by the divisor (default 1) and rounded
 * up, CPU in millicores before dividing, everything else in whole units.
 */
import { quantityFromJSON, type Quantity } from '../../api/quantity/index.js';
import type { ContainerLike, ResourceList, ResourceFieldSelectorLike } from '../../api/validation/pod/shapes.js';
import type { PodLike } from '../env/sources.js';

/** Limits that default to node allocatable (hugepages never do: they are never overcommitted). */
const DEFAULTED_LIMITS = ['cpu', 'memory', 'ephemeral-storage'];

/** The container with unset or zero cpu/memory/ephemeral-storage limits taken from `allocatable`. */
export function withAllocatableLimits(container: ContainerLike, allocatable: ResourceList): ContainerLike {
  const limits: ResourceList = { ...(container.resources?.limits ?? {}) };
  for (const name of DEFAULTED_LIMITS) {
    const current = limits[name];
    if (current !== undefined && !quantity(current).isZero()) continue;
    if (allocatable[name] !== undefined) limits[name] = allocatable[name];
  }
  return { ...container, resources: { ...(container.resources ?? {}), limits } };
}

/** The pod's container or init container of that name (upstream findContainerInPod). */
export function findContainerInPod(pod: PodLike, name: string): { container: ContainerLike; init: boolean } {
  const regular = pod.spec?.containers?.find((c) => c.name === name);
  if (regular) return { container: regular, init: false };
  const init = pod.spec?.initContainers?.find((c) => c.name === name);
  if (init) return { container: init, init: true };
  throw new Error(`container ${name} not found`);
}

/** The value of one resource of a container, as the downward API shows it. */
export function containerResourceValue(selector: ResourceFieldSelectorLike, container: ContainerLike): string {
  const divisorQuantity = selector.divisor === undefined || selector.divisor === null ? undefined : quantity(selector.divisor);
  const divisor = divisorQuantity === undefined || divisorQuantity.isZero() ? quantity('1') : divisorQuantity;
  const resource = selector.resource ?? '';
  const dot = resource.indexOf('.');
  const kind = resource.slice(0, dot);
  const name = resource.slice(dot + 1);
  const supported = name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-');
  if (dot < 0 || (kind !== 'limits' && kind !== 'requests') || !supported) {
    throw new Error(`unsupported container resource : ${resource}`);
  }
  const list = kind === 'limits' ? container.resources?.limits : container.resources?.requests;
  const raw = list?.[name];
  const amount = raw === undefined ? quantity('0') : quantity(raw);
  const value = name === 'cpu' ? ratio(amount.milliValue(), divisor.milliValue()) : ratio(amount.value(), divisor.value());
  return String(value);
}

/** int64(math.Ceil(float64(a) / float64(b))), as upstream computes it. */
function ratio(a: bigint, b: bigint): number {
  const result = Math.ceil(Number(a) / Number(b));
  return Object.is(result, -0) ? 0 : result;
}

function quantity(value: unknown): Quantity {
  return quantityFromJSON(value);
}
