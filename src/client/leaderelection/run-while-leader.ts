/**
 * Runs a component only while this process holds a Lease, the way kube-scheduler and
 * kube-controller-manager run behind `--leader-elect` (upstream exits on lost leadership and is
 * restarted; here the candidate campaigns again in-process instead).
 *
 * Contracts:
 * - `lead(leading)` is called each time leadership is acquired; `leading` aborts when it is lost
 *   or when `signal` aborts; the next campaign starts only after `lead`'s promise settled, so two
 *   copies of the component never run at once in this process;
 * - on abort of `signal` the lease is released (holder cleared), so a restarted server takes over
 *   at once instead of waiting for the lease to expire;
 * - resolves once `signal` aborted and the last `lead` settled; errors of `lead` are logged.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Clock } from '../flowcontrol/clock.js';
import type { RestClient } from '../rest/index.js';
import { LeaderElector } from './leader-elector.js';
import { LeaseLock } from './lease-lock.js';

export interface LeaderLease {
  client: RestClient;
  namespace: string;
  name: string;
  logger: Logger;
  /** Default: `<hostname>_<uuid>`, as upstream. */
  identity?: string;
  clock?: Clock;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export async function runWhileLeader(lease: LeaderLease, lead: (leading: AbortSignal) => Promise<void>, signal: AbortSignal): Promise<void> {
  const identity = lease.identity ?? `${hostname()}_${randomUUID()}`;
  const where = `${lease.namespace}/${lease.name}`;
  while (!signal.aborted) {
    let running: Promise<void> | undefined;
    const elector = new LeaderElector({
      lock: new LeaseLock(lease.client, lease.namespace, lease.name),
      identity,
      clock: lease.clock,
      leaseDurationMs: lease.leaseDurationMs,
      renewDeadlineMs: lease.renewDeadlineMs,
      retryPeriodMs: lease.retryPeriodMs,
      releaseOnCancel: true,
      onError: (err) => lease.logger.warn({ lease: where, err: errorMessage(err) }, 'leader election attempt failed'),
      callbacks: {
        onStartedLeading: (leading) => {
          lease.logger.info({ lease: where, identity }, 'became leader');
          running = lead(leading).catch((err: unknown) => lease.logger.error({ lease: where, err: errorMessage(err) }, 'failed while leading'));
        },
        onStoppedLeading: () => {
          if (!signal.aborted) lease.logger.warn({ lease: where, identity }, 'leadership lost; campaigning again');
        },
      },
    });
    await elector.run(signal);
    await running;
  }
}
