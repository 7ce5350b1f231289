/**
 * Namespace lookups of InterPodAffinity (model: plugin.go's mergeAffinityTermNamespacesIfNotEmpty
 * and GetNamespaceLabelsSnapshot).
 */
import { LabelSelector, type Labels } from '../../../api/labels/index.js';
import type { KubeObjectLike } from '../../../client/object.js';
import type { AffinityTerm } from '../../framework/pod-info.js';

/** Read access to namespaces (the namespaces informer's lister). */
export interface NamespaceLister {
  get(namespace: string, name: string): KubeObjectLike | undefined;
  list(selector?: LabelSelector): KubeObjectLike[];
}

/**
 * The incoming pod's term with the namespaces its namespaceSelector selects merged into
 * `namespaces` and the selector replaced by nothing, so matching other pods needs no namespace
 * labels. Terms without a selector (nothing) or with the empty one (every namespace) are returned
 * as they are.
 */
export function mergeTermNamespaces<T extends AffinityTerm>(term: T, lister: NamespaceLister | undefined): T {
  if (term.namespaceSelector.isEmpty() || term.namespaceSelector.matchesNothing()) return term;
  const namespaces = new Set(term.namespaces);
  for (const ns of lister?.list(term.namespaceSelector) ?? []) namespaces.add(ns.metadata.name ?? '');
  return { ...term, namespaces, namespaceSelector: LabelSelector.nothing() };
}

/** The labels of `namespace`, undefined when it is not known. */
export function namespaceLabels(namespace: string, lister: NamespaceLister | undefined): Labels {
  return lister?.get('', namespace)?.metadata.labels;
}
