/**
 * `serviceaccounts/{name}/token` (model: TokenREST in pkg/registry/core/serviceaccount/storage,
 * v1.32): POST an `authentication.k8s.io/v1 TokenRequest`, answered with the same request and a
 * signed token in its status.
 *
 * Steps: 1. read the body; metadata.name/namespace, when given, must match the URL (422).
 * 2. the ServiceAccount must exist (404). 3. default audiences (the server's API audiences) and
 * expirationSeconds (3600), validate (at least 10 minutes, at most 2^32 seconds: 422).
 * 4. resolve spec.boundObjectRef: a Pod (which must run as this ServiceAccount; its node goes
 * into the claims when bound), a Secret or a Node, in the request's namespace; a UID given in the
 * reference must match (409). 5. the kubelet's projected-token lifetime (3607 s, pod-bound, API
 * audience) is extended to a year with `warnafter` at the requested time, as upstream's
 * --service-account-extend-token-expiration (default true). 6. sign and answer 201.
 */
import { randomUUID } from 'node:crypto';
import { childPath, invalid as invalidField, type FieldError } from '../../../../api/field-errors.js';
import { BadRequestError, InternalError } from '../../../../util/errors.js';
import { readObject } from '../../../handlers/read-object.js';
import { writeJSON } from '../../../http/status.js';
import { serviceAccountClaims, type ObjectRef } from '../../../serviceaccount/claims.js';
import type { ConnectRequest } from '../../connector.js';
import { conflict, invalid, notFound } from '../../generic/errors.js';
import { timestamp, type KubeObject } from '../../generic/object.js';
import type { ApiResource } from '../../resource.js';

export interface TokenRequest extends KubeObject {
  spec?: {
    audiences?: string[] | null;
    expirationSeconds?: number | null;
    boundObjectRef?: { kind?: string; apiVersion?: string; name?: string; uid?: string } | null;
  };
  status?: { token?: string; expirationTimestamp?: string };
}

const TOKEN_REQUEST: ApiResource = {
  definition: { group: 'authentication.k8s.io', version: 'v1', resource: 'tokenrequests', singularName: 'tokenrequest', kind: 'TokenRequest', namespaced: true, verbs: ['create'] },
  schemaType: 'k8s.io.api.authentication.v1.TokenRequest',
};
const SUBJECT = { group: 'authentication.k8s.io', resource: 'tokenrequests', kind: 'TokenRequest' };

export const DEFAULT_EXPIRATION_SECONDS = 3600;
/** upstream WarnOnlyBoundTokenExpirationSeconds: what the kubelet asks for projected tokens. */
export const WARN_ONLY_EXPIRATION_SECONDS = 3607;
/** upstream ExpirationExtensionSeconds: a year. */
export const EXTENDED_EXPIRATION_SECONDS = 24 * 365 * 60 * 60;

/** upstream ValidateTokenRequest. */
export function validateTokenRequest(expirationSeconds: number): FieldError[] {
  const path = childPath('spec', 'expirationSeconds');
  if (expirationSeconds < 600) return [invalidField(path, expirationSeconds, 'may not specify a duration less than 10 minutes')];
  if (expirationSeconds > 2 ** 32) return [invalidField(path, expirationSeconds, 'may not specify a duration larger than 2^32 seconds')];
  return [];
}

type Bound = { pod?: ObjectRef; secret?: ObjectRef; node?: ObjectRef };

