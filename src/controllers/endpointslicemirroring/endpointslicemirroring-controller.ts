/**
 * The EndpointSlice mirroring controller (model: pkg/controller/endpointslicemirroring, v1.32):
 * mirrors the Endpoints of Services without a selector (written by users or other tools) into
 * EndpointSlices labelled `endpointslice.kubernetes.io/managed-by:
 * endpointslicemirroring-controller.k8s.io`, so that EndpointSlice consumers see them too.
 *
 * Shape: service, Endpoints and EndpointSlice informers feed `namespace/name` keys into one queue;
 * `sync(key)` reads the listers, asks the pure `mirror` for a plan and applies it (creates, then
 * updates, then deletes). The mirrored slices are deleted when the service is given a selector,
 * when the Endpoints go or stop being mirrorable (skip-mirror label, leader-election
 * annotation). Slices carry a controller ownerReference to their Endpoints, so the garbage
 * collector also removes them with it. Slice events requeue only for states this controller did
 * not write (EndpointSliceTracker, shared with the EndpointSlice controller); a cache that lags
 * behind our own writes makes the sync retry.
 */
import type { SharedInformer } from '../../client/cache/index.js';
import { DeletedFinalStateUnknown, splitKey } from '../../client/cache/index.js';
import type { EventRecorder } from '../../client/events/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { RestClient } from '../../client/rest/index.js';
import { RateLimitingQueue } from '../../client/workqueue/index.js';
import { errorMessage, isNotFound } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import { sameJSON } from '../../api/json-equal.js';
import { applySlicePlan } from '../endpointslice/apply-plan.js';
import { EndpointSliceTracker, ownedSliceHandlers, serviceKeyOf } from '../endpointslice/slice-tracker.js';
import type { Controller, ControllerContext, ControllerDescriptor } from '../shared/controller.js';
import { deletedKey } from '../shared/endpoints/pod-handlers.js';
import { MANAGED_BY_LABEL, SERVICE_NAME_LABEL, type EndpointsLike, type EndpointSliceLike, type ServiceLike } from '../shared/endpoints/types.js';
import { ENDPOINTS, ENDPOINTSLICES, SERVICES } from '../shared/resources.js';
import { runQueue } from '../shared/run-queue.js';
import { MAX_ENDPOINTS_PER_SUBSET, mirror, mirroredSlice, MIRRORING_CONTROLLER_NAME, shouldMirror } from './mirror.js';

export const ENDPOINTSLICE_MIRRORING_CONTROLLER_NAME = 'endpointslice-mirroring-controller';

export class EndpointSliceMirroringController implements Controller {
  private readonly queue: RateLimitingQueue<string>;
  private readonly services: SharedInformer<ServiceLike>;
  private readonly endpoints: SharedInformer<EndpointsLike>;
  private readonly slices: SharedInformer<EndpointSliceLike>;
  private readonly client: RestClient;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly tracker = new EndpointSliceTracker();

  constructor(
    context: ControllerContext,
    private readonly maxEndpointsPerSubset = MAX_ENDPOINTS_PER_SUBSET,
  ) {
    this.client = context.client;
    this.logger = context.logger;
    this.recorder = context.recorder('endpoint-slice-mirroring-controller');
    this.queue = new RateLimitingQueue<string>({ clock: context.clock });
    this.services = context.informer<ServiceLike>(SERVICES);
    this.endpoints = context.informer<EndpointsLike>(ENDPOINTS);
    this.slices = context.informer<EndpointSliceLike>(ENDPOINTSLICES);
    const enqueue = (key: string) => this.queue.add(key);
    this.services.addEventHandler({
      onAdd: (svc) => enqueue(deletedKey(svc)),
      // upstream onServiceUpdate: only a selector change matters to mirroring.
      onUpdate: (old, svc) => {
        if (!sameJSON(old.spec?.selector ?? null, svc.spec?.selector ?? null)) enqueue(deletedKey(svc));
      },
      onDelete: (svc) => enqueue(deletedKey(svc)),
    });
    this.endpoints.addEventHandler({
      onAdd: (ep) => {
        if (shouldMirror(ep)) enqueue(deletedKey(ep));
      },
      onUpdate: (old, ep) => {
        if (shouldMirror(ep) || shouldMirror(old)) enqueue(deletedKey(ep));
      },
      onDelete: (obj) => {
        const ep = obj instanceof DeletedFinalStateUnknown ? (obj.obj as EndpointsLike) : obj;
        if (shouldMirror(ep)) enqueue(deletedKey(obj));
      },
    });
    this.slices.addEventHandler(ownedSliceHandlers(this.tracker, mirroredSlice, (slice) => this.queueForSlice(slice)));
  }

