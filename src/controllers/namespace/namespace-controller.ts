/**
 * The namespace controller (model: upstream pkg/controller/namespace/namespace_controller.go):
 * for each namespace with a deletionTimestamp, the NamespacedResourcesDeleter removes its content
 * and then the `kubernetes` finalizer, so the API server deletes the namespace.
 *
 * Contracts: namespaces are enqueued NAMESPACE_DELETION_GRACE_MS after an add/update shows a
 * deletionTimestamp (as upstream, so that every API server has seen the namespace Terminating
 * and refuses new content before the controller lists it); content still going away requeues
 * after estimate/2 + 1 s; other failures requeue with the queue's backoff.
 */
import type { SharedInformer } from '../../client/cache/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext } from '../shared/controller.js';
import { NAMESPACES } from '../shared/resources.js';
import { runRequeueWorkers } from '../shared/requeue-workers.js';
import { NamespacedResourcesDeleter, ResourcesRemainingError, type Namespace } from './deleter.js';

export const NAMESPACE_CONTROLLER_NAME = 'namespace-controller';
/** upstream namespaceDeletionGracePeriod. */
export const NAMESPACE_DELETION_GRACE_MS = 5_000;

export class NamespaceController implements Controller {
  private readonly queue: RateLimitingQueue<string>;
  private readonly informer: SharedInformer<Namespace>;
  private readonly deleter: NamespacedResourcesDeleter;
  private readonly logger: Logger;

  constructor(context: ControllerContext) {
    this.logger = context.logger;
    this.queue = new RateLimitingQueue<string>({ clock: context.clock });
    this.deleter = new NamespacedResourcesDeleter(context.client, context.clock, context.logger);
    this.informer = context.informer<Namespace>(NAMESPACES);
    this.informer.addEventHandler({
      onAdd: (ns) => this.enqueue(ns),
      onUpdate: (_old, ns) => this.enqueue(ns),
    });
  }

  private enqueue(ns: Namespace): void {
    if (ns.metadata.deletionTimestamp === undefined || !ns.metadata.name) return;
    this.queue.addAfter(ns.metadata.name, NAMESPACE_DELETION_GRACE_MS);
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const shutDown = () => this.queue.shutDown();
    signal.addEventListener('abort', shutDown, { once: true });
    try {
      await this.informer.waitForSync(signal);
    } catch {
      return;
    } finally {
      signal.removeEventListener('abort', shutDown);
    }
    await runRequeueWorkers(this.queue, workers, (name) => this.sync(name), signal, this.logger);
  }

  /** One pass over a namespace: 'forget' when done, a requeue after the estimate when content remains. */
  private async sync(name: string): Promise<'forget' | 'requeue'> {
    if (!this.informer.indexer.getByKey(name)) return 'forget';
    try {
      await this.deleter.delete(name);
      return 'forget';
    } catch (err) {
      if (err instanceof ResourcesRemainingError) {
        const seconds = Math.floor(err.estimate / 2) + 1;
        this.logger.debug({ namespace: name, estimate: err.estimate }, 'content remaining in namespace; requeuing');
        this.queue.addAfter(name, seconds * 1000);
        return 'forget';
      }
      this.logger.warn({ namespace: name, err: errorMessage(err) }, 'deletion of namespace failed');
      return 'requeue';
    }
  }
}
