/** The write options of a request: dry run (every write) and DeleteOptions (deletes, evictions). */
import { BadRequestError } from '../../util/errors.js';
import type { DeleteOptions } from '../registry/generic/strategy.js';

/** `?dryRun=All` (the only value upstream accepts); throws 400 for others. */
export function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values) if (v !== 'All') throw new BadRequestError(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return values.length > 0;
}

/**
 * metav1.DeleteOptions from a decoded body (a DELETE's body, or an Eviction's `deleteOptions`)
 * and the query, the body winning: grace period, propagation policy (400 for unknown ones),
 * preconditions and dry run.
 */
export function deleteOptionsFrom(fromBody: Record<string, unknown>, query: URLSearchParams): DeleteOptions {
  const grace = fromBody['gracePeriodSeconds'] ?? (query.has('gracePeriodSeconds') ? Number(query.get('gracePeriodSeconds')) : undefined);
  const policy = fromBody['propagationPolicy'] ?? query.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(policy as string)) {
    throw new BadRequestError(`propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const dryRun = (fromBody['dryRun'] as string[] | undefined)?.includes('All') || isDryRun(query);
  return {
    ...(typeof grace === 'number' && Number.isFinite(grace) ? { gracePeriodSeconds: grace } : {}),
    ...(policy ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] } : {}),
    ...(fromBody['preconditions'] ? { preconditions: fromBody['preconditions'] as DeleteOptions['preconditions'] } : {}),
    ...(dryRun ? { dryRun } : {}),
  };
}
