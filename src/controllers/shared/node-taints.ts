/**
 * Adding and removing node taints on behalf of a controller (model: pkg/controller
 * AddOrUpdateTaintOnNode / RemoveTaintOffNode and util/node SwapNodeControllerTaint).
 *
 * Contract: one read-modify-write of `spec.taints` with the node's resourceVersion (a PUT, so a
 * concurrent writer makes it fail with Conflict instead of being overwritten); the first attempt
 * uses the cached node, a Conflict re-reads the node and tries again, up to 5 attempts. Nothing is
 * written when the taints are already as asked. A node that is gone is not an error.
 */
import { applyTaintChanges, type Taint } from '../../api/taints/index.js';
import type { ResourceClient } from '../../client/rest/index.js';
import { isNotFound, StatusError } from '../../util/errors.js';
import { cloneObject, type NodeObject } from './node-types.js';

const ATTEMPTS = 5;

/** Applies `add` and `remove` to the taints of node `name`; resolves whether it wrote. */
export async function changeNodeTaints(nodes: ResourceClient<NodeObject>, name: string, cached: NodeObject | undefined, add: readonly Taint[], remove: readonly Taint[]): Promise<boolean> {
  let node = cached;
  for (let attempt = 1; ; attempt++) {
    try {
      node ??= await nodes.get(name);
      const { taints, changed } = applyTaintChanges(node.spec?.taints, add, remove);
      if (!changed) return false;
      const updated = cloneObject(node);
      updated.spec ??= {};
      if (taints.length > 0) updated.spec.taints = taints;
      else delete updated.spec.taints;
      await nodes.update(updated);
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      if (!(err instanceof StatusError && err.reason === 'Conflict') || attempt >= ATTEMPTS) throw err;
      node = undefined;
    }
  }
}
