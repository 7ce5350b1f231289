/**
 * The endpoints controller (model: pkg/controller/endpoint/endpoints_controller.go, v1.32): keeps
 * the Endpoints object of every Service with a selector equal to the pods it selects.
 *
 * Shape: service, pod and endpoints informers feed service keys (`namespace/name`) into one
 * queue; `sync(key)` reads listers, computes subsets with `desiredSubsets` and the write with
 * `endpointsWrite`, then creates or updates through the client. A deleted service's Endpoints are
 * deleted here (as upstream). Services without a selector, and ExternalName services, are left
 * alone: their Endpoints belong to the user. Once caches sync, every existing Endpoints object is
 * queued once so that Endpoints left behind by services deleted while no controller ran go away.
 */
import type { SharedInformer } from '../../client/cache/index.js';
import { splitKey } from '../../client/cache/index.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { RestClient } from '../../client/rest/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { errorMessage, isNotFound } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext, ControllerDescriptor } from '../shared/controller.js';
import { isNamespaceTerminating } from '../shared/endpoints/errors.js';
import { deletedKey, listPods, podHandlers, serviceHandlers } from '../shared/endpoints/pod-handlers.js';
import { TriggerTimeTracker } from '../shared/endpoints/trigger-time.js';
import type { EndpointsLike, PodLike, ServiceLike } from '../shared/endpoints/types.js';
import { ENDPOINTS, PODS, SERVICES } from '../shared/resources.js';
import { runQueue } from '../shared/run-queue.js';
import { desiredSubsets } from './desired-subsets.js';
import { endpointsWrite } from './endpoints-object.js';

export const ENDPOINTS_CONTROLLER_NAME = 'endpoints-controller';
/** Endpoints carrying this annotation are leader-election records, never owned by a service. */
const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export class EndpointsController implements Controller {
  private readonly queue: RateLimitingQueue<string>;
  private readonly services: SharedInformer<ServiceLike>;
  private readonly pods: SharedInformer<PodLike>;
  private readonly endpoints: SharedInformer<EndpointsLike>;
  private readonly client: RestClient;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly triggerTimes = new TriggerTimeTracker();
  /** Resource versions our own updates replaced: a cache still showing one is stale (retry later). */
  private readonly staleVersions = new Map<string, string>();

  constructor(context: ControllerContext) {
    this.client = context.client;
    this.logger = context.logger;
    this.recorder = context.recorder('endpoint-controller');
    this.queue = new RateLimitingQueue<string>({ clock: context.clock });
    this.services = context.informer<ServiceLike>(SERVICES);
    this.pods = context.informer<PodLike>(PODS);
    this.endpoints = context.informer<EndpointsLike>(ENDPOINTS);
    const enqueue = (key: string) => this.queue.add(key);
    this.services.addEventHandler(serviceHandlers(enqueue));
    this.pods.addEventHandler(podHandlers(this.services.lister, enqueue));
    this.endpoints.addEventHandler({ onDelete: (ep) => enqueue(deletedKey(ep)) });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const waitFor = [this.services, this.pods, this.endpoints] as unknown as SharedInformer<KubeObjectLike>[];
    const leftovers = Promise.all(waitFor.map((i) => i.waitForSync(signal)))
      .then(() => this.checkLeftoverEndpoints())
      .catch(() => undefined);
    await runQueue({ queue: this.queue, waitFor, workers, sync: (key) => this.sync(key), logger: this.logger }, signal);
    await leftovers;
  }

  /** Queues the service of every Endpoints object once, so orphaned ones get deleted. */
  private checkLeftoverEndpoints(): void {
    for (const ep of this.endpoints.lister.list()) {
      if (ep.metadata.annotations?.[LEADER_ELECTION_ANNOTATION] !== undefined) continue;
      this.queue.add(deletedKey(ep));
    }
  }

  /** Steps: 1. service gone → delete its Endpoints; 2. skip services we do not manage; 3. compute; 4. write if changed. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const service = this.services.lister.get(namespace, name);
    const endpointsClient = this.client.resource<EndpointsLike>(ENDPOINTS).namespace(namespace);
    if (!service) {
      try {
        await endpointsClient.delete(name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.triggerTimes.deleteService(namespace, name);
      this.staleVersions.delete(key);
      return;
    }
    if (service.spec?.type === 'ExternalName') return;
    const selector = service.spec?.selector;
    if (selector === undefined || selector === null) return;

    const pods = listPods(this.pods.lister, namespace, selector);
    const triggerTime = this.triggerTimes.compute(namespace, service, pods);
    const { subsets } = desiredSubsets(service, pods);
    const current = this.endpoints.lister.get(namespace, name);
    if (current && this.staleVersions.get(key) === current.metadata.resourceVersion) {
      throw new Error(`endpoints informer cache is out of date, resource version ${current.metadata.resourceVersion ?? ''} already processed for endpoints ${key}`);
    }
    const write = endpointsWrite(service, current, subsets, triggerTime);
    if (write.action === 'none') return;
    try {
      if (write.action === 'create') {
        await endpointsClient.create(write.endpoints);
      } else {
        const updated = await endpointsClient.update(write.endpoints);
        if (current && updated.metadata.resourceVersion !== current.metadata.resourceVersion) this.staleVersions.set(key, current.metadata.resourceVersion ?? '');
      }
    } catch (err) {
      if (write.action === 'create' && isNamespaceTerminating(err)) return;
      if (write.action === 'create') {
        this.recorder.event(write.endpoints, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${namespace}/${name}: ${errorMessage(err)}`);
      } else {
        this.recorder.event(write.endpoints, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${namespace}/${name}: ${errorMessage(err)}`);
      }
      throw err;
    }
  }
}

export const endpointsControllerDescriptor: ControllerDescriptor = {
  name: ENDPOINTS_CONTROLLER_NAME,
  // upstream --concurrent-endpoint-syncs default
  workers: 5,
  create: (context) => new EndpointsController(context),
};
