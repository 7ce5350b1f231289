/**
 * Read access to an informer's store (model: client-go's generated listers). Results are the
 * store's shared objects: never mutate them.
 */
import { LabelSelector, parseSelector } from '../../api/labels/index.js';
import type { KubeObjectLike } from '../object.js';
import { NAMESPACE_INDEX, type Indexer } from './indexer.js';
import { keyFor } from './keys.js';

/** A parsed selector, a selector string ('' = everything) or undefined (everything). */
export type SelectorLike = LabelSelector | string | undefined;

function toSelector(selector: SelectorLike): LabelSelector {
  if (selector === undefined) return LabelSelector.everything();
  return typeof selector === 'string' ? parseSelector(selector) : selector;
}

export class Lister<T extends KubeObjectLike = KubeObjectLike> {
  constructor(private readonly indexer: Indexer<T>) {}

  /** The object `name` in `namespace` ('' for cluster-scoped objects), or undefined. */
  get(namespace: string, name: string): T | undefined {
    return this.indexer.getByKey(keyFor(namespace, name));
  }

  /** Objects of all namespaces matching `selector`. Throws on an unparseable selector string. */
  list(selector?: SelectorLike): T[] {
    const sel = toSelector(selector);
    const all = this.indexer.list();
    return sel.isEmpty() ? all : all.filter((obj) => sel.matches(obj.metadata.labels));
  }

  /** Objects of `namespace` matching `selector` (through the namespace index). */
  listNamespace(namespace: string, selector?: SelectorLike): T[] {
    const sel = toSelector(selector);
    const objs = this.indexer.byIndex(NAMESPACE_INDEX, namespace);
    return sel.isEmpty() ? objs : objs.filter((obj) => sel.matches(obj.metadata.labels));
  }

  /** A view of one namespace. */
  namespaced(namespace: string): { get(name: string): T | undefined; list(selector?: SelectorLike): T[] } {
    return {
      get: (name) => this.get(namespace, name),
      list: (selector) => this.listNamespace(namespace, selector),
    };
  }
}
