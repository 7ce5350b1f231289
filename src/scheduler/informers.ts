/** The informer factory the scheduler and its plugins share: keys `pods`, `nodes`, `namespaces` (core v1) or `group/version/resource`. */
import { SharedInformerFactory, type ResourceKey } from '../client/cache/index.js';
import type { ListerWatcher } from '../client/lister-watcher.js';
import type { KubeObjectLike } from '../client/object.js';
import type { RestClient } from '../client/rest/index.js';

const CLUSTER_SCOPED = new Set(['nodes', 'namespaces', 'persistentvolumes', 'storageclasses', 'priorityclasses', 'csinodes']);

export function resourceRefFor(key: ResourceKey): { group: string; version: string; resource: string; namespaced: boolean } {
  const parts = key.split('/');
  if (parts.length === 1) return { group: '', version: 'v1', resource: key, namespaced: !CLUSTER_SCOPED.has(key) };
  if (parts.length === 3) {
    const [group, version, resource] = parts as [string, string, string];
    return { group: group === 'core' ? '' : group, version, resource, namespaced: !CLUSTER_SCOPED.has(resource) };
  }
  throw new Error(`informer key ${JSON.stringify(key)}: want "resource" (core v1) or "group/version/resource"`);
}

export function schedulerInformerFactory(client: RestClient): SharedInformerFactory {
  return new SharedInformerFactory((key) => client.resource<KubeObjectLike>(resourceRefFor(key)) as ListerWatcher<KubeObjectLike>);
}
