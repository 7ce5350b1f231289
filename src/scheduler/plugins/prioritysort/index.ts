/** PrioritySort (QueueSort): higher spec.priority first, then earlier queue timestamp. */
import { podPriority } from '../../framework/api-types.js';
import type { Handle, QueueSortPlugin } from '../../framework/interface.js';
import type { QueuedPodInfo } from '../../framework/types.js';

export const NAME = 'PrioritySort';

export function less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
  const p1 = podPriority(a.podInfo.pod);
  const p2 = podPriority(b.podInfo.pod);
  return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
}

export function create(_args: unknown, _handle: Handle): QueueSortPlugin {
  return { name: NAME, less };
}
