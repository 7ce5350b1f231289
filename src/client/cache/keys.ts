/**
 * Store keys (model: client-go's MetaNamespaceKeyFunc): `namespace/name` for namespaced objects,
 * `name` for cluster-scoped ones.
 */
import type { KubeObjectLike } from '../object.js';

/** The key of `obj`; throws when it has no name (a store cannot hold nameless objects). */
export function objectKey(obj: KubeObjectLike): string {
  const { name, namespace } = obj.metadata;
  if (!name) throw new Error('object has no metadata.name');
  return namespace ? `${namespace}/${name}` : name;
}

/** The key for `name` in `namespace` ('' or undefined for cluster-scoped objects). */
export function keyFor(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Splits a key into namespace ('' when cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
