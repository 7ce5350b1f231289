/**
 * Controller expectations (model: pkg/controller controller_utils.go ControllerExpectations and
 * UIDTrackingControllerExpectations): a controller that just asked for N creates or deletes waits
 * for the informer to show them before acting on the same owner again, so a stale cache never
 * makes it create or delete twice.
 *
 * Contracts: `expect*` before issuing the writes; `creationObserved`/`deletionObserved` from the
 * informer handlers (and `lower*` when a write failed, since it will never be observed);
 * `satisfied(key)` is true when nothing is pending, when no expectation was ever recorded, or when
 * the record is older than the TTL (5 min: a lost watch event must not wedge the owner forever).
 */
import type { Clock } from '../../client/flowcontrol/clock.js';

/** Upstream's ExpectationsTimeout. */
export const EXPECTATIONS_TTL_MS = 5 * 60_000;

interface Record {
  add: number;
  del: number;
  /** UIDs of pods whose deletion is expected (deletion is observed by UID, not count). */
  deleting: Set<string>;
  at: number;
}

export class ControllerExpectations {
  private readonly records = new Map<string, Record>();

  constructor(private readonly clock: Clock) {}

  satisfied(key: string): boolean {
    const r = this.records.get(key);
    if (r === undefined) return true;
    if (r.add <= 0 && r.del <= 0 && r.deleting.size === 0) return true;
    return this.clock.now() - r.at > EXPECTATIONS_TTL_MS;
  }

  /** Sets the expectation to `adds` creations and the deletion of `deleteUids` (replacing any). */
  expect(key: string, adds: number, deleteUids: readonly string[] = []): void {
    this.records.set(key, { add: adds, del: deleteUids.length, deleting: new Set(deleteUids), at: this.clock.now() });
  }

  creationObserved(key: string): void {
    const r = this.records.get(key);
    if (r) r.add--;
  }

  /** A pod with `uid` owned by `key` is gone (or will go: it has a deletion timestamp). */
  deletionObserved(key: string, uid: string): void {
    const r = this.records.get(key);
    if (r?.deleting.delete(uid)) r.del--;
  }

  /** `n` creations failed and will never be observed. */
  lowerCreations(key: string, n: number): void {
    const r = this.records.get(key);
    if (r) r.add -= n;
  }

  /** The deletion of `uid` failed (or the pod was already gone) and will never be observed. */
  lowerDeletion(key: string, uid: string): void {
    this.deletionObserved(key, uid);
  }

  delete(key: string): void {
    this.records.delete(key);
  }
}
