/**
 * Pod event handlers shared by the endpoints and EndpointSlice controllers (model: their
 * addPod/updatePod/deletePod): each pod event enqueues the keys of the services whose endpoints
 * it may change, read from the service lister at the time of the event.
 */
import { selectorFromSet } from '../../../api/labels/index.js';
import { DeletedFinalStateUnknown, type EventHandler, type Lister } from '../../../client/cache/index.js';
import { servicesSelecting, servicesToUpdateOnPodChange } from './pods.js';
import type { PodLike, ServiceLike } from './types.js';

export function podHandlers(services: Lister<ServiceLike>, enqueue: (serviceKey: string) => void): EventHandler<PodLike> {
  const inNamespace = (pod: PodLike) => services.listNamespace(pod.metadata.namespace ?? '');
  const memberships = (pod: PodLike) => {
    for (const key of servicesSelecting(inNamespace(pod), pod.metadata.labels)) enqueue(key);
  };
  return {
    onAdd: memberships,
    onUpdate: (oldPod, newPod) => {
      for (const key of servicesToUpdateOnPodChange(inNamespace(newPod), oldPod, newPod)) enqueue(key);
    },
    onDelete: (obj) => memberships(obj instanceof DeletedFinalStateUnknown ? obj.obj : obj),
  };
}

/** Service handlers of both controllers: every change of a service enqueues its key. */
export function serviceHandlers(enqueue: (serviceKey: string) => void): EventHandler<ServiceLike> {
  return {
    onAdd: (svc) => enqueue(deletedKey(svc)),
    onUpdate: (_old, svc) => enqueue(deletedKey(svc)),
    onDelete: (svc) => enqueue(deletedKey(svc)),
  };
}

/** The key of a deleted object or of the object inside a tombstone. */
export function deletedKey(obj: { metadata: { namespace?: string; name?: string } } | DeletedFinalStateUnknown): string {
  if (obj instanceof DeletedFinalStateUnknown) return obj.key;
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

/** The pods of `namespace` matched by a service's map selector (an empty map selects all). */
export function listPods(pods: Lister<PodLike>, namespace: string, selector: Record<string, string>): PodLike[] {
  return pods.listNamespace(namespace, selectorFromSet(selector));
}
