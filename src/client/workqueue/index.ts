/** The work queue controllers feed from informers: see queue.ts for the semantics. */
export { realClock, FakeClock, type Clock, type TimerHandle } from '../flowcontrol/clock.js';
export { WorkQueue } from './queue.js';
export { DelayingQueue } from './delaying-queue.js';
export {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
  type RateLimiter,
} from './rate-limiter.js';
export { RateLimitingQueue, type RateLimitingQueueOptions } from './rate-limiting-queue.js';
export { runWorkers, type RunWorkersOptions } from './workers.js';
