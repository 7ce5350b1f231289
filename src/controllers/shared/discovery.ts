/**
 * What the API server serves, read through discovery (`/api`, `/apis` and each group version's
 * APIResourceList; model: client-go's discovery.ServerGroupsAndResources and ServerPreferredResources).
 *
 * Contracts: a group version whose resource list cannot be read is reported in `failed` (as
 * upstream's ErrGroupDiscoveryFailed) while the others are still returned; failing to read `/api`
 * or `/apis` themselves throws. Subresources (`pods/status`) are left out.
 */
import { setMaxListeners } from 'node:events';
import type { ResourceRef, RestClient } from '../../client/rest/index.js';
import { errorMessage } from '../../util/errors.js';

/** One served resource of one group version (a metav1.APIResource with its group version). */
export interface ApiResourceInfo {
  group: string;
  version: string;
  /** Plural name, e.g. `replicasets`. */
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: readonly string[];
}

export interface DiscoveryResult {
  /** Every resource of every served version. */
  all: ApiResourceInfo[];
  /** Resources of each group's preferred version only (what controllers act on). */
  preferred: ApiResourceInfo[];
  /** Group versions whose resource list could not be read, with the error. */
  failed: Map<string, string>;
}

interface ApiVersions {
  versions?: string[];
}
interface ApiGroupList {
  groups?: { name: string; versions?: { groupVersion: string; version: string }[]; preferredVersion?: { version: string } }[];
}
interface ApiResourceList {
  resources?: { name: string; namespaced?: boolean; kind?: string; verbs?: string[] }[];
}

export async function discoverResources(client: RestClient, outer?: AbortSignal): Promise<DiscoveryResult> {
  // One linked signal for the many parallel requests (each adds an abort listener to it).
  const local = new AbortController();
  setMaxListeners(0, local.signal);
  const abort = () => local.abort(outer?.reason);
  if (outer?.aborted) abort();
  outer?.addEventListener('abort', abort, { once: true });
  try {
    return await discover(client, local.signal);
  } finally {
    outer?.removeEventListener('abort', abort);
  }
}

async function discover(client: RestClient, signal: AbortSignal): Promise<DiscoveryResult> {
  const [core, groups] = await Promise.all([
    client.getPath<ApiVersions>('/api', { signal }),
    client.getPath<ApiGroupList>('/apis', { signal }),
  ]);
  const targets: { group: string; version: string; preferred: boolean; path: string }[] = [];
  for (const version of core.versions ?? []) targets.push({ group: '', version, preferred: version === 'v1', path: `/api/${version}` });
  for (const group of groups.groups ?? []) {
    const preferredVersion = group.preferredVersion?.version ?? group.versions?.[0]?.version;
    for (const { version } of group.versions ?? []) {
      targets.push({ group: group.name, version, preferred: version === preferredVersion, path: `/apis/${group.name}/${version}` });
    }
  }
  const result: DiscoveryResult = { all: [], preferred: [], failed: new Map() };
  const lists = await Promise.all(
    targets.map(async (target) => {
      try {
        return { target, list: await client.getPath<ApiResourceList>(target.path, { signal }) };
      } catch (err) {
        return { target, error: errorMessage(err) };
      }
    }),
  );
  for (const { target, list, error } of lists) {
    const groupVersion = target.group === '' ? target.version : `${target.group}/${target.version}`;
    if (error !== undefined || !list) {
      result.failed.set(groupVersion, error ?? 'no resource list');
      continue;
    }
    for (const r of list.resources ?? []) {
      if (r.name.includes('/') || !r.kind) continue;
      const info: ApiResourceInfo = { group: target.group, version: target.version, resource: r.name, kind: r.kind, namespaced: r.namespaced === true, verbs: r.verbs ?? [] };
      result.all.push(info);
      if (target.preferred) result.preferred.push(info);
    }
  }
  return result;
}

/** Whether `info` supports every one of `verbs` (discovery.SupportsAllVerbs). */
export function supportsAll(info: ApiResourceInfo, verbs: readonly string[]): boolean {
  return verbs.every((verb) => info.verbs.includes(verb));
}

export function apiVersionOf(info: { group: string; version: string }): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

export function refOf(info: ApiResourceInfo): ResourceRef {
  return { group: info.group, version: info.version, resource: info.resource, namespaced: info.namespaced };
}

/** `resource.group/version`, the way logs and keys name a resource (`pods./v1`, `deployments.apps/v1`). */
export function resourceName(info: ApiResourceInfo): string {
  return `${info.resource}.${info.group}/${info.version}`;
}

/**
 * Maps an owner reference's apiVersion and kind to the resource serving it (model: a RESTMapper
 * over discovery). Only exact group/version/kind matches count, as upstream's mapping with a
 * version does.
 */
export class ResourceMapper {
  private readonly byKind = new Map<string, ApiResourceInfo>();

  constructor(resources: readonly ApiResourceInfo[]) {
    for (const info of resources) {
      const key = `${apiVersionOf(info)}|${info.kind}`;
      // Several resources may serve a kind (e.g. a legacy alias); the first listed wins, as discovery order is stable.
      if (!this.byKind.has(key)) this.byKind.set(key, info);
    }
  }

  forKind(apiVersion: string, kind: string): ApiResourceInfo | undefined {
    return this.byKind.get(`${apiVersion}|${kind}`);
  }
}
