import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { ServiceAllocations } from './allocations.js';
import { IpAllocator } from './ip-allocator.js';
import { PortAllocator } from './port-allocator.js';
import { serviceColumns, serviceStrategy } from './strategy.js';
import type { Service } from './types.js';

/** The service CIDR (k3s' default): ClusterIPs come from here; 10.43.0.1 is the kubernetes service's. */
export const SERVICE_CIDR = '10.43.0.0/16';

/** Services, with ClusterIP and NodePort allocation (see ServiceAllocations). */
export const services: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'services',
    singularName: 'service',
    kind: 'Service',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['svc'],
    categories: ['all'],
    subresources: [statusSubresource('Service')],
  },
  strategy: serviceStrategy,
  // Endpoints live under /registry/services/endpoints/, beside these (upstream's layout).
  prefix: '/registry/services/specs/',
  schemaType: 'k8s.io.api.core.v1.Service',
  columns: serviceColumns,
  selectableFields: (o) => ({ 'spec.clusterIP': (o as Service).spec?.clusterIP ?? '', 'spec.type': (o as Service).spec?.type ?? '' }),
  hooks: () => new ServiceAllocations(new IpAllocator(SERVICE_CIDR), new PortAllocator()),
};

/** The `kubernetes` service in `default` (model: the apiserver's bootstrap controller), for an API server on `port`. */
export function kubernetesService(port: number): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: new IpAllocator(SERVICE_CIDR).kubernetesServiceIP,
      ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: port }],
      sessionAffinity: 'None',
    },
  };
}
