import { cloneObject, type KubeObject } from './object.js';

/**
 * What an update through a subresource may change (model: the status strategies and the
 * namespace finalize strategy upstream): given the requested object and the stored one, the
 * object to store. Everything the subresource does not own comes from the stored object,
 * metadata included.
 */
export type SubresourceUpdate = (requested: KubeObject, stored: KubeObject) => KubeObject;

/** `…/status`: status alone. */
export const statusUpdate: SubresourceUpdate = (requested, stored) => {
  const { status: _stored, ...rest } = cloneObject(stored);
  return requested['status'] === undefined ? rest : { ...rest, status: cloneObject(requested['status']) };
};

/** `namespaces/…/finalize`: spec.finalizers alone. */
export const finalizeUpdate: SubresourceUpdate = (requested, stored) => {
  const next = cloneObject(stored);
  const finalizers = (requested['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? [];
  next['spec'] = { ...((next['spec'] as object | undefined) ?? {}), finalizers: [...finalizers] };
  return next;
};
