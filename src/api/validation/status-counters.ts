/**
 * The status checks of the workload kinds (upstream ValidateDeploymentStatus,
 * ValidateReplicaSetStatus, ValidateStatefulSetStatus, validateDaemonSetStatus…): counters are
 * not negative, some never exceed others, and collisionCount never goes down.
 */
import { invalid, type FieldError } from '../field-errors.js';
import { nonNegative } from './numbers.js';

export type Status = Readonly<Record<string, unknown>> | undefined;

const count = (status: Status, field: string): number => {
  const value = status?.[field];
  return typeof value === 'number' ? value : 0;
};

/** Each listed counter (absent = 0) must be ≥ 0. */
export function nonNegativeCounters(status: Status, fields: readonly string[]): FieldError[] {
  return fields.flatMap((f) => nonNegative(status?.[f] as number | undefined, `status.${f}`));
}

/** Each of `fields` must be ≤ `limit`, with upstream's message for that limit. */
export function notAbove(status: Status, fields: readonly string[], limit: string, message: string): FieldError[] {
  return fields.filter((f) => count(status, f) > count(status, limit)).map((f) => invalid(`status.${f}`, count(status, f), message));
}

/** status.collisionCount may not be decremented (or removed once set). */
export function collisionCountNotDecremented(status: Status, old: Status): FieldError[] {
  const previous = old?.['collisionCount'];
  if (typeof previous !== 'number') return [];
  const current = status?.['collisionCount'];
  if (typeof current === 'number' && current >= previous) return [];
  return [invalid('status.collisionCount', typeof current === 'number' ? current : 0, 'cannot be decremented')];
}
