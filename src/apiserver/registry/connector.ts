import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Backend } from '../../storage/backend.js';
import type { ObjectStore } from './generic/conversion.js';
import type { ObjectReader } from './object-reader.js';
import type { ServerFacilities } from './server-facilities.js';

/**
 * A subresource served by its own code rather than as a part of the stored object (model: the
 * Connecter and Creater REST storages upstream, e.g. pods' BindingREST, EvictionREST, LogREST,
 * ExecREST). The resource handler routes `…/{name}/{subresource}[/{parts…}]` here once the
 * subresource is known and the verb is one it lists; the connector writes the whole response
 * (or throws a StatusError, which the server writes).
 */
export interface ConnectRequest {
  req: IncomingMessage;
  /**
   * The response. For an upgrade request it is written straight onto `upgrade.socket`: a
   * connector that refuses (throws) gets its Status written there as a plain HTTP answer; one that
   * accepts takes the socket over and must not touch `res`.
   */
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
  /** Other resources' objects (Nodes for the kubelet's address…), from the watch caches. */
  reader: ObjectReader;
  /** Set when the client asked for a protocol upgrade (`Connection: Upgrade`: exec, attach, port-forward). */
  upgrade?: UpgradeConnection;
  /** Server-wide facilities (the ServiceAccount token issuer). */
  server: ServerFacilities;
}

/** The raw connection of an upgrade request, as Node's `'upgrade'` event hands it over. */
export interface UpgradeConnection {
  socket: Duplex;
  /** Bytes the client sent after the request head (the first bytes of the upgraded protocol). */
  head: Buffer;
}

export type SubresourceConnector = (request: ConnectRequest) => Promise<void>;
