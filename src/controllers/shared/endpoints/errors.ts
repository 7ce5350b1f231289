import { StatusError } from '../../../util/errors.js';

/** Whether a create failed because the namespace is terminating (upstream NamespaceTerminatingCause). */
export function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}
