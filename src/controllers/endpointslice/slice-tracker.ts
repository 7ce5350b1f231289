/**
 * What this controller last wrote to each EndpointSlice (model: k8s.io/endpointslice/util
 * EndpointSliceTracker), so it can tell its own writes from others' and an informer cache that
 * lags behind its writes.
 *
 * Contract: `update` after every create/update with the returned slice, `expectDeletion` after
 * every delete; a slice event is worth a sync (`shouldSync`) only when it shows a generation we
 * did not write; a service's cached slices are stale (`stale`) while one of them is older than
 * our last write, is still present after we deleted it, or is missing after we wrote it.
 */
import type { EndpointSliceLike } from '../shared/endpoints/types.js';
import { DeletedFinalStateUnknown, type EventHandler } from '../../client/cache/index.js';

const DELETION_EXPECTED = -1;

export class EndpointSliceTracker {
  /** service key → slice uid → generation we wrote (DELETION_EXPECTED after a delete) */
  private readonly byService = new Map<string, Map<string, number>>();

  has(slice: EndpointSliceLike): boolean {
    return this.generations(slice)?.has(slice.metadata.uid ?? '') ?? false;
  }

  /** True when the slice shows a state this controller did not write (or is unknown to it). */
  shouldSync(slice: EndpointSliceLike): boolean {
    const expected = this.generations(slice)?.get(slice.metadata.uid ?? '');
    return expected === undefined || expected !== generationOf(slice);
  }

  /** True when the cached slices are behind this controller's own writes. */
  stale(serviceKey: string, slices: readonly EndpointSliceLike[]): boolean {
    const gens = this.byService.get(serviceKey);
    if (!gens) return false;
    const present = new Set<string>();
    for (const slice of slices) {
      present.add(slice.metadata.uid ?? '');
      const expected = gens.get(slice.metadata.uid ?? '');
      if (expected === undefined) continue;
      if (expected === DELETION_EXPECTED || generationOf(slice) < expected) return true;
    }
    // A slice we wrote that the cache does not show yet.
    for (const [uid, expected] of gens) if (expected !== DELETION_EXPECTED && !present.has(uid)) return true;
    return false;
  }

  update(slice: EndpointSliceLike): void {
    this.ensure(slice).set(slice.metadata.uid ?? '', generationOf(slice));
  }

  expectDeletion(slice: EndpointSliceLike): void {
    this.ensure(slice).set(slice.metadata.uid ?? '', DELETION_EXPECTED);
  }

  /** Forgets a deleted slice; returns true when the deletion was this controller's own. */
  handleDeletion(slice: EndpointSliceLike): boolean {
    const gens = this.generations(slice);
    const expected = gens?.get(slice.metadata.uid ?? '');
    gens?.delete(slice.metadata.uid ?? '');
    return expected === DELETION_EXPECTED;
  }

  deleteService(serviceKey: string): void {
    this.byService.delete(serviceKey);
  }

  private generations(slice: EndpointSliceLike): Map<string, number> | undefined {
    return this.byService.get(serviceKeyOf(slice));
  }

  private ensure(slice: EndpointSliceLike): Map<string, number> {
    const key = serviceKeyOf(slice);
    let gens = this.byService.get(key);
    if (!gens) this.byService.set(key, (gens = new Map()));
    return gens;
  }
}

/** `namespace/<kubernetes.io/service-name label>` (upstream ServiceControllerKey); '' without the label. */
export function serviceKeyOf(slice: EndpointSliceLike): string {
  const name = slice.metadata.labels?.['kubernetes.io/service-name'];
  return name ? `${slice.metadata.namespace ?? ''}/${name}` : '';
}

function generationOf(slice: EndpointSliceLike): number {
  const gen = slice.metadata['generation'];
  return typeof gen === 'number' ? gen : 0;
}

/**
 * Slice event handlers of a controller that owns slices (the EndpointSlice and mirroring
 * controllers; model: their addEndpointSlice/updateEndpointSlice/deleteEndpointSlice): `ours`
 * tells the controller's slices apart; `requeue` queues the service a slice belongs to. Changes
 * the tracker already expects (the controller's own writes) are not requeued; a changed
 * service-name label concerns both services.
 */
export function ownedSliceHandlers(tracker: EndpointSliceTracker, ours: (slice: EndpointSliceLike) => boolean, requeue: (slice: EndpointSliceLike) => void): EventHandler<EndpointSliceLike> {
  return {
    onAdd: (slice) => {
      if (ours(slice) && tracker.shouldSync(slice)) requeue(slice);
    },
    onUpdate: (old, slice) => {
      if (serviceKeyOf(old) !== serviceKeyOf(slice)) {
        requeue(slice);
        requeue(old);
      } else if (ours(old) !== ours(slice) || (ours(slice) && tracker.shouldSync(slice))) {
        requeue(slice);
      }
    },
    onDelete: (obj) => {
      const slice = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
      if (ours(slice) && tracker.has(slice) && !tracker.handleDeletion(slice)) requeue(slice);
    },
  };
}
