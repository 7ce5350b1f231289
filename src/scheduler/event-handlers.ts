/**
 * Informer events → cache and queue (model: pkg/scheduler/eventhandlers.go).
 *
 * - assigned pods (spec.nodeName set) go to the cache; their add/update/delete are cluster
 *   events that may make unschedulable pods schedulable;
 * - unassigned pods of this scheduler's profiles, not terminating, go to the queue;
 * - nodes go to the cache; adds and relevant updates move unschedulable pods.
 */
import { DeletedFinalStateUnknown } from '../client/cache/index.js';
import type { EventHandler } from '../client/cache/index.js';
import { sameJSON } from '../api/json-equal.js';
import type { Node, Pod } from './framework/api-types.js';
import { ActionType, type ClusterEvent } from './framework/events.js';
import type { SchedulerCache } from './cache/cache.js';
import type { SchedulingQueue } from './queue/scheduling-queue.js';

export interface HandlerDeps {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  /** Whether a pod's schedulerName is one of this scheduler's profiles. */
  responsibleFor: (pod: Pod) => boolean;
  /** A deleted pod may be waiting at Permit. */
  rejectWaitingPod: (pod: Pod) => void;
}

const assigned = (pod: Pod): boolean => !!pod.spec?.nodeName;
const unwrap = <T extends Pod | Node>(obj: T | DeletedFinalStateUnknown<T>): T => (obj instanceof DeletedFinalStateUnknown ? obj.obj : obj);

export function podEventHandler(deps: HandlerDeps): EventHandler<Pod> {
  const { cache, queue } = deps;
  return {
    onAdd(pod) {
      if (assigned(pod)) {
        cache.addPod(pod);
        queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: ActionType.Add, label: 'AssignedPodAdd' }, undefined, pod);
      } else if (deps.responsibleFor(pod) && !pod.metadata.deletionTimestamp) {
        queue.add(pod);
      }
    },
    onUpdate(oldPod, newPod) {
      if (oldPod === newPod) return; // resync
      if (assigned(newPod)) {
        if (!assigned(oldPod)) {
          // Just bound (by us or someone else): out of the queue, into the cache.
          queue.delete(oldPod);
          cache.addPod(newPod);
        } else {
          cache.updatePod(oldPod, newPod);
        }
        const labelsChanged = !sameJSON(oldPod.metadata.labels ?? {}, newPod.metadata.labels ?? {});
        const action = labelsChanged ? ActionType.UpdatePodLabel : ActionType.UpdateOther;
        if (labelsChanged || !assigned(oldPod)) queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: action, label: 'AssignedPodUpdate' }, oldPod, newPod);
      } else if (deps.responsibleFor(newPod)) {
        if (newPod.metadata.deletionTimestamp) queue.delete(newPod);
        else queue.update(oldPod, newPod);
      }
    },
    onDelete(obj) {
      const pod = unwrap(obj);
      if (assigned(pod) || cache.getPod(pod)) {
        cache.removePod(pod);
        deps.rejectWaitingPod(pod);
        queue.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', actionType: ActionType.Delete, label: 'AssignedPodDelete' }, pod, undefined);
      }
      queue.delete(pod);
    },
  };
}

/** The update kinds between two versions of a node (upstream nodeSchedulingPropertiesChange). */
export function nodeUpdateActions(oldNode: Node, newNode: Node): number {
  let actions = 0;
  if (!sameJSON(oldNode.status?.allocatable ?? {}, newNode.status?.allocatable ?? {})) actions |= ActionType.UpdateNodeAllocatable;
  if (!sameJSON(oldNode.metadata.labels ?? {}, newNode.metadata.labels ?? {})) actions |= ActionType.UpdateNodeLabel;
  if (!sameJSON(oldNode.spec?.taints ?? [], newNode.spec?.taints ?? []) || !!oldNode.spec?.unschedulable !== !!newNode.spec?.unschedulable) actions |= ActionType.UpdateNodeTaint;
  const conditions = (n: Node): unknown => (n.status?.conditions ?? []).map((c) => [c.type, c.status]);
  if (!sameJSON(conditions(oldNode), conditions(newNode))) actions |= ActionType.UpdateNodeCondition;
  if (!sameJSON(oldNode.metadata.annotations ?? {}, newNode.metadata.annotations ?? {})) actions |= ActionType.UpdateNodeAnnotation;
  return actions;
}

export function nodeEventHandler(deps: HandlerDeps): EventHandler<Node> {
  const { cache, queue } = deps;
  return {
    onAdd(node) {
      cache.addNode(node);
      queue.moveAllToActiveOrBackoffQueue({ resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' }, undefined, node);
    },
    onUpdate(oldNode, newNode) {
      if (oldNode === newNode) return;
      cache.updateNode(oldNode, newNode);
      const actions = nodeUpdateActions(oldNode, newNode);
      if (actions !== 0) {
        const event: ClusterEvent = { resource: 'Node', actionType: actions, label: 'NodeUpdate' };
        queue.moveAllToActiveOrBackoffQueue(event, oldNode, newNode);
      }
    },
    onDelete(obj) {
      cache.removeNode(unwrap(obj));
    },
  };
}
