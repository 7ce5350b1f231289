/**
 * The JSON shapes of core/v1 Service, Pod, Node, Endpoints and discovery/v1 EndpointSlice that the
 * endpoints and EndpointSlice controllers read and write. The API server has validated and
 * defaulted what it stores, so these only name the fields; every field stays optional because
 * other writers may omit any of them.
 */
import type { KubeObjectLike } from '../../../client/object.js';

export interface ServicePortLike {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port?: number;
  targetPort?: number | string;
}

export interface ServiceLike extends KubeObjectLike {
  spec?: {
    type?: string;
    selector?: Record<string, string> | null;
    clusterIP?: string;
    ipFamilies?: string[];
    ports?: ServicePortLike[];
    publishNotReadyAddresses?: boolean;
  };
}

export interface PodConditionLike {
  type?: string;
  status?: string;
  lastTransitionTime?: string;
}

export interface PodContainerLike {
  name?: string;
  restartPolicy?: string;
  ports?: { name?: string; containerPort?: number; protocol?: string }[];
}

export interface PodLike extends KubeObjectLike {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers?: PodContainerLike[];
    initContainers?: PodContainerLike[];
  };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip?: string }[];
    conditions?: PodConditionLike[];
  };
}

export interface NodeLike extends KubeObjectLike {
  status?: { conditions?: { type?: string; status?: string }[] };
}

/** core/v1 ObjectReference as the controllers write it (no resourceVersion, as upstream). */
export interface PodReference {
  kind: 'Pod';
  namespace: string;
  name: string;
  uid: string;
  resourceVersion?: string;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: PodReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface EndpointsLike extends KubeObjectLike {
  subsets?: EndpointSubset[];
}

export type AddressType = 'IPv4' | 'IPv6' | 'FQDN';

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  targetRef?: PodReference;
  nodeName?: string;
  zone?: string;
  hints?: unknown;
}

export interface SlicePort {
  name?: string;
  protocol?: string;
  port?: number;
  appProtocol?: string;
}

export interface EndpointSliceLike extends KubeObjectLike {
  addressType: AddressType;
  endpoints?: SliceEndpoint[] | null;
  ports?: SlicePort[] | null;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const LAST_CHANGE_TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';
export const TOPOLOGY_ZONE_LABEL = 'topology.kubernetes.io/zone';
