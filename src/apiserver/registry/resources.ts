import { configMaps } from './core/configmaps/storage.js';
import { replicationControllers } from './core/replicationcontrollers/storage.js';
import { controllerRevisions } from './apps/controllerrevisions/storage.js';
import { daemonSets } from './apps/daemonsets/storage.js';
import { deployments } from './apps/deployments/storage.js';
import { replicaSets } from './apps/replicasets/storage.js';
import { statefulSets } from './apps/statefulsets/storage.js';
import { cronJobs } from './batch/cronjobs/storage.js';
import { jobs } from './batch/jobs/storage.js';
import { endpoints } from './core/endpoints/storage.js';
import { events } from './core/events/storage.js';
import { limitRanges } from './core/limitranges/storage.js';
import { namespaces } from './core/namespaces/storage.js';
import { podTemplates } from './core/podtemplates/storage.js';
import { pods } from './core/pods/storage.js';
import { resourceQuotas } from './core/resourcequotas/storage.js';
import { secrets } from './core/secrets/storage.js';
import { serviceAccounts } from './core/serviceaccounts/storage.js';
import { SYSTEM_NAMESPACES } from './core/namespaces/strategy.js';
import { leases } from './coordination/leases/storage.js';
import { ingressClasses } from './networking/ingressclasses/storage.js';
import { clusterRoleBindings, clusterRoles, roleBindings, roles } from './rbac/resources.js';
import { priorityClasses } from './scheduling/priorityclasses/storage.js';
import { SYSTEM_PRIORITY_CLASSES } from './scheduling/priorityclasses/strategy.js';
import { storageClasses } from './storage/storageclasses/storage.js';
import { selfSubjectReviews, tokenReviews } from './authentication/reviews.js';
import { localSubjectAccessReviews, selfSubjectAccessReviews, selfSubjectRulesReviews, subjectAccessReviews } from './authorization/access-reviews.js';
import type { ComputedResource, Resource, ReviewResource } from './resource.js';
import { componentStatuses } from './core/componentstatuses/storage.js';
import type { BootstrapObject } from '../server.js';
import { kubernetesService, services } from './core/services/storage.js';
import { nodes } from './core/nodes/storage.js';
import { persistentVolumes } from './core/persistentvolumes/storage.js';
import { persistentVolumeClaims } from './core/persistentvolumeclaims/storage.js';
import { eventsV1 } from './events/events/storage.js';
import { ingresses } from './networking/ingresses/storage.js';
import { networkPolicies } from './networking/networkpolicies/storage.js';
import { endpointSlices } from './discovery/endpointslices/storage.js';
import { podDisruptionBudgets } from './policy/poddisruptionbudgets/storage.js';
import { horizontalPodAutoscalersV1, horizontalPodAutoscalersV2 } from './autoscaling/horizontalpodautoscalers/storage.js';

/** Every stored resource, in discovery order (the preferred version of a group first). */
export const RESOURCES: readonly Resource[] = [
  namespaces,
  configMaps,
  secrets,
  events,
  endpoints,
  services,
  serviceAccounts,
  nodes,
  persistentVolumes,
  persistentVolumeClaims,
  resourceQuotas,
  limitRanges,
  pods,
  podTemplates,
  replicationControllers,
  deployments,
  replicaSets,
  statefulSets,
  daemonSets,
  controllerRevisions,
  jobs,
  cronJobs,
  roles,
  roleBindings,
  clusterRoles,
  clusterRoleBindings,
  leases,
  ingressClasses,
  ingresses,
  networkPolicies,
  priorityClasses,
  storageClasses,
  eventsV1,
  endpointSlices,
  podDisruptionBudgets,
  horizontalPodAutoscalersV2,
  horizontalPodAutoscalersV1,
];

/**
 * Objects every cluster has, created at startup when missing (model: the apiserver's bootstrap
 * post-start hooks): the system namespaces, the system priority classes and the `kubernetes`
 * service (its target port is the API server's port).
 */
export const BOOTSTRAP_OBJECTS: readonly BootstrapObject[] = [
  ...SYSTEM_NAMESPACES.map((name) => ({ resource: namespaces, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } })),
  ...Object.entries(SYSTEM_PRIORITY_CLASSES).map(([name, value]) => ({
    resource: priorityClasses,
    object: {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name },
      value,
      description:
        name === 'system-node-critical'
          ? 'Used for system critical pods that must not be moved from their current node.'
          : 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    },
  })),
  { resource: services, object: ({ port }) => kubernetesService(port) },
];

/** Create-only resources answered without storage. */
export const REVIEW_RESOURCES: readonly ReviewResource[] = [
  selfSubjectAccessReviews,
  subjectAccessReviews,
  localSubjectAccessReviews,
  selfSubjectRulesReviews,
  tokenReviews,
  selfSubjectReviews,
];

/** Read-only resources computed on each request. */
export const COMPUTED_RESOURCES: readonly ComputedResource[] = [componentStatuses];
