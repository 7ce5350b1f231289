/** The changes a reflector applies to its store, as handed to an informer (one per object). */
import type { KubeObjectLike } from '../object.js';

/**
 * A deleted object whose final state is unknown (model: client-go's DeletedFinalStateUnknown):
 * the delete was seen only through a relist, so `obj` is the last state the store held, and the
 * object may have changed after it before being deleted.
 */
export class DeletedFinalStateUnknown<T extends KubeObjectLike = KubeObjectLike> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

export type Delta<T extends KubeObjectLike = KubeObjectLike> =
  | { type: 'added'; obj: T }
  | { type: 'updated'; old: T; obj: T }
  /** `obj` is the final state from a watch event, or a tombstone when seen only through a relist. */
  | { type: 'deleted'; obj: T | DeletedFinalStateUnknown<T> };
