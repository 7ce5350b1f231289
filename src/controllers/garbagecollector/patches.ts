/**
 * The patches the garbage collector sends (model: upstream garbagecollector/patch.go). Each
 * carries the dependent's uid so it applies to that object only, as upstream's do.
 */
import type { OwnerReference } from '../shared/owner-refs.js';

/** Strategic merge patch deleting the owner references with `ownerUids` (deleteOwnerRefStrategicMergePatch). */
export function deleteOwnerRefStrategicMergePatch(dependentUid: string, ownerUids: readonly string[]): unknown {
  return { metadata: { ownerReferences: ownerUids.map((uid) => ({ $patch: 'delete', uid })), uid: dependentUid } };
}

/**
 * JSON merge patch for resources without strategic merge (custom resources): the whole remaining
 * list, guarded by the object's uid and resourceVersion (deleteOwnerRefJSONMergePatch).
 */
export function deleteOwnerRefJSONMergePatch(
  current: { uid: string; resourceVersion: string; ownerReferences: readonly OwnerReference[] },
  ownerUids: readonly string[],
): unknown {
  const remaining = current.ownerReferences.filter((ref) => !ownerUids.includes(ref.uid));
  return { metadata: { ownerReferences: remaining, uid: current.uid, resourceVersion: current.resourceVersion } };
}

/** Strategic merge patch setting blockOwnerDeletion false on every blocking reference (unblockOwnerReferencesStrategicMergePatch). */
export function unblockOwnerReferencesStrategicMergePatch(dependentUid: string, owners: readonly OwnerReference[]): unknown {
  const unblocked = owners.filter((ref) => ref.blockOwnerDeletion === true).map((ref) => ({ ...ref, blockOwnerDeletion: false }));
  return { metadata: { ownerReferences: unblocked, uid: dependentUid } };
}

/** JSON merge patch equivalent of the above (unblockOwnerReferencesJSONMergePatch). */
export function unblockOwnerReferencesJSONMergePatch(current: { uid: string; resourceVersion: string; ownerReferences: readonly OwnerReference[] }): unknown {
  const refs = current.ownerReferences.map((ref) => (ref.blockOwnerDeletion === true ? { ...ref, blockOwnerDeletion: false } : ref));
  return { metadata: { ownerReferences: refs, uid: current.uid, resourceVersion: current.resourceVersion } };
}
