import { isDeepStrictEqual } from 'node:util';
import { BadRequestError } from '../../util/errors.js';
import { mergeKeyOf, PATCH } from './directives.js';
import { goString, isObject } from './json.js';

/**
 * Element order of merged lists (upstream `normalizeElementOrder`): items named by the patch keep
 * the patch's order (or `$setElementOrder`'s), items only the server has keep the server's order,
 * and a server-only item goes before a patch item only when the server list has both and has it
 * first. Items are identified by their merge key, or by value in lists of primitives.
 */
export function orderElements(merged: readonly unknown[], patchOrder: readonly unknown[], serverOrder: readonly unknown[], mergeKey: string | undefined): unknown[] {
  const id = (item: unknown): unknown => (mergeKey === undefined ? item : mergeKeyOf(item, mergeKey));
  const inPatch = positions(patchOrder.map(id));
  const inServer = positions(serverOrder.map(id));
  const patchItems: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) (inPatch(id(item)) >= 0 ? patchItems : serverOnly).push(item);
  const byPatch = sortByPosition(patchItems, (item) => inPatch(id(item)));
  const byServer = sortByPosition(serverOnly, (item) => inServer(id(item)));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < byServer.length || j < byPatch.length) {
    if (j >= byPatch.length) out.push(byServer[i++]);
    else if (i >= byServer.length) out.push(byPatch[j++]);
    else {
      const left = inServer(id(byServer[i]));
      const right = inServer(id(byPatch[j]));
      out.push(left >= 0 && right >= 0 && left < right ? byServer[i++] : byPatch[j++]);
    }
  }
  return out;
}

/**
 * Upstream `validatePatchWithSetOrderList`: the patch list's items (deletions and other directive
 * items aside) must appear in `$setElementOrder` and in the same relative order.
 */
export function validateElementOrder(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string | undefined): void {
  if (order.length === 0 || patchList.length === 0) return;
  const id = (item: unknown): unknown => (mergeKey === undefined ? item : mergeKeyOf(item, mergeKey));
  const directive = (item: unknown): unknown => (isObject(item) ? item[PATCH] : undefined);
  const items = mergeKey === undefined ? patchList : patchList.filter((item) => directive(item) !== 'delete');
  let i = 0;
  for (let j = 0; i < items.length && j < order.length; j++) {
    while (i < items.length && directive(items[i]) !== undefined) i++;
    if (i < items.length && isDeepStrictEqual(id(items[i]), id(order[j]))) i++;
  }
  if (i < items.length) {
    throw new BadRequestError(`The order in patch list:\n${goString(patchList)}\n doesn't match $setElementOrder list:\n${goString(order)}\n`);
  }
}

/** The first position of an id among `ids`, or -1: by value for primitives, by deep equality otherwise. */
function positions(ids: readonly unknown[]): (id: unknown) => number {
  const first = new Map<unknown, number>();
  ids.forEach((id, at) => {
    if (!first.has(id)) first.set(id, at);
  });
  return (id) => (typeof id === 'object' && id !== null ? ids.findIndex((other) => isDeepStrictEqual(other, id)) : (first.get(id) ?? -1));
}

/** Stable sort by position; items without one (only possible with an empty order list) keep their place at the end. */
function sortByPosition(items: unknown[], position: (item: unknown) => number): unknown[] {
  const ranked = items.map((item) => {
    const at = position(item);
    return { item, at: at < 0 ? Infinity : at };
  });
  return ranked.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1)).map(({ item }) => item);
}
