/**
 * The pure decisions of leader election: may a candidate take the lock, and what record does it
 * write (model: client-go LeaderElector.tryAcquireOrRenew). Unlike upstream, which times expiry
 * from when this candidate last saw the record change (immune to clock skew), expiry here is the
 * record's renewTime + leaseDurationSeconds, so candidates' clocks must roughly agree.
 */
import type { LeaderElectionRecord } from './lease-record.js';

export type Decision =
  /** No lock exists: create it holding `record`. */
  | { action: 'create'; record: LeaderElectionRecord }
  /** Write `record` over the current lock (acquire, take over, or renew). */
  | { action: 'update'; record: LeaderElectionRecord }
  /** Someone else holds an unexpired lock: `holder` until `expiresAt`. */
  | { action: 'wait'; holder: string; expiresAt: number };

/** When `record`'s holder stops owning the lock unless it renews. */
export function expiresAt(record: LeaderElectionRecord): number {
  return record.renewTime + record.leaseDurationSeconds * 1000;
}

/** Whether `record` names a holder whose lease has not run out at `now`. */
export function isHeld(record: LeaderElectionRecord, now: number): boolean {
  return record.holderIdentity !== '' && now < expiresAt(record);
}

/**
 * What `identity` does at `now` given the current lock (`undefined`: none exists). Renewing keeps
 * acquireTime and leaseTransitions; taking over an expired or released lock sets acquireTime to
 * `now` and bumps leaseTransitions.
 */
export function decide(
  current: LeaderElectionRecord | undefined,
  identity: string,
  now: number,
  leaseDurationSeconds: number,
): Decision {
  const fresh = { holderIdentity: identity, leaseDurationSeconds, acquireTime: now, renewTime: now };
  if (current === undefined) return { action: 'create', record: { ...fresh, leaseTransitions: 0 } };
  if (current.holderIdentity === identity) {
    return {
      action: 'update',
      record: { ...fresh, acquireTime: current.acquireTime, leaseTransitions: current.leaseTransitions },
    };
  }
  if (isHeld(current, now)) return { action: 'wait', holder: current.holderIdentity, expiresAt: expiresAt(current) };
  return { action: 'update', record: { ...fresh, leaseTransitions: current.leaseTransitions + 1 } };
}

/** The record a leader writes to give the lock up at `now` (upstream's release: no holder, 1 s). */
export function releaseRecord(current: LeaderElectionRecord, now: number): LeaderElectionRecord {
  return { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.leaseTransitions };
}
