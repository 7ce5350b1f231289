import type { KubeObjectLike } from '../object.js';
import { ResourceClient, type ResourceRef } from './resource-client.js';
import { HttpTransport, type RestConfig } from './transport.js';

/**
 * The entry point to one API server (model: client-go's rest.RESTClient + dynamic client): shares
 * connections, rate limit and retry policy among all resource handles made from it.
 */
export class RestClient {
  private readonly transport: HttpTransport;

  constructor(readonly config: RestConfig) {
    this.transport = new HttpTransport(config);
  }

  /** A handle on one resource; `.namespace(ns)` scopes it. */
  resource<T extends KubeObjectLike = KubeObjectLike>(ref: ResourceRef): ResourceClient<T> {
    return new ResourceClient<T>(this.transport, ref);
  }

  /** GET of any path (discovery, /version, /healthz…), parsed as JSON. */
  getPath<T>(path: string, options: { signal?: AbortSignal } = {}): Promise<T> {
    return this.transport.json<T>({ method: 'GET', path, signal: options.signal });
  }

  /** Closes idle connections (open watches keep theirs until stopped). */
  close(): void {
    this.transport.close();
  }
}
