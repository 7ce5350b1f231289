import type { ReviewResource } from '../resource.js';

/**
 * The authentication review APIs (authentication.k8s.io/v1). Authentication is not enforced yet
 * (plain HTTP on loopback): every client acts as the cluster admin, which SelfSubjectReview (what
 * `kubectl auth whoami` asks) reports, and no token can be validated, which TokenReview says.
 */
export const ADMIN_USER = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };

const definition = (resource: string, kind: string) => ({
  group: 'authentication.k8s.io',
  version: 'v1',
  resource,
  singularName: kind.toLowerCase(),
  kind,
  namespaced: false,
  verbs: ['create'],
});

export const selfSubjectReviews: ReviewResource = {
  definition: definition('selfsubjectreviews', 'SelfSubjectReview'),
  schemaType: 'k8s.io.api.authentication.v1.SelfSubjectReview',
  review: (object) => ({ ...object, status: { userInfo: ADMIN_USER } }),
};

export const tokenReviews: ReviewResource = {
  definition: definition('tokenreviews', 'TokenReview'),
  schemaType: 'k8s.io.api.authentication.v1.TokenReview',
  review: (object) => ({ ...object, status: { authenticated: false, error: 'token authentication is not enabled on this kts server yet' } }),
};
