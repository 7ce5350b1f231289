/**
 * Deletes everything in a Terminating namespace, then releases the namespace (model: upstream
 * namespace/deletion/namespaced_resources_deleter.go).
 *
 * delete(name):
 * 1. GET the namespace; gone or not being deleted → done;
 * 2. already finalized (no spec.finalizers) → done;
 * 3. for every namespaced resource that supports delete (preferred versions): estimate the
 *    graceful termination left (pods), deletecollection (or list + delete each) with
 *    propagationPolicy Background, then list what remains;
 * 4. write the status conditions when they changed;
 * 5. content remains → ResourcesRemainingError(estimate) (the controller requeues after
 *    estimate/2 + 1 s); a failure → the error (requeued with backoff);
 * 6. PUT `finalize` without the `kubernetes` finalizer, retrying on conflicts, so the namespace goes.
 */
import type { KubeObjectLike } from '../../client/object.js';
import type { ResourceClient, RestClient } from '../../client/rest/index.js';
import type { Clock } from '../../client/flowcontrol/clock.js';
import { errorMessage, isNotFound, StatusError } from '../../util/errors.js';
import type { Logger } from '../../util/logging.js';
import { discoverResources, refOf, supportsAll, type ApiResourceInfo } from '../shared/discovery.js';
import { NAMESPACES, PODS } from '../shared/resources.js';
import { NamespaceConditionUpdater, type ContentTotals, type NamespaceCondition } from './conditions.js';
import { estimateForPods, type PodForEstimate } from './estimate.js';

/** The finalizer this controller owns on namespaces' spec.finalizers. */
export const FINALIZER_KUBERNETES = 'kubernetes';
/** Assumed wait for finalizers found on remaining items (upstream finalizerEstimateSeconds). */
export const FINALIZER_ESTIMATE_SECONDS = 15;

export interface Namespace extends KubeObjectLike {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: NamespaceCondition[] };
}

