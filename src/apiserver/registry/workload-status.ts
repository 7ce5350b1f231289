import { isDeepStrictEqual } from 'node:util';
import { isDNS1123Label } from '../../api/validation/names.js';
import { cloneObject, type KubeObject } from './generic/object.js';

/**
 * Status handling of the kinds with a status subresource (model: the workload strategies
 * upstream): a create starts from an empty status (`status: {}`), and writes through the main
 * resource keep the stored status.
 */
export function resetStatus(object: KubeObject): void {
  object['status'] = {};
}

export function keepStatus(object: KubeObject, old: KubeObject): void {
  if (old['status'] === undefined) delete object['status'];
  else object['status'] = cloneObject(old['status']);
}

/** Deployments bump their generation on spec or annotation changes (rollbacks are annotations). */
export function specOrAnnotationsChanged(object: KubeObject, old: KubeObject): boolean {
  const view = (o: KubeObject): unknown => JSON.parse(JSON.stringify({ spec: o['spec'] ?? null, annotations: o.metadata.annotations ?? {} }));
  return !isDeepStrictEqual(view(object), view(old));
}

/**
 * The WarningsOnCreate of the kinds whose name becomes pod names and hostnames (Deployments,
 * ReplicaSets, Jobs, CronJobs, ReplicationControllers): a name that is no DNS label works, but
 * surprisingly.
 */
export function podNameWarnings(object: KubeObject): string[] {
  const problems = isDNS1123Label(object.metadata.name ?? '');
  if (problems.length === 0) return [];
  return [`metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${problems.join(' ')}]`];
}