export async function connectTokenRequest(request: ConnectRequest): Promise<void> {
  const { req, res, query, namespace, name, store, reader, server } = request;
  const issuer = server.tokenIssuer;
  if (!issuer) throw new InternalError('Internal error occurred: this API server was started without a service account signing key, so it cannot issue tokens');
  // 1.
  const body = (await readObject(req, res, TOKEN_REQUEST, query)) as TokenRequest;
  const meta = body.metadata;
  if (meta.name && meta.name !== name) throw invalid(SUBJECT, name, [invalidField(childPath('metadata', 'name'), meta.name, 'must match the service account name if specified')]);
  if (meta.namespace && meta.namespace !== namespace) throw invalid(SUBJECT, name, [invalidField(childPath('metadata', 'namespace'), meta.namespace, 'must match the service account namespace if specified')]);
  // 2.
  const sa = await store.get(namespace, name);
  // 3.
  const spec = body.spec ?? {};
  const audiences = spec.audiences && spec.audiences.length > 0 ? [...spec.audiences] : [...issuer.apiAudiences];
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
  const now = new Date();
  const errors = validateTokenRequest(expirationSeconds);
  if (errors.length > 0) throw invalid(SUBJECT, '', errors);
  // 4.
  const bound: Bound = {};
  const boundRef = spec.boundObjectRef;
  if (boundRef) {
    const kind = boundRef.kind ?? '';
    const apiVersion = boundRef.apiVersion ?? '';
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const refName = boundRef.name ?? '';
    let uid = '';
    if (group === '' && kind === 'Pod') {
      const pod = (await reader.get(`/registry/pods/${namespace}/${refName}`)) as (KubeObject & { spec?: { serviceAccountName?: string; nodeName?: string } }) | undefined;
      if (!pod) throw notFound({ group: '', resource: 'pods', kind: 'Pod' }, refName);
      const runsAs = pod.spec?.serviceAccountName ?? '';
      if (runsAs !== name) throw new BadRequestError(`cannot bind token for serviceaccount "${name}" to pod running with serviceaccount "${runsAs}"`);
      uid = pod.metadata.uid ?? '';
      bound.pod = { name: refName, uid };
      const nodeName = pod.spec?.nodeName ?? '';
      if (nodeName !== '') {
        // As upstream: a missing node still names itself, without a UID.
        const node = await reader.get(`/registry/minions/${nodeName}`);
        bound.node = { name: nodeName, uid: node?.metadata.uid ?? '' };
      }
    } else if (group === '' && kind === 'Secret') {
      const secret = await reader.get(`/registry/secrets/${namespace}/${refName}`);
      if (!secret) throw notFound({ group: '', resource: 'secrets', kind: 'Secret' }, refName);
      uid = secret.metadata.uid ?? '';
      bound.secret = { name: refName, uid };
    } else if (group === '' && kind === 'Node') {
      const node = await reader.get(`/registry/minions/${refName}`);
      if (!node) throw notFound({ group: '', resource: 'nodes', kind: 'Node' }, refName);
      uid = node.metadata.uid ?? '';
      bound.node = { name: refName, uid };
    } else {
      throw new BadRequestError(`cannot bind token to object of type ${goGVK(apiVersion, kind)}`);
    }
    if (boundRef.uid && boundRef.uid !== uid) {
      throw conflict({ group, resource: kind, kind }, refName, `the UID in the bound object reference (${boundRef.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    }
  }
  // 5.
  let lifetime = expirationSeconds;
  let warnAfterSeconds = 0;
  if (bound.pod && expirationSeconds === WARN_ONLY_EXPIRATION_SECONDS && audiences.some((a) => issuer.apiAudiences.includes(a))) {
    warnAfterSeconds = expirationSeconds;
    lifetime = EXTENDED_EXPIRATION_SECONDS;
  }
  // 6.
  const claims = serviceAccountClaims({
    namespace,
    serviceAccount: { name: sa.metadata.name ?? name, uid: sa.metadata.uid ?? '' },
    ...bound,
    audiences,
    expirationSeconds: lifetime,
    warnAfterSeconds,
    now,
    tokenId: randomUUID(),
  });
  const token = await issuer.sign(claims);
  const answer: TokenRequest = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name, namespace, creationTimestamp: timestamp(now) },
    spec: { audiences, expirationSeconds, boundObjectRef: boundRef ?? null },
    status: { token, expirationTimestamp: timestamp(new Date(now.getTime() + expirationSeconds * 1000)) },
  };
  writeJSON(res, 201, answer);
}

/** Go's schema.GroupVersionKind.String(): `group/version, Kind=kind`. */
function goGVK(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  return `${group ?? ''}/${version ?? ''}, Kind=${kind}`;
}
