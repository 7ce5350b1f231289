/**
 * When a finished Job expires (model: ttlafterfinished_controller.go needsCleanup, timeLeft and
 * jobFinishTime), pure.
 */
import type { KubeObjectLike } from '../../client/object.js';

export interface JobObject extends KubeObjectLike {
  spec?: { ttlSecondsAfterFinished?: number; [field: string]: unknown };
  status?: { conditions?: { type: string; status: string; lastTransitionTime?: string }[]; [field: string]: unknown };
}

/** Complete or Failed condition True (jobutil.IsJobFinished). */
export function finishedCondition(job: JobObject): { type: string; lastTransitionTime?: string } | undefined {
  return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** The Job has a TTL and has finished. */
export function needsCleanup(job: JobObject): boolean {
  return job.spec?.ttlSecondsAfterFinished !== undefined && job.spec.ttlSecondsAfterFinished !== null && finishedCondition(job) !== undefined;
}

export type TTLState =
  /** Not finished, no TTL, or being deleted: nothing to do. */
  | { kind: 'ignore' }
  /** Finished but its finish time cannot be read: an error to retry with backoff. */
  | { kind: 'error'; message: string }
  /** Expires in `remainingMs` (requeue then). */
  | { kind: 'wait'; remainingMs: number; expireAt: number }
  | { kind: 'expired'; expireAt: number };

/** Where `job` stands at `now` (ms). */
export function ttlState(job: JobObject, now: number): TTLState {
  if (job.metadata.deletionTimestamp || !needsCleanup(job)) return { kind: 'ignore' };
  const finished = finishedCondition(job)!;
  const finishAt = Date.parse(finished.lastTransitionTime ?? '');
  if (Number.isNaN(finishAt)) return { kind: 'error', message: `unable to find the time when the Job ${job.metadata.namespace ?? ''}/${job.metadata.name ?? ''} finished` };
  const expireAt = finishAt + job.spec!.ttlSecondsAfterFinished! * 1000;
  const remainingMs = expireAt - now;
  return remainingMs <= 0 ? { kind: 'expired', expireAt } : { kind: 'wait', remainingMs, expireAt };
}
