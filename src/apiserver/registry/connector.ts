import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Backend } from '../../storage/backend.js';
import type { ObjectStore } from './generic/conversion.js';

/**
 * A subresource served by its own code rather than as a part of the stored object (model: the
 * Connecter and Creater REST storages upstream, e.g. pods' BindingREST, EvictionREST, LogREST,
 * ExecREST). The resource handler routes `…/{name}/{subresource}[/{parts…}]` here once the
 * subresource is known and the verb is one it lists; the connector writes the whole response
 * (or throws a StatusError, which the server writes).
 */
export interface ConnectRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** create, get, update, patch or delete (from the HTTP method). */
  verb: string;
  namespace: string;
  /** The parent object's name. */
  name: string;
  /** Path segments after the subresource (proxy targets). */
  parts: readonly string[];
  query: URLSearchParams;
  /** The parent resource's store. */
  store: ObjectStore;
  /** The storage backend, for objects of other resources (e.g. PodDisruptionBudgets). */
  backend: Backend;
}

export type SubresourceConnector = (request: ConnectRequest) => Promise<void>;
