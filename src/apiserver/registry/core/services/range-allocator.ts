/**
 * Why an allocation failed, in upstream's words (pkg/registry/core/service/ipallocator and
 * portallocator): the value is taken, outside the range, or nothing is left.
 */
export class AllocationError extends Error {
  constructor(
    readonly reason: 'allocated' | 'not-in-range' | 'full',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A set of taken offsets in `[0, size)` (model: upstream's allocator bitmap with a static band).
 * Offsets below `staticBand` are meant for values users ask for; `allocateNext` looks in the
 * upper band first (from a random point, wrapping), then in the static band, so dynamic
 * allocations rarely collide with requested ones. Offsets in `reserved` are never handed out by
 * `allocateNext` but may be taken explicitly.
 *
 * Every method is synchronous: a check-and-take is atomic with respect to other requests.
 */
export class OffsetAllocator {
  private readonly taken = new Set<number>();
  private readonly staticBand: number;

  constructor(
    readonly size: number,
    staticBand: number,
    private readonly reserved: ReadonlySet<number> = new Set(),
    private readonly random: () => number = Math.random,
  ) {
    this.staticBand = Math.min(staticBand, size);
  }

  has(offset: number): boolean {
    return this.taken.has(offset);
  }

  /** Takes `offset`; false when it was already taken. */
  take(offset: number): boolean {
    if (this.taken.has(offset)) return false;
    this.taken.add(offset);
    return true;
  }

  /** Takes a free offset (upper band first); undefined when none is left. */
  takeNext(): number | undefined {
    const found = this.scan(this.staticBand, this.size) ?? this.scan(0, this.staticBand);
    if (found !== undefined) this.taken.add(found);
    return found;
  }

  release(offset: number): void {
    this.taken.delete(offset);
  }

  clear(): void {
    this.taken.clear();
  }

  get used(): number {
    return this.taken.size;
  }

  /** The first free, unreserved offset in [from, to), starting at a random point and wrapping. */
  private scan(from: number, to: number): number | undefined {
    const length = to - from;
    if (length <= 0) return undefined;
    const start = Math.floor(this.random() * length);
    for (let i = 0; i < length; i++) {
      const offset = from + ((start + i) % length);
      if (!this.taken.has(offset) && !this.reserved.has(offset)) return offset;
    }
    return undefined;
  }
}
