/** ownerReferences helpers (model: apimachinery metav1.GetControllerOf / NewControllerRef). */
import type { KubeObjectLike } from '../../client/object.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export function ownerReferencesOf(obj: KubeObjectLike): OwnerReference[] {
  const refs = obj.metadata.ownerReferences;
  return Array.isArray(refs) ? (refs as OwnerReference[]) : [];
}

/** The owner reference with `controller: true`, if any. */
export function controllerOf(obj: KubeObjectLike): OwnerReference | undefined {
  return ownerReferencesOf(obj).find((ref) => ref.controller === true);
}

/** True when `obj`'s controller is the object with `uid`. */
export function isControlledBy(obj: KubeObjectLike, uid: string): boolean {
  return controllerOf(obj)?.uid === uid;
}

/** The reference a controller puts on what it creates or adopts (blockOwnerDeletion set, as upstream). */
export function newControllerRef(owner: KubeObjectLike, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}
