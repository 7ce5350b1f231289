/**
 * What the kubelet core hands to env and volume code: the JSON shapes of the objects they read and
 * the getters that fetch them. Getters may be synchronous (informer listers) or asynchronous (API
 * reads); a missing object is reported by throwing `NotFoundError` (src/util/errors.ts), any other
 * failure by throwing anything else (passed through unchanged).
 */
import type { PodSpecLike, ResourceList } from '../../api/validation/pod/shapes.js';

export interface PodLike {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [field: string]: unknown;
  };
  spec?: PodSpecLike & { enableServiceLinks?: boolean };
  [field: string]: unknown;
}

export interface ConfigMapLike {
  data?: Record<string, string>;
  /** Base64, as in the API's JSON. */
  binaryData?: Record<string, string>;
  [field: string]: unknown;
}

export interface SecretLike {
  /** Base64, as in the API's JSON. */
  data?: Record<string, string>;
  [field: string]: unknown;
}

export interface ServicePortLike {
  name?: string;
  port?: number;
  protocol?: string;
}

export interface ServiceLike {
  metadata?: { name?: string; namespace?: string; [field: string]: unknown };
  spec?: { clusterIP?: string; ports?: ServicePortLike[]; [field: string]: unknown };
  [field: string]: unknown;
}

export type MaybePromise<T> = T | Promise<T>;

/** Reads the pod's ConfigMaps and Secrets (throwing NotFoundError when absent). */
export interface ObjectGetters {
  getConfigMap(namespace: string, name: string): MaybePromise<ConfigMapLike>;
  getSecret(namespace: string, name: string): MaybePromise<SecretLike>;
}

/** Everything makeEnvironmentVariables reads besides the pod itself. */
export interface EnvSources extends ObjectGetters {
  /** The services of one namespace (the kubelet's informer cache). */
  listServices(namespace: string): MaybePromise<readonly ServiceLike[]>;
  /** node.status.allocatable: the defaults for unset resource limits in resourceFieldRef. */
  nodeAllocatable: ResourceList;
  /** The pod's IPs, preferred family first (empty before the sandbox has one). */
  podIPs: readonly string[];
  /** The node's IPs, preferred family first. */
  hostIPs: readonly string[];
  /**
   * Receives warnings upstream records as pod events (e.g. reason `InvalidEnvironmentVariableNames`).
   * Optional; without it the warnings are dropped.
   */
  warn?(reason: string, message: string): void;
}
