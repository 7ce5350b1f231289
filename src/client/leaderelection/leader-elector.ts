/**
 * LeaderElector (model: client-go tools/leaderelection): a candidate that acquires a lock,
 * renews it every retryPeriod while leading, and gives up leadership when renewals keep failing
 * for renewDeadline. `run(signal)` resolves once the candidate has stopped: after `signal` aborts,
 * or after it lost leadership (like upstream, it does not campaign again; run it anew to).
 */
import { realClock, type Clock } from '../flowcontrol/clock.js';
import { StatusError } from '../../util/errors.js';
import { decide, releaseRecord } from './decide.js';
import type { LeaderElectionRecord } from './lease-record.js';
import type { ResourceLock } from './lease-lock.js';

export interface LeaderCallbacks {
  /** Called on becoming leader; `signal` aborts when leadership ends. */
  onStartedLeading?(signal: AbortSignal): void;
  /** Called once when a candidate that led stops leading (lost, stopped or released). */
  onStoppedLeading?(): void;
  /** Called when the observed holder changes to a new non-empty identity (possibly our own). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectorOptions {
  lock: ResourceLock;
  identity: string;
  /** How long a lease lasts without renewal; default 15 s. Whole seconds on the wire. */
  leaseDurationMs?: number;
  /** How long the leader keeps retrying renewals before giving up; default 10 s. */
  renewDeadlineMs?: number;
  /** Pause between attempts; default 2 s (jittered up to +20% while not leading). */
  retryPeriodMs?: number;
  /** On stop, clear holderIdentity so another candidate can take over at once. */
  releaseOnCancel?: boolean;
  callbacks?: LeaderCallbacks;
  clock?: Clock;
  /** Receives failed attempts (network errors, unexpected statuses). */
  onError?(err: unknown): void;
}

const JITTER_FACTOR = 1.2;

export class LeaderElector {
  readonly identity: string;
  private readonly lock: ResourceLock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private observed: LeaderElectionRecord | undefined;
  private reportedLeader = '';
  private leading = false;

  constructor(private readonly options: LeaderElectorOptions) {
    this.identity = options.identity;
    this.lock = options.lock;
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    this.clock = options.clock ?? realClock;
    validateOptions(this.identity, this.leaseDurationMs, this.renewDeadlineMs, this.retryPeriodMs);
  }

  /** Whether this candidate currently holds leadership. */
  isLeader(): boolean {
    return this.leading;
  }

  /** The holder last observed in the lock ('' when none). */
  getLeader(): string {
    return this.observed?.holderIdentity ?? '';
  }

  async run(signal?: AbortSignal): Promise<void> {
    const stop = signal ?? new AbortController().signal;
    if (!(await this.acquire(stop))) return;
    const leadership = new AbortController();
    this.leading = true;
    this.options.callbacks?.onStartedLeading?.(leadership.signal);
    try {
      await this.renew(stop);
    } finally {
      this.leading = false;
      leadership.abort();
      if (stop.aborted && this.options.releaseOnCancel) await this.release();
      this.options.callbacks?.onStoppedLeading?.();
    }
  }

  /** Tries every retryPeriod (jittered) until the lock is ours; false when stopped first. */
  private async acquire(stop: AbortSignal): Promise<boolean> {
    while (!stop.aborted) {
      if (await this.tryAcquireOrRenew(stop)) return true;
      await this.sleep(this.retryPeriodMs * (1 + Math.random() * (JITTER_FACTOR - 1)), stop);
    }
    return false;
  }

  /** Renews every retryPeriod; returns when stopped or when renewals failed for renewDeadline. */
  private async renew(stop: AbortSignal): Promise<void> {
    let lastRenew = this.clock.now();
    while (!stop.aborted) {
      await this.sleep(this.retryPeriodMs, stop);
      if (stop.aborted) return;
      const remaining = lastRenew + this.renewDeadlineMs - this.clock.now();
      if (remaining > 0 && (await this.tryAcquireOrRenew(stop, remaining))) {
        lastRenew = this.clock.now();
        continue;
      }
      if (this.clock.now() - lastRenew >= this.renewDeadlineMs) {
        this.options.onError?.(new Error(`failed to renew lease ${this.lock.describe()}: timed out`));
        return;
      }
    }
  }

  /**
   * One attempt: read the lock, decide, write. A 409 means someone else wrote first, so the lock
   * is read again once before giving up on this attempt. `timeoutMs` bounds the attempt.
   */
  private async tryAcquireOrRenew(stop: AbortSignal, timeoutMs?: number): Promise<boolean> {
    const attempt = new AbortController();
    const onStop = (): void => attempt.abort();
    stop.addEventListener('abort', onStop, { once: true });
    const timer = timeoutMs === undefined ? undefined : this.clock.setTimer(timeoutMs, onStop);
    try {
      for (let tries = 0; tries < 2; tries++) {
        const current = await this.lock.get(attempt.signal);
        this.observe(current);
        const decision = decide(current, this.identity, this.clock.now(), Math.ceil(this.leaseDurationMs / 1000));
        if (decision.action === 'wait') return false;
        try {
          if (decision.action === 'create') await this.lock.create(decision.record, attempt.signal);
          else await this.lock.update(decision.record, attempt.signal);
        } catch (err) {
          if (err instanceof StatusError && err.code === 409) continue;
          throw err;
        }
        this.observe(decision.record);
        return true;
      }
      return false;
    } catch (err) {
      if (!attempt.signal.aborted) this.options.onError?.(err);
      return false;
    } finally {
      timer?.cancel();
      stop.removeEventListener('abort', onStop);
    }
  }

  /** Gives the lock up if we still hold it; best effort, bounded by renewDeadline. */
  private async release(): Promise<void> {
    const attempt = new AbortController();
    const timer = this.clock.setTimer(this.renewDeadlineMs, () => attempt.abort());
    try {
      const current = await this.lock.get(attempt.signal);
      if (!current || current.holderIdentity !== this.identity) return;
      const record = releaseRecord(current, this.clock.now());
      await this.lock.update(record, attempt.signal);
      this.observe(record);
    } catch (err) {
      this.options.onError?.(err);
    } finally {
      timer.cancel();
    }
  }

  private observe(record: LeaderElectionRecord | undefined): void {
    this.observed = record;
    const holder = record?.holderIdentity ?? '';
    if (holder !== '' && holder !== this.reportedLeader) {
      this.reportedLeader = holder;
      this.options.callbacks?.onNewLeader?.(holder);
    }
  }

  private sleep(ms: number, stop: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (stop.aborted) return resolve();
      const done = (): void => {
        timer.cancel();
        stop.removeEventListener('abort', done);
        resolve();
      };
      const timer = this.clock.setTimer(ms, done);
      stop.addEventListener('abort', done, { once: true });
    });
  }
}

/** Upstream's NewLeaderElector checks. */
export function validateOptions(identity: string, leaseDurationMs: number, renewDeadlineMs: number, retryPeriodMs: number): void {
  if (!identity) throw new Error('Lock identity is empty');
  if (leaseDurationMs <= renewDeadlineMs) throw new Error('leaseDuration must be greater than renewDeadline');
  if (renewDeadlineMs <= JITTER_FACTOR * retryPeriodMs) throw new Error('renewDeadline must be greater than retryPeriod*JitterFactor');
  if (leaseDurationMs < 1000) throw new Error('leaseDuration must be at least one second');
  if (retryPeriodMs < 1) throw new Error('retryPeriod must be greater than zero');
}
