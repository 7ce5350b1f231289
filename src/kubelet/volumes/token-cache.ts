/**
 * ServiceAccount tokens for projected volumes (model: pkg/kubelet/token/token_manager.go): tokens
 * are cached per (namespace, service account, audience, expiration, bound pod) and requested again
 * once 80% of their lifetime has passed or they are older than 24 hours (each threshold brought
 * forward by a random jitter of up to 10 s, so pods do not refresh in lockstep).
 */
import type { MaybePromise } from '../env/sources.js';

export interface TokenRequestSpec {
  audience?: string;
  expirationSeconds: number;
  boundPod: { name: string; uid: string };
}

export interface IssuedToken {
  token: string;
  /** RFC 3339 (TokenRequest status.expirationTimestamp). */
  expirationTimestamp: string;
}

/** Asks the API for a token (POST serviceaccounts/<name>/token). */
export type RequestToken = (namespace: string, serviceAccountName: string, spec: TokenRequestSpec) => MaybePromise<IssuedToken>;

const MAX_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_JITTER_MS = 10_000;

interface Cached {
  token: string;
  expiresAt: number;
  lifetimeMs: number;
  podUid: string;
}

export interface TokenCacheOptions {
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** The jitter in milliseconds for one check (default uniform in [0, 10 s)). */
  jitterMs?: () => number;
}

export class ServiceAccountTokenCache {
  readonly #tokens = new Map<string, Cached>();
  readonly #now: () => number;
  readonly #jitterMs: () => number;

  constructor(
    private readonly requestToken: RequestToken,
    options: TokenCacheOptions = {},
  ) {
    this.#now = options.now ?? Date.now;
    this.#jitterMs = options.jitterMs ?? (() => Math.floor(Math.random() * MAX_JITTER_MS));
  }

  /** A valid token for the request, from the cache unless it needs a refresh. */
  async get(namespace: string, serviceAccountName: string, spec: TokenRequestSpec): Promise<string> {
    const key = JSON.stringify([namespace, serviceAccountName, spec.audience ?? '', spec.expirationSeconds, spec.boundPod.name, spec.boundPod.uid]);
    const cached = this.#tokens.get(key);
    if (cached && !this.requiresRefresh(cached)) return cached.token;
    try {
      const issued = await this.requestToken(namespace, serviceAccountName, spec);
      const expiresAt = Date.parse(issued.expirationTimestamp);
      if (!issued.token || Number.isNaN(expiresAt)) throw new Error(`token request for ${namespace}/${serviceAccountName} returned no token or expiration`);
      this.#tokens.set(key, { token: issued.token, expiresAt, lifetimeMs: spec.expirationSeconds * 1000, podUid: spec.boundPod.uid });
      return issued.token;
    } catch (err) {
      // upstream keeps serving a cached token that has not expired yet when a refresh fails.
      if (cached && cached.expiresAt > this.#now()) return cached.token;
      throw err;
    }
  }

  /** Forgets the tokens bound to a pod (its volumes are gone). */
  deleteForPod(podUid: string): void {
    for (const [key, cached] of this.#tokens) if (cached.podUid === podUid) this.#tokens.delete(key);
  }

  private requiresRefresh(cached: Cached): boolean {
    const now = this.#now();
    const jitter = this.#jitterMs();
    const issuedAt = cached.expiresAt - cached.lifetimeMs;
    if (now > issuedAt + MAX_TTL_MS - jitter) return true;
    return now > cached.expiresAt - cached.lifetimeMs * 0.2 - jitter;
  }
}
