/**
 * Keeps a node's heartbeat Lease renewed (model: component-helpers/apimachinery/lease
 * controller, as the kubelet runs it).
 *
 * Each `sync()`:
 * 1. with a lease from the last sync, update it with a fresh renewTime (up to 5 tries); done
 *    unless that fails (a Conflict or NotFound gives up at once);
 * 2. otherwise "ensure" the lease: get it, or create it when it does not exist (recreated after
 *    a delete), retrying with backoff 200 ms doubling to 7 s while the API fails;
 * 3. a lease that was got (not created) is then updated as in 1.
 * The owner reference to the Node is added whenever the lease lacks one and the Node exists.
 * `run(signal)` syncs now and then every renew interval (plus up to 4% jitter) after each sync
 * ends, until `signal` aborts. Syncs never overlap.
 */
import { clockSleep, realClock, type Clock } from '../../client/flowcontrol/clock.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { Backoff } from '../../util/backoff.js';
import type { Logger } from '../../util/logging.js';
import { NODE_LEASE_RENEW_INTERVAL_MS, renewedLease } from './lease-object.js';
import { hasReason, type Node, type NodeLease } from './types.js';

const MAX_UPDATE_RETRIES = 5;

export interface LeaseControllerOptions {
  nodeName: string;
  /** Leases in kube-node-lease. */
  leases: ResourceClient<NodeLease>;
  nodes: ResourceClient<Node>;
  logger: Logger;
  clock?: Clock;
  renewIntervalMs?: number;
}

export class NodeLeaseController {
  private latest: NodeLease | undefined;
  private nodeUID: string | undefined;
  private readonly clock: Clock;

  constructor(private readonly options: LeaseControllerOptions) {
    this.clock = options.clock ?? realClock;
  }

  /** The lease as last written or read (undefined before the first successful sync). */
  get latestLease(): NodeLease | undefined {
    return this.latest;
  }

  async run(signal: AbortSignal): Promise<void> {
    const interval = this.options.renewIntervalMs ?? NODE_LEASE_RENEW_INTERVAL_MS;
    while (!signal.aborted) {
      try {
        await this.sync(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.options.logger.warn({ err }, 'failed to renew the node lease; retrying at the next interval');
      }
      await this.wait(interval * (1 + Math.random() * 0.04), signal).catch(() => undefined);
    }
  }

  /** One renewal (see the numbered steps above); rejects only when `signal` aborts. */
  async sync(signal?: AbortSignal): Promise<void> {
    if (this.latest) {
      try {
        await this.retryUpdate(this.latest, signal);
        return;
      } catch (err) {
        if (signal?.aborted) throw err;
        this.options.logger.info({ err: String(err) }, 'failed to update lease using latest lease, fallback to ensure lease');
      }
    }
    const { lease, created } = await this.backoffEnsure(signal);
    this.latest = lease;
    if (!created) {
      try {
        await this.retryUpdate(lease, signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        this.options.logger.warn({ err: String(err) }, 'failed to update the node lease; will retry');
      }
    }
  }

  private async backoffEnsure(signal?: AbortSignal): Promise<{ lease: NodeLease; created: boolean }> {
    const backoff = new Backoff({ initialMs: 200, maxMs: 7000, jitter: 0 });
    for (;;) {
      try {
        return await this.ensure(signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        const delay = backoff.nextDelay();
        this.options.logger.warn({ err: String(err), retryInMs: delay }, 'failed to ensure lease exists, will retry');
        await this.wait(delay, signal);
      }
    }
  }

  private async ensure(signal?: AbortSignal): Promise<{ lease: NodeLease; created: boolean }> {
    try {
      return { lease: await this.options.leases.get(this.options.nodeName, { signal }), created: false };
    } catch (err) {
      if (!hasReason(err, 'NotFound')) throw err;
    }
    const lease = await this.options.leases.create(await this.newLease(undefined, signal), { signal });
    return { lease, created: true };
  }

  private async retryUpdate(base: NodeLease, signal?: AbortSignal): Promise<void> {
    let last: unknown;
    for (let i = 0; i < MAX_UPDATE_RETRIES; i++) {
      try {
        this.latest = await this.options.leases.update(await this.newLease(base, signal), { signal });
        return;
      } catch (err) {
        if (signal?.aborted) throw err;
        last = err;
        if (hasReason(err, 'Conflict') || hasReason(err, 'NotFound')) throw err;
      }
    }
    throw new Error(`failed ${MAX_UPDATE_RETRIES} attempts to update lease: ${String(last)}`);
  }

  private async newLease(base: NodeLease | undefined, signal?: AbortSignal): Promise<NodeLease> {
    const hasOwner = ((base?.metadata['ownerReferences'] as unknown[] | undefined) ?? []).length > 0;
    if (!hasOwner && !this.nodeUID) {
      try {
        this.nodeUID = (await this.options.nodes.get(this.options.nodeName, { signal })).metadata.uid;
      } catch (err) {
        if (signal?.aborted) throw err;
        this.options.logger.info({ err: String(err) }, 'failed to get node when trying to set owner ref to the node lease');
      }
    }
    return renewedLease(base, this.options.nodeName, this.nodeUID, this.clock.now());
  }

  private wait(ms: number, signal?: AbortSignal): Promise<void> {
    return clockSleep(this.clock, ms, signal);
  }
}
