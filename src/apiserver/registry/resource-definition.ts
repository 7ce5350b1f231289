/**
 * How one served resource appears in the API (model: the APIResource entries of discovery):
 * its group/version, names, scope, verbs and subresources. Storage and behaviour live elsewhere
 * (strategy.ts, storage.ts per resource); this is what clients discover.
 */
export interface SubresourceDefinition {
  /** e.g. `status`, `scale`, `log`. */
  name: string;
  /** Kind of the subresource's body (Scale for scale; the parent's kind for status). */
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

export interface ResourceDefinition {
  group: string;
  version: string;
  /** Plural, lower-case (`deployments`). */
  resource: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: SubresourceDefinition[];
}

export const READ_WRITE_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The `status` subresource of a kind (get, update and patch of status alone). */
export function statusSubresource(kind: string): SubresourceDefinition {
  return { name: 'status', kind, verbs: ['get', 'patch', 'update'] };
}

export function groupVersion(def: { group: string; version: string }): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}
