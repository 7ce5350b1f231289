import type { Backend } from '../../storage/backend.js';
import type { TableColumn } from '../table/table.js';
import type { SubresourceConnector } from './connector.js';
import type { SubresourceUpdate } from './generic/subresource-update.js';
import type { KubeObject } from './generic/object.js';
import type { ResourceDefinition } from './resource-definition.js';
import type { ResourceStrategy } from './generic/strategy.js';
import type { StoreHooks } from './generic/store-hooks.js';
import type { StorageConversion } from './generic/conversion.js';
import type { ScaleSpec } from './scale.js';
import type { ObjectReader } from './object-reader.js';

/** What every served resource has: what clients discover and the schema of its kind. */
export interface ApiResource {
  definition: ResourceDefinition;
  /** Schema (protobuf) type name of the kind, e.g. `k8s.io.api.core.v1.ConfigMap`. */
  schemaType: string;
}

/**
 * A create-only resource that is computed, never stored (model: the review APIs, e.g.
 * SelfSubjectAccessReview): `review` answers the posted object with its status filled in.
 */
export interface ReviewResource extends ApiResource {
  review(object: KubeObject, namespace: string): KubeObject;
}

/**
 * A read-only resource computed on each request, never stored (model: upstream's
 * componentstatuses REST): get and list only, with table columns.
 */
export interface ComputedResource extends ApiResource {
  columns: TableColumn[];
  /** Sent as a Warning header on every request (deprecated kinds). */
  warning?: string;
  /** Every object, computed now from what the server has (`backend`: the store). */
  list(context: { backend: Backend }): Promise<KubeObject[]>;
}

/**
 * Everything the API server needs to serve one stored resource (each resource's `storage.ts`
 * exports one): what clients discover, how objects behave, where they are stored, their schema
 * type and table columns, and the fields field selectors may use.
 */
export interface Resource extends ApiResource {
  strategy: ResourceStrategy;
  /** Storage key prefix, e.g. `/registry/configmaps/`. */
  prefix: string;
  columns: TableColumn[];
  /** Field selector fields beyond metadata.name and metadata.namespace. */
  selectableFields?(object: KubeObject): Record<string, string>;
  /**
   * A selectable field watchers commonly pin (pods: `spec.nodeName`, one watch per node agent):
   * the watch cache indexes watchers by it, so an event reaches only the watchers it can match.
   */
  triggerField?: string;
  /** Creates the per-server state kept in step with writes (services: IP and port allocators). */
  hooks?(): StoreHooks;
  /** Subresources served by their own code (see connector.ts), by subresource name. */
  connectors?: Readonly<Record<string, SubresourceConnector>>;
  /** Set when objects are stored in another version or kind than served (see generic/conversion.ts). */
  conversion?: StorageConversion;
  /** Where the `scale` subresource finds replicas and the selector (kinds that have one). */
  scale?: ScaleSpec;
  /**
   * Subresources that update part of the object beyond the common ones (status, finalize), by
   * name: what such an update may change (pods: ephemeralcontainers).
   */
  subresourceUpdates?: Readonly<Record<string, SubresourceUpdate>>;
  /**
   * Admission on create that reads other objects (pods: the Priority plugin's PriorityClass
   * lookup): may change the object or throw a StatusError, before defaulting and validation.
   */
  admitCreate?(object: KubeObject, reader: ObjectReader): Promise<void>;
}

/** The fields every resource can be selected by. */
export function metadataFields(object: KubeObject, namespaced: boolean): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': object.metadata.name ?? '' };
  if (namespaced) fields['metadata.namespace'] = object.metadata.namespace ?? '';
  return fields;
}
