/**
 * The selector of the system default constraints (model: plugins/helper/spread.go
 * DefaultSelector, v1.32): the selectors of the Services that select the pod, merged with the
 * selector of its controlling ReplicationController, ReplicaSet or StatefulSet.
 */
import { LabelSelector, selectorFromLabelSelector, selectorFromSet, type LabelSelectorSpec } from '../../../api/labels/index.js';
import type { KubeObjectLike } from '../../../client/object.js';
import type { Pod } from '../../framework/api-types.js';

/** Read access to one kind of object (an informer's lister). */
export interface ObjectLister {
  get(namespace: string, name: string): KubeObjectLike | undefined;
  listNamespace(namespace: string): KubeObjectLike[];
}

export interface WorkloadListers {
  services: ObjectLister;
  replicationControllers: ObjectLister;
  replicaSets: ObjectLister;
  statefulSets: ObjectLister;
}

interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  controller?: boolean;
}

function specOf(obj: KubeObjectLike): { selector?: unknown } {
  return (obj['spec'] as { selector?: unknown } | undefined) ?? {};
}

/** The selector; empty (everything) when nothing selects the pod, which means no default spreading. */
export function defaultSelector(pod: Pod, listers: WorkloadListers): LabelSelector {
  const ns = pod.metadata.namespace ?? '';
  const labelSet: Record<string, string> = {};
  for (const service of listers.services.listNamespace(ns)) {
    const selector = specOf(service).selector as Record<string, string> | undefined | null;
    // Services with a nil selector match nothing, not everything.
    if (selector === undefined || selector === null) continue;
    if (selectorFromSet(selector).matches(pod.metadata.labels)) Object.assign(labelSet, selector);
  }
  let selector = selectorFromSet(labelSet);

  const owner = ((pod.metadata.ownerReferences ?? []) as OwnerReference[]).find((r) => r.controller === true);
  if (!owner) return selector;
  const kind = `${owner.apiVersion ?? ''}/${owner.kind ?? ''}`;
  const name = owner.name ?? '';
  if (kind === 'v1/ReplicationController') {
    const rc = listers.replicationControllers.get(ns, name);
    const rcSelector = rc ? (specOf(rc).selector as Record<string, string> | undefined) : undefined;
    if (rc) selector = selectorFromSet({ ...labelSet, ...rcSelector });
  } else if (kind === 'apps/v1/ReplicaSet' || kind === 'apps/v1/StatefulSet') {
    const obj = kind === 'apps/v1/ReplicaSet' ? listers.replicaSets.get(ns, name) : listers.statefulSets.get(ns, name);
    if (obj) {
      try {
        const other = selectorFromLabelSelector(specOf(obj).selector as LabelSelectorSpec | undefined);
        const reqs = other.requirements();
        if (reqs) selector = LabelSelector.of([...(selector.requirements() ?? []), ...reqs]);
      } catch {
        // An invalid selector adds nothing (upstream ignores the error).
      }
    }
  }
  return selector;
}
