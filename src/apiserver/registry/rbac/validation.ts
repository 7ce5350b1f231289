import { invalid, notSupported, required, type FieldError } from '../../../api/field-errors.js';

/**
 * RBAC object validation (k8s.io/kubernetes pkg/apis/rbac/validation): names are path segments,
 * rules need verbs and either resources with API groups or (cluster roles only) non-resource
 * URLs, bindings need a valid roleRef and subjects.
 */
export function pathSegmentNameErrors(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const bad = ['/', '%'].filter((c) => name.includes(c));
  return bad.map((c) => `may not contain '${c}'`);
}

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
}

export function validatePolicyRules(rules: PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  (rules ?? []).forEach((rule, i) => {
    const path = `rules[${i}]`;
    if (!rule.verbs?.length) errors.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
    if (rule.nonResourceURLs?.length) {
      if (namespaced) errors.push(invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
      if (rule.apiGroups?.length || rule.resources?.length) {
        errors.push(invalid(`${path}.nonResourceURLs`, rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (!rule.apiGroups?.length) errors.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
    if (!rule.resources?.length) errors.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  });
  return errors;
}

export interface RoleRef {
  apiGroup?: string;
  kind?: string;
  name?: string;
}

export interface Subject {
  kind?: string;
  apiGroup?: string;
  name?: string;
  namespace?: string;
}

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function validateBinding(roleRef: RoleRef | undefined, subjects: Subject[] | undefined, namespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const ref = roleRef ?? {};
  if (ref.apiGroup !== RBAC_GROUP) errors.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind ?? '')) errors.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errors.push(required('roleRef.name', ''));
  else for (const msg of pathSegmentNameErrors(ref.name)) errors.push(invalid('roleRef.name', ref.name, msg));
  (subjects ?? []).forEach((subject, i) => {
    const path = `subjects[${i}]`;
    if (!subject.name) errors.push(required(`${path}.name`, ''));
    switch (subject.kind) {
      case 'ServiceAccount':
        if (subject.apiGroup) errors.push(notSupported(`${path}.apiGroup`, subject.apiGroup, ['']));
        if (!namespaced && !subject.namespace) errors.push(required(`${path}.namespace`, ''));
        break;
      case 'User':
      case 'Group':
        if (subject.apiGroup !== RBAC_GROUP) errors.push(notSupported(`${path}.apiGroup`, subject.apiGroup ?? '', [RBAC_GROUP]));
        break;
      default:
        errors.push(notSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
    }
  });
  return errors;
}
