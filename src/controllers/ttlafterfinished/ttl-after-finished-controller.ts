/**
 * The TTL-after-finished controller (model: pkg/controller/ttlafterfinished, v1.32): deletes a
 * finished Job (Complete or Failed condition True) ttlSecondsAfterFinished after that
 * condition's lastTransitionTime, with propagationPolicy Foreground so its pods go first.
 *
 * sync(key):
 * 1. from the cache: nothing to do unless the Job needs cleanup; not expired yet → requeue at
 *    the expiry time;
 * 2. expired: GET the Job fresh and decide again on it (the TTL may have changed);
 * 3. delete it with Foreground propagation and its uid as precondition.
 */
import { keyFor, splitKey, type SharedInformer } from '../../client/cache/index.js';
import type { Clock } from '../../client/flowcontrol/clock.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { isNotFound } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext } from '../shared/controller.js';
import { JOBS } from '../shared/resources.js';
import { runQueue } from '../shared/run-queue.js';
import { needsCleanup, ttlState, type JobObject } from './ttl.js';

export const TTL_AFTER_FINISHED_CONTROLLER = 'ttl-after-finished-controller';

export class TTLAfterFinishedController implements Controller {
  private readonly informer: SharedInformer<JobObject>;
  private readonly jobsApi: ResourceClient<JobObject>;
  private readonly queue: RateLimitingQueue<string>;
  private readonly logger: Logger;
  private readonly clock: Clock;

  constructor(context: ControllerContext) {
    this.clock = context.clock;
    this.logger = context.logger;
    this.jobsApi = context.client.resource<JobObject>(JOBS);
    this.queue = new RateLimitingQueue<string>({ clock: this.clock });
    this.informer = context.informer<JobObject>(JOBS);
    const enqueue = (job: JobObject): void => {
      if (!job.metadata.deletionTimestamp && needsCleanup(job)) this.queue.add(keyFor(job.metadata.namespace, job.metadata.name ?? ''));
    };
    this.informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, job) => enqueue(job) });
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    return runQueue({ queue: this.queue, waitFor: [this.informer], workers, sync: (key) => this.sync(key), logger: this.logger }, signal);
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const cached = this.informer.lister.get(namespace, name);
    if (!cached || !this.expired(key, cached)) return;
    let fresh: JobObject;
    try {
      fresh = await this.jobsApi.namespace(namespace).get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!this.expired(key, fresh)) return;
    this.logger.info({ job: key }, 'Cleaning up Job');
    try {
      await this.jobsApi.namespace(namespace).delete(name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Whether `job` expired; requeues it at its expiry when not yet (throws when its finish time is unreadable). */
  private expired(key: string, job: JobObject): boolean {
    const state = ttlState(job, this.clock.now());
    switch (state.kind) {
      case 'ignore':
        return false;
      case 'error':
        throw new Error(state.message);
      case 'wait':
        this.queue.addAfter(key, state.remainingMs);
        return false;
      case 'expired':
        return true;
    }
  }
}
