/**
 * Amounts of compute resources (model: framework.Resource): cpu in millicores, memory and
 * ephemeral storage in bytes, the pod count, and scalar (extended, hugepages) resources in whole
 * units. Mutable; NodeInfo owns its instances and clones them with the NodeInfo.
 */
import { resourceAmounts, type ResourceAmounts } from '../../api/pod/resources.js';
import type { ResourceList } from './api-types.js';

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const PODS = 'pods';

export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /** Extended and hugepages resources by name. */
  scalarResources: Map<string, number> | undefined;

  static fromAmounts(amounts: ResourceAmounts): Resource {
    const r = new Resource();
    for (const [name, value] of amounts) r.set(name, value);
    return r;
  }

  static fromList(list: ResourceList | undefined): Resource {
    return Resource.fromAmounts(resourceAmounts(list));
  }

  /** The amount of `name` (0 when absent). */
  get(name: string): number {
    switch (name) {
      case CPU:
        return this.milliCPU;
      case MEMORY:
        return this.memory;
      case EPHEMERAL_STORAGE:
        return this.ephemeralStorage;
      case PODS:
        return this.allowedPodNumber;
      default:
        return this.scalarResources?.get(name) ?? 0;
    }
  }

  set(name: string, value: number): void {
    switch (name) {
      case CPU:
        this.milliCPU = value;
        break;
      case MEMORY:
        this.memory = value;
        break;
      case EPHEMERAL_STORAGE:
        this.ephemeralStorage = value;
        break;
      case PODS:
        this.allowedPodNumber = value;
        break;
      default:
        (this.scalarResources ??= new Map()).set(name, value);
    }
  }

  /** Adds (sign 1) or subtracts (sign -1) `other` into this one. */
  addScaled(other: Resource, sign: 1 | -1): void {
    this.milliCPU += sign * other.milliCPU;
    this.memory += sign * other.memory;
    this.ephemeralStorage += sign * other.ephemeralStorage;
    this.allowedPodNumber += sign * other.allowedPodNumber;
    if (other.scalarResources) {
      for (const [name, value] of other.scalarResources) this.set(name, this.get(name) + sign * value);
    }
  }

  clone(): Resource {
    const r = new Resource();
    r.milliCPU = this.milliCPU;
    r.memory = this.memory;
    r.ephemeralStorage = this.ephemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    if (this.scalarResources) r.scalarResources = new Map(this.scalarResources);
    return r;
  }

  /** Names of the scalar resources present. */
  scalarNames(): Iterable<string> {
    return this.scalarResources?.keys() ?? [];
  }
}
