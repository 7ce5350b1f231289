/**
 * Adoption and release of owned objects by selector (model: pkg/controller
 * controller_ref_manager.go BaseControllerRefManager.ClaimObject).
 *
 * `claim(objects)` decides per object (all in the owner's namespace):
 * - controlled by another owner → ignored;
 * - controlled by us and matching the selector → claimed;
 * - controlled by us but no longer matching → released (our ownerReference is removed), unless
 *   the owner is being deleted (then left as is, not claimed);
 * - an orphan matching the selector, not being deleted, while the owner is not being deleted →
 *   adopted (our controller reference is added), after checking once, with a fresh read of the
 *   owner, that it still exists with the same uid and is not being deleted.
 * Patches carry the object's uid, so an object replaced under the same name is never touched.
 * Objects that vanish meanwhile (NotFound) are skipped; other write errors are thrown after the
 * remaining objects were handled, so the owner's sync is retried.
 */
import type { LabelSelector } from '../../api/labels/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { errorMessage, isNotFound, StatusError } from '../../util/errors.js';
import { controllerOf, newControllerRef } from './owner-refs.js';

export interface ControllerRefManagerOptions<T extends KubeObjectLike> {
  /** The owned resource, scoped to the owner's namespace. */
  children: ResourceClient<T>;
  owner: KubeObjectLike;
  ownerApiVersion: string;
  ownerKind: string;
  selector: LabelSelector;
  /** Reads the owner afresh from the API (not from a cache), for the pre-adoption check. */
  getFreshOwner(): Promise<KubeObjectLike>;
}

export class ControllerRefManager<T extends KubeObjectLike> {
  private adoptionChecked: Promise<void> | undefined;

  constructor(private readonly options: ControllerRefManagerOptions<T>) {}

  /** The objects this owner controls after adoption and release (adopted ones as patched). */
  async claim(objects: readonly T[]): Promise<T[]> {
    const { owner, selector } = this.options;
    const ownerUid = owner.metadata.uid ?? '';
    const ownerDeleting = owner.metadata.deletionTimestamp !== undefined;
    const claimed: T[] = [];
    const errors: unknown[] = [];
    for (const obj of objects) {
      const ref = controllerOf(obj);
      const matches = selector.matches(obj.metadata.labels);
      try {
        if (ref !== undefined) {
          if (ref.uid !== ownerUid) continue;
          if (matches) claimed.push(obj);
          else if (!ownerDeleting) await this.release(obj);
          continue;
        }
        if (ownerDeleting || !matches || obj.metadata.deletionTimestamp !== undefined) continue;
        const adopted = await this.adopt(obj);
        if (adopted) claimed.push(adopted);
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, errors.map(errorMessage).join('; '));
    return claimed;
  }

  private async adopt(obj: T): Promise<T | undefined> {
    this.adoptionChecked ??= this.checkCanAdopt();
    await this.adoptionChecked;
    const { ownerApiVersion, ownerKind, owner } = this.options;
    const patch = { metadata: { ownerReferences: [newControllerRef(owner, ownerApiVersion, ownerKind)], uid: obj.metadata.uid } };
    try {
      return await this.options.children.patch(obj.metadata.name ?? '', 'strategic', patch);
    } catch (err) {
      if (isNotFound(err) || isInvalid(err)) return undefined; // gone, or replaced (uid mismatch)
      throw err;
    }
  }

  private async release(obj: T): Promise<void> {
    const patch = { metadata: { ownerReferences: [{ $patch: 'delete', uid: this.options.owner.metadata.uid }], uid: obj.metadata.uid } };
    try {
      await this.options.children.patch(obj.metadata.name ?? '', 'strategic', patch);
    } catch (err) {
      if (isNotFound(err) || isInvalid(err)) return; // gone, or replaced: nothing of ours to release
      throw err;
    }
  }

  /** upstream RecheckDeletionTimestamp: adoption only by an owner that still exists, unchanged. */
  private async checkCanAdopt(): Promise<void> {
    const { owner, ownerKind } = this.options;
    const fresh = await this.options.getFreshOwner();
    const name = `${owner.metadata.namespace ?? ''}/${owner.metadata.name ?? ''}`;
    if (fresh.metadata.uid !== owner.metadata.uid) {
      throw new Error(`original ${ownerKind} ${name} is gone: got uid ${fresh.metadata.uid ?? ''}, wanted ${owner.metadata.uid ?? ''}`);
    }
    if (fresh.metadata.deletionTimestamp !== undefined) {
      throw new Error(`${ownerKind} ${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    }
  }
}

function isInvalid(err: unknown): boolean {
  return err instanceof StatusError && err.code === 422;
}
