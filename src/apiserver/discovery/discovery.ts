import { groupVersion, type ResourceDefinition } from '../registry/resource-definition.js';

/**
 * Discovery documents for the served resources, legacy and aggregated (model:
 * k8s.io/apiserver/pkg/endpoints/discovery). Versions of a group are listed in the order given;
 * the first is the preferred one. The core group (`""`) is served under /api, the others under
 * /apis.
 */
export interface ServedGroup {
  name: string;
  /** Versions, preferred first, each with its resources. */
  versions: { version: string; resources: ResourceDefinition[] }[];
}

/** Groups from a flat list of resources, in first-seen order. */
export function groupResources(resources: readonly ResourceDefinition[]): ServedGroup[] {
  const groups = new Map<string, ServedGroup>();
  for (const def of resources) {
    let group = groups.get(def.group);
    if (!group) groups.set(def.group, (group = { name: def.group, versions: [] }));
    let version = group.versions.find((v) => v.version === def.version);
    if (!version) group.versions.push((version = { version: def.version, resources: [] }));
    version.resources.push(def);
  }
  return [...groups.values()];
}

/** `GET /api`. */
export function apiVersions(groups: readonly ServedGroup[]): unknown {
  const core = groups.find((g) => g.name === '');
  return { kind: 'APIVersions', versions: core?.versions.map((v) => v.version) ?? [], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '' }] };
}

/** `GET /apis`. */
export function apiGroupList(groups: readonly ServedGroup[]): unknown {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.filter((g) => g.name !== '').map(apiGroup) };
}

/** `GET /apis/<group>`. */
export function apiGroup(group: ServedGroup): unknown {
  const versions = group.versions.map((v) => ({ groupVersion: `${group.name}/${v.version}`, version: v.version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group.name, versions, preferredVersion: versions[0] };
}

/** `GET /api/v1`, `GET /apis/<group>/<version>`. */
export function apiResourceList(group: string, version: string, resources: readonly ResourceDefinition[]): unknown {
  const list: Record<string, unknown>[] = [];
  for (const def of resources) {
    list.push({
      name: def.resource,
      singularName: def.singularName,
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: def.verbs,
      ...(def.shortNames?.length ? { shortNames: def.shortNames } : {}),
      ...(def.categories?.length ? { categories: def.categories } : {}),
      storageVersionHash: '',
    });
    for (const sub of def.subresources ?? []) {
      list.push({
        name: `${def.resource}/${sub.name}`,
        singularName: '',
        namespaced: def.namespaced,
        ...(sub.group !== undefined ? { group: sub.group } : {}),
        ...(sub.version !== undefined ? { version: sub.version } : {}),
        kind: sub.kind,
        verbs: sub.verbs,
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion({ group, version }), resources: list };
}

/** The media type kubectl asks for and requires back to use aggregated discovery. */
export const AGGREGATED_DISCOVERY_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Aggregated discovery (`apidiscovery.k8s.io/v2` APIGroupDiscoveryList) for /api or /apis. */
export function aggregatedDiscovery(groups: readonly ServedGroup[]): unknown {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((group) => ({
      metadata: { name: group.name, creationTimestamp: null },
      versions: group.versions.map((v) => ({
        version: v.version,
        freshness: 'Current',
        resources: v.resources.map((def) => ({
          resource: def.resource,
          responseKind: { group: def.group, version: def.version, kind: def.kind },
          scope: def.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: def.singularName,
          verbs: def.verbs,
          ...(def.shortNames?.length ? { shortNames: def.shortNames } : {}),
          ...(def.categories?.length ? { categories: def.categories } : {}),
          ...(def.subresources?.length
            ? {
                subresources: def.subresources.map((sub) => ({
                  subresource: sub.name,
                  responseKind: { group: sub.group ?? def.group, version: sub.version ?? def.version, kind: sub.kind },
                  verbs: sub.verbs,
                })),
              }
            : {}),
        })),
      })),
    })),
  };
}
