/** Builders of services and pods for the endpoints controllers' unit tests. */
import type { PodLike, ServiceLike, ServicePortLike } from './types.js';

export function service(name: string, spec: ServiceLike['spec'] = {}, labels?: Record<string, string>): ServiceLike {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, creationTimestamp: '2025-01-01T00:00:00Z', ...(labels ? { labels } : {}) },
    spec: { selector: { app: 'web' }, clusterIP: '10.43.0.5', ipFamilies: ['IPv4'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 } as ServicePortLike], ...spec },
  };
}

export interface PodOptions {
  ip?: string;
  ips?: string[];
  ready?: boolean;
  node?: string;
  phase?: string;
  terminating?: boolean;
  hostname?: string;
  subdomain?: string;
  ports?: { name?: string; containerPort?: number; protocol?: string }[];
  labels?: Record<string, string>;
  rv?: string;
}

export function pod(name: string, o: PodOptions = {}): PodLike {
  const ips = o.ips ?? (o.ip === '' ? [] : [o.ip ?? `10.42.0.${name.length + name.charCodeAt(name.length - 1) % 200}`]);
  return {
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-${name}`,
      labels: o.labels ?? { app: 'web' },
      resourceVersion: o.rv ?? '1',
      ...(o.terminating ? { deletionTimestamp: '2025-01-01T00:01:00Z' } : {}),
    },
    spec: {
      nodeName: o.node ?? 'node-1',
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
      containers: [{ name: 'c', ports: o.ports ?? [] }],
    },
    status: {
      phase: o.phase ?? 'Running',
      ...(ips.length > 0 ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {}),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: '2025-01-01T00:00:30Z' }],
    },
  };
}
