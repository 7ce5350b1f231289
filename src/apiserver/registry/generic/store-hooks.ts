import type { KubeObject } from './object.js';

/**
 * Ends what a begin hook started, once the write it guarded is known to have been stored
 * (`success`) or not (refused, conflicted, failed, dry run). Called exactly once, synchronously,
 * after the store operation; it must not throw.
 */
export type FinishFunc = (success: boolean) => void;

/**
 * Per-server state a resource keeps beside its stored objects, kept in step with writes (model:
 * the BeginCreate/BeginUpdate/AfterDelete hooks of k8s.io/apiserver's registry.Store, as the
 * Service registry uses them for ClusterIP and NodePort allocation). A `Resource` supplies a
 * factory (`hooks`), so every API server gets its own state.
 *
 * Contract with GenericStore:
 * 1. `rebuild` runs once at startup with every stored object, before the server serves;
 * 2. on create and update the store defaults, prepares and validates the object, then calls the
 *    begin hook, which may fill fields (allocations) or throw a StatusError to refuse; then it
 *    writes, then calls the returned FinishFunc with whether the write was stored. A dry run
 *    never stores, so its finish is always `false`. An update retried after a conflict finishes
 *    the failed attempt (`false`) before beginning the next;
 * 3. `afterDelete` runs once an object is really gone from the store through this server (not
 *    when it is only marked for deletion, and not on a dry run).
 *
 * Begin hooks must reserve what they hand out synchronously (before any await that could let a
 * racing request in), so that two concurrent writes can never both get the same thing.
 */
export interface StoreHooks {
  /** Rebuilds the state from the stored objects; returns problems found (logged as warnings). */
  rebuild?(objects: readonly KubeObject[]): string[];
  beginCreate?(object: KubeObject, options: { dryRun: boolean }): FinishFunc;
  beginUpdate?(object: KubeObject, old: KubeObject, options: { dryRun: boolean }): FinishFunc;
  afterDelete?(object: KubeObject): void;
}

export const finishNothing: FinishFunc = () => undefined;
