/**
 * What the garbage collector does with an object whose owners have been classified (model: the
 * switch at the end of upstream's attemptToDeleteItem). Pure: the caller classified the owner
 * references against the API and reports the graph facts.
 */
import type { OwnerReference } from '../shared/owner-refs.js';
import { FINALIZER_FOREGROUND, FINALIZER_ORPHAN } from './graph-builder.js';

export interface ClassifiedOwners {
  /** Owners that exist and are not being deleted in the foreground. */
  solid: OwnerReference[];
  /** Owners that do not exist (or exist with another uid). */
  dangling: OwnerReference[];
  /** Owners that exist, are being deleted and carry the foregroundDeletion finalizer. */
  waitingForDependentsDeletion: OwnerReference[];
}

export type DeletionPolicy = 'Orphan' | 'Foreground' | 'Background';

export type GcDecision =
  /** Some owner is solid and nothing dangles: the object stays as it is. */
  | { action: 'keep' }
  /** Some owner is solid: only the dangling and foreground-waiting references go. */
  | { action: 'removeOwnerReferences'; ownerUids: string[] }
  /**
   * An owner waits for its dependents and this object has dependents of its own: delete it in the
   * foreground, first unblocking its references when a dependent is itself deleting dependents
   * (a possible cycle).
   */
  | { action: 'deleteForeground'; unblockOwnerReferences: boolean }
  /** No solid owner: delete with the policy its own finalizers ask for (Background otherwise). */
  | { action: 'delete'; policy: DeletionPolicy };

export function decide(
  owners: ClassifiedOwners,
  facts: { hasDependents: boolean; someDependentDeletingDependents: boolean; finalizers: readonly string[] },
): GcDecision {
  const { solid, dangling, waitingForDependentsDeletion: waiting } = owners;
  if (solid.length > 0) {
    if (dangling.length === 0 && waiting.length === 0) return { action: 'keep' };
    return { action: 'removeOwnerReferences', ownerUids: [...dangling, ...waiting].map((ref) => ref.uid) };
  }
  if (waiting.length > 0 && facts.hasDependents) {
    return { action: 'deleteForeground', unblockOwnerReferences: facts.someDependentDeletingDependents };
  }
  if (facts.finalizers.includes(FINALIZER_ORPHAN)) return { action: 'delete', policy: 'Orphan' };
  if (facts.finalizers.includes(FINALIZER_FOREGROUND)) return { action: 'delete', policy: 'Foreground' };
  return { action: 'delete', policy: 'Background' };
}
