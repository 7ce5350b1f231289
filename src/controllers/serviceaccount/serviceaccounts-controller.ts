/**
 * The ServiceAccounts controller (model: upstream pkg/controller/serviceaccount/
 * serviceaccounts_controller.go): every Active namespace has a `default` ServiceAccount; it is
 * created when a namespace appears (or is re-listed) and recreated when deleted. Terminating
 * namespaces are skipped. Upstream records no events here.
 *
 * Keys are namespace names; sync reads both listers and creates what is missing.
 */
import type { SharedInformer } from '../../client/cache/index.js';
import { DeletedFinalStateUnknown } from '../../client/cache/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { StatusError } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext } from '../shared/controller.js';
import { NAMESPACES, SERVICEACCOUNTS } from '../shared/resources.js';
import { runQueue } from '../shared/run-queue.js';

export const SERVICEACCOUNT_CONTROLLER_NAME = 'serviceaccount-controller';
/** The ServiceAccounts every namespace gets (upstream's default ServiceAccountsControllerOptions). */
export const SERVICE_ACCOUNTS_TO_ENSURE = ['default'];

type Namespace = KubeObjectLike & { status?: { phase?: string } };

export class ServiceAccountsController implements Controller {
  private readonly queue: RateLimitingQueue<string>;
  private readonly namespaces: SharedInformer<Namespace>;
  private readonly serviceAccounts: SharedInformer<KubeObjectLike>;
  private readonly client: ResourceClient<KubeObjectLike>;
  private readonly logger: Logger;

  constructor(context: ControllerContext) {
    this.logger = context.logger;
    this.queue = new RateLimitingQueue<string>({ clock: context.clock });
    this.client = context.client.resource(SERVICEACCOUNTS);
    this.serviceAccounts = context.informer(SERVICEACCOUNTS);
    this.namespaces = context.informer<Namespace>(NAMESPACES);
    this.serviceAccounts.addEventHandler({
      onDelete: (obj) => {
        const sa = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
        if (sa.metadata.namespace) this.queue.add(sa.metadata.namespace);
      },
    });
    this.namespaces.addEventHandler({
      onAdd: (ns) => this.enqueueNamespace(ns),
      onUpdate: (_old, ns) => this.enqueueNamespace(ns),
    });
  }

  private enqueueNamespace(ns: Namespace): void {
    if (ns.metadata.name) this.queue.add(ns.metadata.name);
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    return runQueue({ queue: this.queue, waitFor: [this.namespaces, this.serviceAccounts], workers, sync: (key) => this.syncNamespace(key), logger: this.logger }, signal);
  }

  async syncNamespace(name: string): Promise<void> {
    const ns = this.namespaces.indexer.getByKey(name);
    // If the namespace is not active, nothing may be created in it.
    if (!ns || ns.status?.phase !== 'Active') return;
    const failures: string[] = [];
    for (const saName of SERVICE_ACCOUNTS_TO_ENSURE) {
      if (this.serviceAccounts.indexer.getByKey(`${name}/${saName}`)) continue;
      try {
        await this.client.namespace(name).create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: saName, namespace: name } });
      } catch (err) {
        if (err instanceof StatusError && (err.reason === 'AlreadyExists' || isNamespaceTerminating(err))) continue;
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
    if (failures.length > 0) throw new Error(failures.join(', '));
  }
}

/** apierrors.HasStatusCause(err, NamespaceTerminatingCause). */
function isNamespaceTerminating(err: StatusError): boolean {
  return err.details?.causes?.some((c) => c.reason === 'NamespaceTerminating') ?? false;
}
