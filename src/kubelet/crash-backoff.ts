/**
 * Crash-loop back-off per container (model: k8s.io/client-go/util/flowcontrol Backoff as the
 * kubelet uses it in kuberuntime_manager doBackOff): the first restart after an exit is
 * immediate; each further one waits twice as long (10 s, 20 s, … up to 5 min), measured from
 * the container's finish time. An entry untouched for twice the maximum (10 min) has expired,
 * so a container that ran that long starts over at 10 s.
 */
import type { Clock } from '../client/flowcontrol/clock.js';

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class CrashBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs = INITIAL_BACKOFF_MS,
    private readonly maxMs = MAX_BACKOFF_MS,
  ) {}

  /** Milliseconds still to wait before `key` may restart after finishing at `finishedAt`; 0 = may restart now. */
  remaining(key: string, finishedAt: number): number {
    const entry = this.entries.get(key);
    if (entry === undefined || this.expired(entry, finishedAt)) return 0;
    return Math.max(0, entry.backoffMs - (this.clock.now() - finishedAt));
  }

  /** Records a restart (now) of `key` whose previous run finished at `finishedAt`; returns the back-off now in force. */
  next(key: string, finishedAt: number): number {
    const entry = this.entries.get(key);
    const backoffMs = entry === undefined || this.expired(entry, finishedAt) ? this.initialMs : Math.min(entry.backoffMs * 2, this.maxMs);
    this.entries.set(key, { backoffMs, lastUpdate: this.clock.now() });
    return backoffMs;
  }

  /** The back-off currently recorded for `key` (0 when none). */
  current(key: string): number {
    return this.entries.get(key)?.backoffMs ?? 0;
  }

  /** Forgets every key starting with `prefix` (a pod that went away). */
  forgetPrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** The run that finished at `eventTime` started more than twice the maximum after the last restart: stable. */
  private expired(entry: Entry, eventTime: number): boolean {
    return eventTime - entry.lastUpdate > this.maxMs * 2;
  }
}