  private queueForSlice(slice: EndpointSliceLike): void {
    const key = serviceKeyOf(slice);
    if (key) this.queue.add(key);
  }

  run(workers: number, signal: AbortSignal): Promise<void> {
    const waitFor = [this.services, this.endpoints, this.slices] as unknown as SharedInformer<KubeObjectLike>[];
    return runQueue({ queue: this.queue, waitFor, workers, sync: (key) => this.sync(key), logger: this.logger }, signal);
  }

  /** upstream syncEndpoints. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const service = this.services.lister.get(namespace, name);
    if (!service) {
      // As upstream: the slices stay until their Endpoints go (the garbage collector follows them).
      this.tracker.deleteService(key);
      return;
    }
    if (service.spec?.type === 'ExternalName') return;
    if (service.spec?.selector !== undefined && service.spec.selector !== null) return this.deleteMirroredSlices(namespace, name);
    const endpoints = this.endpoints.lister.get(namespace, name);
    if (!endpoints || !shouldMirror(endpoints)) return this.deleteMirroredSlices(namespace, name);
    const existing = this.mirroredSlices(namespace, name);
    if (this.tracker.stale(key, existing)) throw new Error('EndpointSlice informer cache is out of date');

    const plan = mirror(endpoints, existing, this.maxEndpointsPerSubset);
    if (plan.invalidAddresses > 0) {
      this.recorder.event(endpoints, 'Warning', 'InvalidIPAddress', `Skipped ${plan.invalidAddresses} invalid IP addresses when mirroring to EndpointSlices`);
    }
    if (plan.skippedAddresses > plan.invalidAddresses) {
      this.recorder.event(
        endpoints,
        'Warning',
        'TooManyAddressesToMirror',
        `A max of ${this.maxEndpointsPerSubset} addresses can be mirrored to EndpointSlices per Endpoints subset. ${plan.skippedAddresses} addresses were skipped`,
      );
    }
    const slices = this.client.resource<EndpointSliceLike>(ENDPOINTSLICES).namespace(endpoints.metadata.namespace ?? '');
    await applySlicePlan(slices, this.tracker, { ...endpoints, kind: 'Endpoints' }, plan);
  }

  private mirroredSlices(namespace: string, name: string): EndpointSliceLike[] {
    return this.slices.lister.listNamespace(namespace, `${SERVICE_NAME_LABEL}=${name},${MANAGED_BY_LABEL}=${MIRRORING_CONTROLLER_NAME}`);
  }

  /** upstream deleteMirroredSlices: every mirrored slice of the service goes; errors are collected. */
  private async deleteMirroredSlices(namespace: string, name: string): Promise<void> {
    const slices = this.mirroredSlices(namespace, name);
    this.tracker.deleteService(`${namespace}/${name}`);
    const client = this.client.resource<EndpointSliceLike>(ENDPOINTSLICES).namespace(namespace);
    const errors: string[] = [];
    for (const slice of slices) {
      try {
        await client.delete(slice.metadata.name ?? '');
      } catch (err) {
        if (!isNotFound(err)) errors.push(errorMessage(err));
      }
    }
    if (errors.length > 0) {
      throw new Error(`error(s) deleting ${errors.length}/${slices.length} EndpointSlices for ${namespace}/${name} Endpoints, including: ${errors[0]}`);
    }
  }
}

export const endpointSliceMirroringControllerDescriptor: ControllerDescriptor = {
  name: ENDPOINTSLICE_MIRRORING_CONTROLLER_NAME,
  // upstream --mirroring-concurrent-service-endpoint-syncs default
  workers: 5,
  create: (context) => new EndpointSliceMirroringController(context),
};
