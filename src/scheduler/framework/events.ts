/**
 * Cluster events the scheduling queue reacts to (model: framework/types.go ClusterEvent). A pod
 * rejected by some plugins waits in the unschedulable pool until an event one of those plugins
 * registered for (EnqueueExtensions) happens, and its QueueingHint (if any) says Queue.
 */
import type { Pod } from './api-types.js';

export type EventResource = 'Pod' | 'AssignedPod' | 'UnscheduledPod' | 'Node' | 'PersistentVolume' | 'PersistentVolumeClaim' | 'StorageClass' | 'Namespace' | 'PodDisruptionBudget' | '*';

/** Bit flags (upstream ActionType). */
export const ActionType = {
  Add: 1 << 0,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodTolerations: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  /** Any other update. */
  UpdateOther: 1 << 11,
  Update: ((1 << 12) - 1) & ~((1 << 0) | (1 << 1)),
  All: (1 << 12) - 1,
} as const;

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** A name for logs and metrics, e.g. "NodeAdd". */
  label?: string;
}

/** Whether `event` (what happened) is covered by `registered` (what a plugin listens to). */
export function eventMatches(registered: ClusterEvent, event: ClusterEvent): boolean {
  const resourceMatches =
    registered.resource === '*' ||
    registered.resource === event.resource ||
    // A plugin listening to Pod events hears assigned and unscheduled pods' events too.
    (registered.resource === 'Pod' && (event.resource === 'AssignedPod' || event.resource === 'UnscheduledPod'));
  return resourceMatches && (registered.actionType & event.actionType) !== 0;
}

export type QueueingHint = 'Queue' | 'Skip';

/** Decides whether `event` may make `pod` schedulable (throwing counts as Queue). */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

export interface ClusterEventWithHint {
  event: ClusterEvent;
  queueingHintFn?: QueueingHintFn;
}

/** Events of the scheduler's own making. */
export const EVENT_UNSCHEDULABLE_TIMEOUT: ClusterEvent = { resource: '*', actionType: ActionType.All, label: 'UnschedulableTimeout' };
export const EVENT_FORCE_ACTIVATE: ClusterEvent = { resource: '*', actionType: ActionType.All, label: 'ForceActivate' };