/** Content is still going away; try again in about `estimate` seconds. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
  }
}

interface ResourceOutcome {
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
}

export class NamespacedResourcesDeleter {
  private readonly namespaces: ResourceClient<Namespace>;

  constructor(
    private readonly client: RestClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.namespaces = client.resource<Namespace>(NAMESPACES);
  }

  async delete(name: string): Promise<void> {
    // 1.
    let namespace: Namespace;
    try {
      namespace = await this.namespaces.get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (namespace.metadata.deletionTimestamp === undefined) return;
    // 2.
    if ((namespace.spec?.finalizers ?? []).length === 0) return;
    // 3. and 4.
    const estimate = await this.deleteAllContent(namespace);
    // 5.
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    // 6.
    try {
      await this.retryOnConflict(namespace, (ns) => this.finalize(ns));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private async finalize(namespace: Namespace): Promise<Namespace> {
    const finalizers = [...new Set((namespace.spec?.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES))].sort();
    const request: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: namespace.metadata, spec: { ...namespace.spec, finalizers } };
    return this.namespaces.updateSubresource(request, 'finalize');
  }

  /** Runs `update` on the namespace, re-reading it after each conflict; fails if its uid changed. */
  private async retryOnConflict(namespace: Namespace, update: (ns: Namespace) => Promise<Namespace>): Promise<Namespace> {
    let latest = namespace;
    for (;;) {
      try {
        return await update(latest);
      } catch (err) {
        if (!(err instanceof StatusError && err.reason === 'Conflict')) throw err;
      }
      const previous = latest;
      latest = await this.namespaces.get(namespace.metadata.name ?? '');
      if (latest.metadata.uid !== previous.metadata.uid) throw new Error('namespace uid has changed across retries');
    }
  }

  /** Deletes the content of every resource; the largest estimate of what remains (0: all gone). Throws the joined failures. */
  private async deleteAllContent(namespace: Namespace): Promise<number> {
    const name = namespace.metadata.name ?? '';
    const deletedAt = Date.parse(namespace.metadata.deletionTimestamp ?? '');
    const updater = new NamespaceConditionUpdater(() => new Date(this.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z'));
    const errors: string[] = [];
    let resources: ApiResourceInfo[] = [];
    try {
      const discovered = await discoverResources(this.client);
      if (discovered.failed.size > 0) {
        updater.processDiscoverResourcesErr(discovered.failed);
        errors.push(`unable to retrieve the complete list of server APIs: ${[...discovered.failed].map(([gv, e]) => `${gv}: ${e}`).join(', ')}`);
      }
      resources = discovered.preferred.filter((r) => r.namespaced && supportsAll(r, ['delete']));
    } catch (err) {
      // Discovery errors are not fatal elsewhere, but without /api and /apis nothing can be deleted.
      updater.processDiscoverResourcesErr(new Map([['', errorMessage(err)]]));
      errors.push(errorMessage(err));
    }
    let estimate = 0;
    const totals: ContentTotals = { remainingByResource: new Map(), remainingByFinalizer: new Map() };
    for (const resource of resources) {
      let outcome: ResourceOutcome;
      try {
        outcome = await this.deleteAllContentForResource(resource, name, deletedAt);
      } catch (err) {
        const outcomeOnError = err instanceof ContentError ? err.outcome : undefined;
        errors.push(errorMessage(err));
        updater.processDeleteContentErr(errorMessage(err));
        if (!outcomeOnError) continue;
        outcome = outcomeOnError;
      }
      estimate = Math.max(estimate, outcome.estimate);
      if (outcome.remaining > 0) {
        totals.remainingByResource.set(`${resource.resource}.${resource.group}`, outcome.remaining);
        for (const [finalizer, n] of outcome.finalizers) totals.remainingByFinalizer.set(finalizer, (totals.remainingByFinalizer.get(finalizer) ?? 0) + n);
      }
    }
    updater.processContentTotals(totals);
    // Conditions are written even on success: a failure reported earlier must be cleared.
    const updated = structuredClone(namespace);
    updated.status = { ...updated.status, conditions: [...(updated.status?.conditions ?? [])] };
    if (updater.update(updated.status.conditions!)) {
      try {
        await this.namespaces.updateStatus(updated);
      } catch (err) {
        this.logger.warn({ namespace: name, err: errorMessage(err) }, `couldn't update status condition for namespace "${name}"`);
      }
    }
    if (errors.length > 0) throw new Error(errors.join(', '));
    return estimate;
  }

  private async deleteAllContentForResource(resource: ApiResourceInfo, namespace: string, deletedAt: number): Promise<ResourceOutcome> {
    const client = this.client.resource<KubeObjectLike>(refOf(resource)).namespace(namespace);
    const estimate = await this.estimateGracefulTermination(resource, namespace, deletedAt);
    const done = (remaining = 0, finalizers = new Map<string, number>()): ResourceOutcome => ({ estimate, remaining, finalizers });
    // Background: the namespace controller deletes generically and must not have the GC orphan anything.
    if (!(await this.deleteCollection(resource, client))) await this.deleteEachItem(resource, client);
    if (!resource.verbs.includes('list')) return done();
    let items: KubeObjectLike[];
    try {
      items = (await client.list()).items;
    } catch (err) {
      if (isNotFound(err) || isMethodNotSupported(err)) return done();
      throw new ContentError(errorMessage(err), done());
    }
    if (items.length === 0) return { estimate: 0, remaining: 0, finalizers: new Map() };
    const finalizers = new Map<string, number>();
    for (const item of items) {
      for (const f of (item.metadata['finalizers'] as string[] | undefined) ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
    if (estimate !== 0) return done(items.length, finalizers);
    // Finalizers on remaining items are normal: give them a default time to finish.
    if (finalizers.size > 0) return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining: items.length, finalizers };
    throw new ContentError(
      `unexpected items still remain in namespace: ${namespace} for gvr: {${resource.group} ${resource.version} ${resource.resource}}`,
      done(items.length),
    );
  }

  /** True when deletecollection was supported (and succeeded). */
  private async deleteCollection(resource: ApiResourceInfo, client: ResourceClient<KubeObjectLike>): Promise<boolean> {
    if (!resource.verbs.includes('deletecollection')) return false;
    try {
      await client.deleteCollection({ propagationPolicy: 'Background' });
      return true;
    } catch (err) {
      if (isMethodNotSupported(err) || isNotFound(err)) return false;
      throw err;
    }
  }

  private async deleteEachItem(resource: ApiResourceInfo, client: ResourceClient<KubeObjectLike>): Promise<void> {
    if (!resource.verbs.includes('list')) return;
    let items: KubeObjectLike[];
    try {
      items = (await client.list()).items;
    } catch (err) {
      if (isMethodNotSupported(err) || isNotFound(err)) return;
      throw err;
    }
    for (const item of items) {
      try {
        await client.delete(item.metadata.name ?? '', { propagationPolicy: 'Background' });
      } catch (err) {
        if (!isNotFound(err) && !isMethodNotSupported(err)) throw err;
      }
    }
  }

  /** Seconds of graceful termination left for `resource` (pods only); 0 once that time has passed since the namespace's deletion. */
  private async estimateGracefulTermination(resource: ApiResourceInfo, namespace: string, deletedAt: number): Promise<number> {
    if (!(resource.group === '' && resource.resource === 'pods')) return 0;
    const pods = (await this.client.resource<PodForEstimate>(PODS).namespace(namespace).list()).items;
    const estimate = estimateForPods(pods);
    const elapsedMs = this.clock.now() - deletedAt;
    return elapsedMs >= estimate * 1000 ? 0 : estimate;
  }
}

/** A failure for one resource that still knows what remained. */
class ContentError extends Error {
  constructor(
    message: string,
    readonly outcome: ResourceOutcome,
  ) {
    super(message);
  }
}

function isMethodNotSupported(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'MethodNotAllowed';
}
