/**
 * Hands out etcd leases for TTL writes, reusing the previous lease when its expiry fits the
 * requested TTL (model: Kubernetes' apiserver etcd3 `leaseManager`). Granting a lease per write
 * doubles the writes and makes etcd track one lease per key; sharing one means keys written within
 * a short window expire together.
 *
 * The contract of `leaseFor(ttl)`: the lease expires no earlier than `ttl` seconds from the call
 * and no later than `ttl + reuse` seconds, where reuse = min(5% of ttl, 60 s) (so short TTLs,
 * whose reuse window rounds down to 0, always get their own lease), and at most 1,000 writes share
 * one lease (keys on a lease are deleted together, in one etcd revision). etcd may round a TTL up to
 * its minimum (about 2 s). Calls are serialized so concurrent writes share one grant.
 */
export interface LeaseOptions {
  reusePercent: number;
  maxReuseSeconds: number;
  maxAttached: number;
}

const DEFAULTS: LeaseOptions = { reusePercent: 0.05, maxReuseSeconds: 60, maxAttached: 1_000 };

/** Grants a lease of `ttlSeconds`; resolves to its ID and the TTL etcd actually granted. */
export type GrantLease = (ttlSeconds: number) => Promise<{ id: string; ttlSeconds: number }>;

export class LeaseManager {
  private previous: { id: string; expiresAt: number; attached: number } | undefined;
  /** The tail of the call chain; each call runs after the previous one settled. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly grant: GrantLease,
    private readonly options: LeaseOptions = DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A lease ID for a write whose key should live `ttlSeconds` (a positive integer). */
  leaseFor(ttlSeconds: number): Promise<string> {
    const result = this.tail.then(() => this.acquire(ttlSeconds));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Forgets `id` (etcd no longer knows it), so the next call grants a fresh lease. */
  invalidate(id: string): void {
    if (this.previous?.id === id) this.previous = undefined;
  }

  private async acquire(ttlSeconds: number): Promise<string> {
    const now = this.now();
    const reuse = Math.min(Math.floor(this.options.reusePercent * ttlSeconds), this.options.maxReuseSeconds);
    const prev = this.previous;
    if (prev) {
      const valid = now + ttlSeconds * 1000 < prev.expiresAt;
      const sufficient = now + (ttlSeconds + reuse) * 1000 > prev.expiresAt;
      if (valid && sufficient && prev.attached < this.options.maxAttached) {
        prev.attached++;
        return prev.id;
      }
    }
    const granted = await this.grant(ttlSeconds + reuse);
    // Measured from before the grant, so the recorded expiry is never later than etcd's.
    this.previous = { id: granted.id, expiresAt: now + granted.ttlSeconds * 1000, attached: 1 };
    return granted.id;
  }
}
