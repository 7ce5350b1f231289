/**
 * The claims of a ServiceAccount token (model: pkg/serviceaccount/claims.go, v1.32): the
 * registered claims (sub, aud, exp, iat, nbf, jti; the issuer adds iss) and the private
 * `kubernetes.io` claim naming the namespace, the service account and the object the token is
 * bound to. Pure: the clock and the token id come from the caller.
 */

/** A name and UID, as the private claim carries them (empty ones are left out). */
export interface ObjectRef {
  name: string;
  uid: string;
}

export interface ClaimsInput {
  namespace: string;
  serviceAccount: ObjectRef;
  /** The object the token is bound to (at most one of pod and secret; a pod's node may come with its pod). */
  pod?: ObjectRef;
  secret?: ObjectRef;
  node?: ObjectRef;
  audiences: readonly string[];
  /** Lifetime from `now`. */
  expirationSeconds: number;
  /** Seconds after `now` from which a user of the token should warn it is stale (0: none). */
  warnAfterSeconds: number;
  now: Date;
  /** The `jti` (a random UUID, upstream's ServiceAccountTokenJTI). */
  tokenId: string;
}

interface PrivateRef {
  name?: string;
  uid?: string;
}

export interface ServiceAccountClaims {
  aud: string[];
  exp: number;
  iat: number;
  jti: string;
  'kubernetes.io': {
    namespace?: string;
    node?: PrivateRef;
    pod?: PrivateRef;
    secret?: PrivateRef;
    serviceaccount?: PrivateRef;
    warnafter?: number;
  };
  nbf: number;
  sub: string;
}

/** upstream apiserverserviceaccount.MakeUsername. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

function ref(r: ObjectRef): PrivateRef {
  return { ...(r.name ? { name: r.name } : {}), ...(r.uid ? { uid: r.uid } : {}) };
}

/** The claims (keys in go-jose's order: alphabetical, as a Go map marshals). */
export function serviceAccountClaims(input: ClaimsInput): ServiceAccountClaims {
  const now = Math.floor(input.now.getTime() / 1000);
  const k8s: ServiceAccountClaims['kubernetes.io'] = {};
  if (input.namespace) k8s.namespace = input.namespace;
  if (input.node) k8s.node = ref(input.node);
  if (input.pod) k8s.pod = ref(input.pod);
  if (input.secret) k8s.secret = ref(input.secret);
  const sa = ref(input.serviceAccount);
  if (Object.keys(sa).length > 0) k8s.serviceaccount = sa;
  if (input.warnAfterSeconds !== 0) k8s.warnafter = now + input.warnAfterSeconds;
  return {
    aud: [...input.audiences],
    exp: now + input.expirationSeconds,
    iat: now,
    jti: input.tokenId,
    'kubernetes.io': k8s,
    nbf: now,
    sub: serviceAccountUsername(input.namespace, input.serviceAccount.name),
  };
}
