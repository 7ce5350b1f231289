/**
 * Writes a slice plan (model: upstream's reconciler finalize), shared by the EndpointSlice and
 * mirroring controllers: 1. creates (not while the owner is being deleted; a terminating
 * namespace stops them quietly); 2. updates; 3. deletes (a slice already gone is fine). Every
 * write is told to the tracker, so the controller does not react to its own changes. The first
 * failure is thrown, naming the slice and `ownerKind namespace/name`.
 */
import type { ResourceClient } from '../../client/rest/index.js';
import { errorMessage, isNotFound } from '../../util/errors.js';
import { isNamespaceTerminating } from '../shared/endpoints/errors.js';
import type { EndpointSliceLike } from '../shared/endpoints/types.js';
import type { EndpointSliceTracker } from './slice-tracker.js';

export interface SlicePlan {
  create: EndpointSliceLike[];
  update: EndpointSliceLike[];
  delete: EndpointSliceLike[];
}

export interface SliceOwner {
  /** `Service` or `Endpoints`, for error messages. */
  kind: string;
  metadata: { namespace?: string; name?: string; deletionTimestamp?: string };
}

export async function applySlicePlan(
  slices: ResourceClient<EndpointSliceLike>,
  tracker: EndpointSliceTracker,
  owner: SliceOwner,
  plan: SlicePlan,
  prepare: (slice: EndpointSliceLike) => EndpointSliceLike = (slice) => slice,
): Promise<void> {
  const of = `${owner.kind} ${owner.metadata.namespace ?? ''}/${owner.metadata.name ?? ''}`;
  if (!owner.metadata.deletionTimestamp) {
    for (const slice of plan.create) {
      try {
        tracker.update(await slices.create(prepare(slice)));
      } catch (err) {
        if (isNamespaceTerminating(err)) return;
        throw new Error(`failed to create EndpointSlice for ${of}: ${errorMessage(err)}`, { cause: err });
      }
    }
  }
  for (const slice of plan.update) {
    try {
      tracker.update(await slices.update(prepare(slice)));
    } catch (err) {
      throw new Error(`failed to update ${slice.metadata.name ?? ''} EndpointSlice for ${of}: ${errorMessage(err)}`, { cause: err });
    }
  }
  for (const slice of plan.delete) {
    try {
      await slices.delete(slice.metadata.name ?? '');
      tracker.expectDeletion(slice);
    } catch (err) {
      if (isNotFound(err)) continue;
      throw new Error(`failed to delete ${slice.metadata.name ?? ''} EndpointSlice for ${of}: ${errorMessage(err)}`, { cause: err });
    }
  }
}
