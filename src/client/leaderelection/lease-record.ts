/**
 * The leader election record and its mapping onto a coordination.k8s.io/v1 Lease spec (model:
 * client-go tools/leaderelection/resourcelock LeaderElectionRecord and LeaseSpecToLeaderElectionRecord).
 */
import type { KubeObjectLike } from '../object.js';

/** What a candidate reads from and writes to the lock. Times are milliseconds since the epoch. */
export interface LeaderElectionRecord {
  /** '' when nobody holds the lock (e.g. after a release). */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: number;
  renewTime: number;
  leaseTransitions: number;
}

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObjectLike {
  spec?: LeaseSpec;
}

/** metav1.MicroTime's wire form: RFC 3339 in UTC with exactly six fractional digits. */
export function formatMicroTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2006-01-02T15:04:05.000Z
  return `${iso.slice(0, -1)}000Z`;
}

/** Parses a MicroTime (or any RFC 3339 time); undefined when absent or malformed. */
export function parseMicroTime(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The record a Lease spec describes; missing fields read as zero values, as upstream's do. */
export function recordFromLease(lease: Lease): LeaderElectionRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: parseMicroTime(spec.acquireTime) ?? 0,
    renewTime: parseMicroTime(spec.renewTime) ?? 0,
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}

/** The Lease spec upstream writes for a record (every field set, times as MicroTime). */
export function leaseSpecFromRecord(record: LeaderElectionRecord): LeaseSpec {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: formatMicroTime(record.acquireTime),
    renewTime: formatMicroTime(record.renewTime),
    leaseTransitions: record.leaseTransitions,
  };
}
