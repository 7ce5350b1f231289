/** SchedulingGates (PreEnqueue): a pod with spec.schedulingGates stays out of the activeQ. */
import type { Pod } from '../../framework/api-types.js';
import { ActionType } from '../../framework/events.js';
import type { EnqueueExtensions, Handle, PreEnqueuePlugin } from '../../framework/interface.js';
import { Status } from '../../framework/status.js';

export const NAME = 'SchedulingGates';

export function preEnqueue(pod: Pod): Status | null {
  const gates = pod.spec?.schedulingGates ?? [];
  if (gates.length === 0) return null;
  // Go's %v of a []string: [a b]
  return Status.unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
}

export function create(_args: unknown, _handle: Handle): PreEnqueuePlugin & EnqueueExtensions {
  return {
    name: NAME,
    preEnqueue,
    eventsToRegister: () => [{ event: { resource: 'Pod', actionType: ActionType.UpdatePodSchedulingGatesEliminated } }],
  };
}
