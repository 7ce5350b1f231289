/**
 * What this client knows about etcd's compaction point. etcd does not report its compact revision
 * (the Status RPC lacks it and HashKV scans the whole keyspace), but it refuses reads below it, so:
 *
 * - `learn(r)` records lower bounds as they show up: revisions this client compacted to, the
 *   compact revision in a watch cancellation, and `requested + 1` when a read at `requested` was
 *   refused as compacted.
 * - `find` gets the exact value on demand by binary search over cheap count-only reads at
 *   revisions between the known bound and the current revision (O(log current) round trips),
 *   which also sees compactions made by other etcd clients (other kts servers).
 *
 * The result is exact at some moment during the call; a concurrent compaction may raise it.
 */
export class CompactionTracker {
  private known = 0;

  /** The highest compact revision learned so far (0 when none). */
  get lowerBound(): number {
    return this.known;
  }

  learn(revision: number): void {
    if (revision > this.known) this.known = revision;
  }

  /**
   * The lowest revision that can still be read (0 when nothing was ever compacted). `readable(r)`
   * tells whether a read at `r` succeeds; it must be monotonic in `r`, and `current` is readable.
   */
  async find(current: number, readable: (revision: number) => Promise<boolean>): Promise<number> {
    let lo = Math.max(this.known, 1);
    if (lo >= current || (await readable(lo))) return this.known;
    // Invariant: lo is not readable, hi is.
    let hi = current;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await readable(mid)) hi = mid;
      else lo = mid;
    }
    this.learn(hi);
    return hi;
  }
}
