import { StatusError } from '../../../util/errors.js';
import type { KubeObject } from '../generic/object.js';
import type { ReviewResource } from '../resource.js';

/**
 * The access review APIs (authorization.k8s.io/v1). Until the RBAC authorizer lands every request
 * is allowed, so every review answers allowed, with a reason that says why; the objects are real
 * (validated, status filled in as upstream's), so `kubectl auth can-i` works.
 */
const ALLOW_REASON = 'kts allows every request: RBAC is not enforced yet';

function allow(object: KubeObject): KubeObject {
  return { ...object, status: { allowed: true, reason: ALLOW_REASON } };
}

type Spec = { user?: string; groups?: string[]; resourceAttributes?: { namespace?: string }; nonResourceAttributes?: unknown };

function requireAttributes(object: KubeObject, kind: string): Spec {
  const spec = (object['spec'] ?? {}) as Spec;
  if (!spec.resourceAttributes === !spec.nonResourceAttributes) {
    throw invalid(kind, 'spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
  }
  return spec;
}

function invalid(kind: string, cause: string): StatusError {
  return new StatusError('Invalid', 422, `${kind}.authorization.k8s.io "" is invalid: ${cause}`);
}

const definition = (resource: string, kind: string, namespaced: boolean) => ({
  group: 'authorization.k8s.io',
  version: 'v1',
  resource,
  singularName: kind.toLowerCase(),
  kind,
  namespaced,
  verbs: ['create'],
});

export const selfSubjectAccessReviews: ReviewResource = {
  definition: definition('selfsubjectaccessreviews', 'SelfSubjectAccessReview', false),
  schemaType: 'k8s.io.api.authorization.v1.SelfSubjectAccessReview',
  review(object) {
    requireAttributes(object, 'SelfSubjectAccessReview');
    return allow(object);
  },
};

export const subjectAccessReviews: ReviewResource = {
  definition: definition('subjectaccessreviews', 'SubjectAccessReview', false),
  schemaType: 'k8s.io.api.authorization.v1.SubjectAccessReview',
  review(object) {
    const spec = requireAttributes(object, 'SubjectAccessReview');
    if (!spec.user && !(spec.groups?.length ?? 0)) throw invalid('SubjectAccessReview', 'spec.user: Invalid value: "": at least one of user or group must be specified');
    return allow(object);
  },
};

export const localSubjectAccessReviews: ReviewResource = {
  definition: definition('localsubjectaccessreviews', 'LocalSubjectAccessReview', true),
  schemaType: 'k8s.io.api.authorization.v1.LocalSubjectAccessReview',
  review(object, namespace) {
    const spec = requireAttributes(object, 'LocalSubjectAccessReview');
    if (spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== namespace) {
      throw invalid('LocalSubjectAccessReview', `spec.resourceAttributes.namespace: Invalid value: "${spec.resourceAttributes.namespace ?? ''}": must match metadata.namespace`);
    }
    return allow({ ...object, metadata: { ...object.metadata, namespace } });
  },
};

export const selfSubjectRulesReviews: ReviewResource = {
  definition: definition('selfsubjectrulesreviews', 'SelfSubjectRulesReview', false),
  schemaType: 'k8s.io.api.authorization.v1.SelfSubjectRulesReview',
  review: (object) => ({
    ...object,
    status: {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    },
  }),
};
