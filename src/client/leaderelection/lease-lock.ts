/**
 * The Lease resource lock (model: client-go resourcelock.LeaseLock): reads and writes one
 * coordination.k8s.io/v1 Lease, remembering the resourceVersion it last saw so that updates are
 * conditional (a concurrent write answers 409 Conflict).
 */
import { StatusError } from '../../util/errors.js';
import type { RestClient, ResourceClient } from '../rest/index.js';
import { leaseSpecFromRecord, recordFromLease, type Lease, type LeaderElectionRecord } from './lease-record.js';

export const LEASES = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true };

/** What the elector needs from a lock; `get` answers undefined when the lock does not exist. */
export interface ResourceLock {
  get(signal?: AbortSignal): Promise<LeaderElectionRecord | undefined>;
  create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void>;
  /** Conditional on the last `get`/`create`/`update`; rejects with a 409 StatusError when stale. */
  update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void>;
  describe(): string;
}

export class LeaseLock implements ResourceLock {
  private readonly leases: ResourceClient<Lease>;
  private last: Lease | undefined;

  constructor(client: RestClient, readonly namespace: string, readonly name: string) {
    this.leases = client.resource<Lease>(LEASES).namespace(namespace);
  }

  async get(signal?: AbortSignal): Promise<LeaderElectionRecord | undefined> {
    try {
      this.last = await this.leases.get(this.name, { signal });
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) {
        this.last = undefined;
        return undefined;
      }
      throw err;
    }
    return recordFromLease(this.last);
  }

  async create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    this.last = await this.leases.create(
      { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace }, spec: leaseSpecFromRecord(record) },
      { signal },
    );
  }

  async update(record: LeaderElectionRecord, signal?: AbortSignal): Promise<void> {
    if (!this.last) throw new Error(`lease ${this.describe()} not read before update`);
    this.last = await this.leases.update({ ...this.last, spec: leaseSpecFromRecord(record) }, { signal });
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }
}
