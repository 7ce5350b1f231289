/**
 * The EndpointSlice controller (model: pkg/controller/endpointslice/endpointslice_controller.go
 * with k8s.io/endpointslice's Reconciler, v1.32): keeps the managed EndpointSlices of every
 * Service with a selector equal to the pods it selects.
 *
 * Shape: service, pod, EndpointSlice and node informers feed service keys into one queue;
 * `sync(key)` lists the service's pods and managed slices from the caches, asks the pure
 * `reconcile` for a plan and applies it (creates, then updates, then deletes). Slices carry a
 * controller ownerReference to their service, so the garbage collector removes them when the
 * service goes; this controller never creates slices for a service pending deletion. Slice events
 * requeue the service only when they show a state this controller did not write
 * (EndpointSliceTracker); a cache that lags behind our own writes makes the sync retry.
 */
import type { SharedInformer } from '../../client/cache/index.js';
import { splitKey } from '../../client/cache/index.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { RestClient } from '../../client/rest/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import type { Controller, ControllerContext, ControllerDescriptor } from '../shared/controller.js';
import { listPods, podHandlers, serviceHandlers } from '../shared/endpoints/pod-handlers.js';
import { formatRFC3339Nano, TriggerTimeTracker } from '../shared/endpoints/trigger-time.js';
import { LAST_CHANGE_TRIGGER_TIME_ANNOTATION, MANAGED_BY_LABEL, SERVICE_NAME_LABEL, type EndpointSliceLike, type NodeLike, type PodLike, type ServiceLike } from '../shared/endpoints/types.js';
import { ENDPOINTSLICES, NODES, PODS, SERVICES } from '../shared/resources.js';
import { runQueue } from '../shared/run-queue.js';
import { CONTROLLER_NAME, MAX_ENDPOINTS_PER_SLICE, reconcile } from './reconcile.js';
import { applySlicePlan } from './apply-plan.js';
import { EndpointSliceTracker, ownedSliceHandlers, serviceKeyOf } from './slice-tracker.js';

export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller';
/** upstream endpointSliceChangeMinSyncDelay: slice events are batched this long. */
const SLICE_CHANGE_MIN_SYNC_DELAY_MS = 1000;

export interface EndpointSliceControllerOptions {
  maxEndpointsPerSlice?: number;
}

export class EndpointSliceController implements Controller {
  private readonly queue: RateLimitingQueue<string>;
  private readonly services: SharedInformer<ServiceLike>;
  private readonly pods: SharedInformer<PodLike>;
  private readonly slices: SharedInformer<EndpointSliceLike>;
  private readonly nodes: SharedInformer<NodeLike>;
  private readonly client: RestClient;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly triggerTimes = new TriggerTimeTracker();
  private readonly tracker = new EndpointSliceTracker();
  private readonly maxEndpointsPerSlice: number;

  constructor(context: ControllerContext, options: EndpointSliceControllerOptions = {}) {
    this.client = context.client;
    this.logger = context.logger;
    this.maxEndpointsPerSlice = options.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
    this.recorder = context.recorder('endpoint-slice-controller');
    this.queue = new RateLimitingQueue<string>({ clock: context.clock });
    this.services = context.informer<ServiceLike>(SERVICES);
    this.pods = context.informer<PodLike>(PODS);
    this.slices = context.informer<EndpointSliceLike>(ENDPOINTSLICES);
    this.nodes = context.informer<NodeLike>(NODES);
    const enqueue = (key: string) => this.queue.add(key);
    this.services.addEventHandler(serviceHandlers(enqueue));
    this.pods.addEventHandler(podHandlers(this.services.lister, enqueue));
    this.slices.addEventHandler(ownedSliceHandlers(this.tracker, managed, (slice) => this.queueForSlice(slice)));
    // Zones come from nodes; a node appearing lets skipped pods in (their services retry on error).
  }

  private queueForSlice(slice: EndpointSliceLike): void {
    const key = serviceKeyOf(slice);
    if (key) this.queue.addAfter(key, SLICE_CHANGE_MIN_SYNC_DELAY_MS);
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    const waitFor = [this.services, this.pods, this.slices, this.nodes] as unknown as SharedInformer<KubeObjectLike>[];
    return runQueue({ queue: this.queue, waitFor, workers, sync: (key) => this.sync(key), logger: this.logger }, signal);
  }

  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const service = this.services.lister.get(namespace, name);
    if (!service) {
      this.triggerTimes.deleteService(namespace, name);
      this.tracker.deleteService(key);
      return;
    }
    if (service.spec?.type === 'ExternalName') return;
    const selector = service.spec?.selector;
    if (selector === undefined || selector === null) return;

    const pods = listPods(this.pods.lister, namespace, selector);
    const existing = this.slices.lister
      .listNamespace(namespace, `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${CONTROLLER_NAME}`)
      .filter((slice) => !slice.metadata.deletionTimestamp);
    if (this.tracker.stale(key, existing)) throw new Error('EndpointSlice informer cache is out of date');
    const triggerTime = this.triggerTimes.compute(namespace, service, pods);

    const plan = reconcile({ service, pods, existing, node: (n) => this.nodes.lister.get('', n), maxEndpointsPerSlice: this.maxEndpointsPerSlice });
    const errors = [...plan.errors];
    try {
      const slices = this.client.resource<EndpointSliceLike>(ENDPOINTSLICES).namespace(namespace);
      await applySlicePlan(slices, this.tracker, { ...service, kind: 'Service' }, plan, (slice) => withTriggerTime(slice, triggerTime));
    } catch (err) {
      errors.push(errorMessage(err));
    }
    // Pods on nodes not (yet) known were left out: the sync fails so it is retried, as upstream.
    if (errors.length > 0) {
      const message = errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
      this.recorder.event(service, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${namespace}/${name}: ${message}`);
      throw new Error(message);
    }
  }

}

function managed(slice: EndpointSliceLike): boolean {
  return slice.metadata.labels?.[MANAGED_BY_LABEL] === CONTROLLER_NAME;
}

/** upstream addTriggerTimeAnnotation: set when a trigger time is known, cleared otherwise. */
function withTriggerTime(slice: EndpointSliceLike, triggerTime: number | undefined): EndpointSliceLike {
  const annotations = { ...(slice.metadata.annotations ?? {}) };
  if (triggerTime !== undefined) annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION] = formatRFC3339Nano(triggerTime);
  else delete annotations[LAST_CHANGE_TRIGGER_TIME_ANNOTATION];
  return { ...slice, metadata: { ...slice.metadata, annotations } };
}

export const endpointSliceControllerDescriptor: ControllerDescriptor = {
  name: ENDPOINTSLICE_CONTROLLER_NAME,
  // upstream --concurrent-service-endpoint-syncs default
  workers: 5,
  create: (context) => new EndpointSliceController(context),
};
