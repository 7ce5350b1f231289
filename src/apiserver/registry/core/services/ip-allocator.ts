import { isIPv4 } from 'node:net';
import { AllocationError, OffsetAllocator } from './range-allocator.js';

/**
 * ClusterIP allocation from an IPv4 CIDR (model: upstream's ipallocator.Range): every address but
 * the network and broadcast addresses may be allocated; the first one (e.g. 10.43.0.1) is kept
 * for the `kubernetes` service and only given to whoever asks for it by address. The static band
 * (for requested addresses) is the first min(max(16, size/16), 256) addresses, as upstream.
 */
export class IpAllocator {
  readonly cidr: string;
  private readonly base: number;
  private readonly offsets: OffsetAllocator;

  constructor(cidr: string, random: () => number = Math.random) {
    const [address = '', bitsText = ''] = cidr.split('/');
    const bits = Number(bitsText);
    if (!isIPv4(address) || !Number.isInteger(bits) || bits < 1 || bits > 30) throw new Error(`service CIDR ${cidr} is not an IPv4 CIDR with a prefix of 1 to 30 bits`);
    const hostBits = 32 - bits;
    this.base = ((ipToNumber(address) >>> hostBits) << hostBits) >>> 0;
    this.cidr = `${numberToIp(this.base)}/${bits}`;
    // Offsets count from the first usable address (network + 1); the broadcast address is excluded.
    const size = 2 ** hostBits - 2;
    this.offsets = new OffsetAllocator(size, Math.min(Math.max(16, Math.floor(size / 16)), 256), new Set([0]), random);
  }

  /** The address kept for the `kubernetes` service (the first usable one). */
  get kubernetesServiceIP(): string {
    return numberToIp(this.base + 1);
  }

  contains(ip: string): boolean {
    return this.offset(ip) !== undefined;
  }

  /** Takes `ip`, or throws an AllocationError in upstream's words. */
  allocate(ip: string): void {
    const offset = this.offset(ip);
    if (offset === undefined) {
      throw new AllocationError('not-in-range', `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr}`);
    }
    if (!this.offsets.take(offset)) throw new AllocationError('allocated', 'provided IP is already allocated');
  }

  /** Takes a free address (never the kubernetes service's), or throws "range is full". */
  allocateNext(): string {
    const offset = this.offsets.takeNext();
    if (offset === undefined) throw new AllocationError('full', 'range is full');
    return numberToIp(this.base + 1 + offset);
  }

  /** Frees `ip` (addresses outside the range or not taken are ignored). */
  release(ip: string): void {
    const offset = this.offset(ip);
    if (offset !== undefined) this.offsets.release(offset);
  }

  isAllocated(ip: string): boolean {
    const offset = this.offset(ip);
    return offset !== undefined && this.offsets.has(offset);
  }

  clear(): void {
    this.offsets.clear();
  }

  get used(): number {
    return this.offsets.used;
  }

  private offset(ip: string): number | undefined {
    if (!isIPv4(ip)) return undefined;
    const offset = ipToNumber(ip) - this.base - 1;
    return offset >= 0 && offset < this.offsets.size ? offset : undefined;
  }
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}
