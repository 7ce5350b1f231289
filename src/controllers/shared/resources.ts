/**
 * The resources controllers read and write, as client ResourceRefs, and the key under which the
 * controller manager's SharedInformerFactory shares one informer per resource.
 */
import type { ResourceRef } from '../../client/rest/index.js';

const core = (resource: string, namespaced = true): ResourceRef => ({ group: '', version: 'v1', resource, namespaced });

export const PODS = core('pods');
export const NODES = core('nodes', false);
export const NAMESPACES = core('namespaces', false);
export const SERVICES = core('services');
export const ENDPOINTS = core('endpoints');
export const SERVICEACCOUNTS = core('serviceaccounts');
export const SECRETS = core('secrets');
export const CONFIGMAPS = core('configmaps');
export const REPLICATIONCONTROLLERS = core('replicationcontrollers');
export const REPLICASETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true };
export const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };
export const CONTROLLERREVISIONS: ResourceRef = { group: 'apps', version: 'v1', resource: 'controllerrevisions', namespaced: true };
export const JOBS: ResourceRef = { group: 'batch', version: 'v1', resource: 'jobs', namespaced: true };
export const ENDPOINTSLICES: ResourceRef = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', namespaced: true };
export const LEASES: ResourceRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespaced: true };

/** `group/version/resource` ('' group kept: `/v1/pods`): the informer factory's key. */
export function resourceKey(ref: ResourceRef): string {
  return `${ref.group}/${ref.version}/${ref.resource}`;
}
