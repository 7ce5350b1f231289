/**
 * What every controller of the controller manager is and gets (model: kube-controller-manager's
 * ControllerContext and its InitFunc table).
 *
 * Contracts:
 * - a controller's constructor only wires informer handlers (informers come from
 *   `context.informers`, shared by all controllers; the manager starts them after every
 *   controller was constructed);
 * - `run(workers, signal)` waits for the informers it uses to sync, runs its workers until
 *   `signal` aborts, and resolves once every worker has stopped (a sync in flight finishes);
 * - controllers write only through `context.client` and never mutate objects from a cache.
 */
import type { SharedInformer } from '../../client/cache/index.js';
import type { SharedInformerFactory } from '../../client/cache/index.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { Clock } from '../../client/flowcontrol/clock.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { ResourceRef, RestClient } from '../../client/rest/index.js';
import type { Logger } from '../../util/logging.js';

export interface ControllerContext {
  client: RestClient;
  /** The informer of `ref`, shared by every controller (one list+watch per resource). */
  informer<T extends KubeObjectLike>(ref: ResourceRef): SharedInformer<T>;
  /** The shared factory behind `informer` (for controllers that discover resources at run time). */
  informers: SharedInformerFactory;
  /** An event recorder whose events name `component` as their source (e.g. replicaset-controller). */
  recorder(component: string): EventRecorder;
  logger: Logger;
  clock: Clock;
}

export interface Controller {
  run(workers: number, signal: AbortSignal): Promise<void>;
}

/** One entry of the controller table: upstream's controller name, worker count and constructor. */
export interface ControllerDescriptor {
  /** As kube-controller-manager's --controllers names it, e.g. `replicaset-controller`. */
  name: string;
  /** Concurrent syncs (upstream's --concurrent-*-syncs defaults). */
  workers: number;
  create(context: ControllerContext): Controller;
}
