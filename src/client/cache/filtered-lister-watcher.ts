import type { ListerWatcher, ListOptions, ObjectList, Watch, WatchOptions } from '../lister-watcher.js';
import type { KubeObjectLike } from '../object.js';

export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * A ListerWatcher that lists and watches only the objects matching fixed selectors (model:
 * client-go's NewFilteredListWatchFromClient), e.g. a kubelet's pods: `spec.nodeName=<node>`.
 * The fixed selectors replace any the caller passes.
 */
export function filteredListerWatcher<T extends KubeObjectLike>(lw: ListerWatcher<T>, selectors: Selectors): ListerWatcher<T> {
  return {
    list: (options: ListOptions): Promise<ObjectList<T>> => lw.list({ ...options, ...selectors }),
    watch: (options: WatchOptions): Promise<Watch<T>> => lw.watch({ ...options, ...selectors }),
  };
}
