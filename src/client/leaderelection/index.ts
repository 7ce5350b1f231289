export { LeaderElector, validateOptions, type LeaderCallbacks, type LeaderElectorOptions } from './leader-elector.js';
export { LeaseLock, LEASES, type ResourceLock } from './lease-lock.js';
export { decide, expiresAt, isHeld, releaseRecord, type Decision } from './decide.js';
export {
  formatMicroTime,
  parseMicroTime,
  leaseSpecFromRecord,
  recordFromLease,
  type Lease,
  type LeaseSpec,
  type LeaderElectionRecord,
} from './lease-record.js';
export { runWhileLeader, type LeaderLease } from './run-while-leader.js';
