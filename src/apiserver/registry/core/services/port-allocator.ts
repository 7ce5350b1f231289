import { AllocationError, OffsetAllocator } from './range-allocator.js';

/** A port range as upstream's --service-node-port-range writes it. */
export interface PortRange {
  base: number;
  size: number;
}

export const DEFAULT_NODE_PORT_RANGE: PortRange = { base: 30000, size: 2768 };

/**
 * NodePort allocation from a port range (model: upstream's portallocator.PortAllocator). The
 * static band (for requested ports) is the first min(max(16, size/32), 128) ports, as upstream.
 */
export class PortAllocator {
  private readonly offsets: OffsetAllocator;

  constructor(
    private readonly range: PortRange = DEFAULT_NODE_PORT_RANGE,
    random: () => number = Math.random,
  ) {
    this.offsets = new OffsetAllocator(range.size, Math.min(Math.max(16, Math.floor(range.size / 32)), 128), new Set(), random);
  }

  /** `30000-32767`, as upstream prints the range. */
  get rangeText(): string {
    return `${this.range.base}-${this.range.base + this.range.size - 1}`;
  }

  contains(port: number): boolean {
    return Number.isInteger(port) && port >= this.range.base && port < this.range.base + this.range.size;
  }

  /** Takes `port`, or throws an AllocationError in upstream's words. */
  allocate(port: number): void {
    if (!this.contains(port)) {
      throw new AllocationError('not-in-range', `provided port is not in the valid range. The range of valid ports is ${this.rangeText}`);
    }
    if (!this.offsets.take(port - this.range.base)) throw new AllocationError('allocated', 'provided port is already allocated');
  }

  /** Takes a free port, or throws "range is full". */
  allocateNext(): number {
    const offset = this.offsets.takeNext();
    if (offset === undefined) throw new AllocationError('full', 'range is full');
    return this.range.base + offset;
  }

  release(port: number): void {
    if (this.contains(port)) this.offsets.release(port - this.range.base);
  }

  isAllocated(port: number): boolean {
    return this.contains(port) && this.offsets.has(port - this.range.base);
  }

  clear(): void {
    this.offsets.clear();
  }

  get used(): number {
    return this.offsets.used;
  }
}
