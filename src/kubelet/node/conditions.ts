/**
 * The node conditions a kubelet reports, computed as upstream's nodestatus setters do
 * (MemoryPressureCondition, DiskPressureCondition, PIDPressureCondition, ReadyCondition): pure
 * functions of the previous conditions, the node's health and the time.
 *
 * Time semantics (as upstream):
 * - lastHeartbeatTime is `now` on every computation;
 * - lastTransitionTime is `now` only when the condition is new or its status changes;
 * - the pressure conditions keep reason/message while their status stays; Ready is rewritten
 *   every time (its message may change without a transition).
 * Existing conditions keep their position; missing ones are appended in the order
 * MemoryPressure, DiskPressure, PIDPressure, Ready. Conditions of other types (set by others,
 * e.g. NetworkUnavailable) are kept untouched.
 */
import { formatTime, type ConditionStatus, type NodeCondition } from './types.js';

export interface NodeHealth {
  memoryPressure: boolean;
  diskPressure: boolean;
  pidPressure: boolean;
  /**
   * Why the node is not ready (runtime down, network not ready…), e.g. `container runtime is
   * down`; empty when ready. Reported as upstream aggregates errors.
   */
  readyErrors: string[];
}

export const HEALTHY: NodeHealth = { memoryPressure: false, diskPressure: false, pidPressure: false, readyErrors: [] };

/** The reason of an Event the kubelet records when a condition changes (`Node <name> status is now: <reason>`). */
export type NodeEventReason =
  | 'NodeHasSufficientMemory'
  | 'NodeHasInsufficientMemory'
  | 'NodeHasNoDiskPressure'
  | 'NodeHasDiskPressure'
  | 'NodeHasSufficientPID'
  | 'NodeHasInsufficientPID'
  | 'NodeReady'
  | 'NodeNotReady';

interface PressureText {
  type: string;
  trueReason: string;
  trueMessage: string;
  trueEvent: NodeEventReason;
  falseReason: string;
  falseMessage: string;
  falseEvent: NodeEventReason;
}

const MEMORY: PressureText = {
  type: 'MemoryPressure',
  trueReason: 'KubeletHasInsufficientMemory',
  trueMessage: 'kubelet has insufficient memory available',
  trueEvent: 'NodeHasInsufficientMemory',
  falseReason: 'KubeletHasSufficientMemory',
  falseMessage: 'kubelet has sufficient memory available',
  falseEvent: 'NodeHasSufficientMemory',
};
const DISK: PressureText = {
  type: 'DiskPressure',
  trueReason: 'KubeletHasDiskPressure',
  trueMessage: 'kubelet has disk pressure',
  trueEvent: 'NodeHasDiskPressure',
  falseReason: 'KubeletHasNoDiskPressure',
  falseMessage: 'kubelet has no disk pressure',
  falseEvent: 'NodeHasNoDiskPressure',
};
const PID: PressureText = {
  type: 'PIDPressure',
  trueReason: 'KubeletHasInsufficientPID',
  trueMessage: 'kubelet has insufficient PID available',
  trueEvent: 'NodeHasInsufficientPID',
  falseReason: 'KubeletHasSufficientPID',
  falseMessage: 'kubelet has sufficient PID available',
  falseEvent: 'NodeHasSufficientPID',
};

export interface ConditionsUpdate {
  conditions: NodeCondition[];
  /** Event reasons for the transitions, in the order upstream records them. */
  events: NodeEventReason[];
}

/** The conditions after one status computation at `nowMs`; `previous` is not modified. */
export function computeConditions(previous: readonly NodeCondition[] | undefined, health: NodeHealth, nowMs: number): ConditionsUpdate {
  const now = formatTime(nowMs);
  const conditions = (previous ?? []).map((c) => ({ ...c }));
  const events: NodeEventReason[] = [];
  setPressure(conditions, MEMORY, health.memoryPressure, now, events);
  setPressure(conditions, DISK, health.diskPressure, now, events);
  setPressure(conditions, PID, health.pidPressure, now, events);
  setReady(conditions, health.readyErrors, now, events);
  return { conditions, events };
}

function setPressure(conditions: NodeCondition[], text: PressureText, pressure: boolean, now: string, events: NodeEventReason[]): void {
  let condition = conditions.find((c) => c.type === text.type);
  if (!condition) {
    condition = { type: text.type, status: 'Unknown', lastHeartbeatTime: now, lastTransitionTime: '', reason: '', message: '' };
    conditions.push(condition);
  }
  condition.lastHeartbeatTime = now;
  const status: ConditionStatus = pressure ? 'True' : 'False';
  if (condition.status === status) return;
  condition.status = status;
  condition.reason = pressure ? text.trueReason : text.falseReason;
  condition.message = pressure ? text.trueMessage : text.falseMessage;
  condition.lastTransitionTime = now;
  events.push(pressure ? text.trueEvent : text.falseEvent);
}

function setReady(conditions: NodeCondition[], errors: readonly string[], now: string, events: NodeEventReason[]): void {
  const ready = errors.length === 0;
  const next: NodeCondition = {
    type: 'Ready',
    status: ready ? 'True' : 'False',
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason: ready ? 'KubeletReady' : 'KubeletNotReady',
    message: ready ? 'kubelet is posting ready status' : aggregateMessage(errors),
  };
  const index = conditions.findIndex((c) => c.type === 'Ready');
  if (index < 0) {
    conditions.push(next);
    return;
  }
  const old = conditions[index]!;
  if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime;
  else events.push(ready ? 'NodeReady' : 'NodeNotReady');
  conditions[index] = next;
}

/** utilerrors.Aggregate's message: the error alone, or `[a, b]` for several. */
export function aggregateMessage(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
}

/**
 * Whether a status write carries news (upstream nodeStatusHasChanged): the conditions differ in
 * anything but lastHeartbeatTime (compared by type, whatever their order).
 */
export function conditionsChanged(before: readonly NodeCondition[] | undefined, after: readonly NodeCondition[] | undefined): boolean {
  const key = (list: readonly NodeCondition[] | undefined): string =>
    JSON.stringify(
      [...(list ?? [])]
        .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
        .map((c) => [c.type, c.status, c.reason, c.message, c.lastTransitionTime]),
    );
  return key(before) !== key(after);
}
