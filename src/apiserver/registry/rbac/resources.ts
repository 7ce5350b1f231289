import { isDeepStrictEqual } from 'node:util';
import { invalid, type FieldError } from '../../../api/field-errors.js';
import { AGE_COLUMN, CREATED_AT_COLUMN, NAME_COLUMN, type TableColumn } from '../../table/table.js';
import type { KubeObject } from '../generic/object.js';
import type { ResourceStrategy } from '../generic/strategy.js';
import { READ_WRITE_VERBS } from '../resource-definition.js';
import type { Resource } from '../resource.js';
import { pathSegmentNameErrors, validateBinding, validatePolicyRules, type PolicyRule, type RoleRef, type Subject } from './validation.js';

/**
 * The four RBAC resources (rbac.authorization.k8s.io/v1). They are stored and validated like
 * upstream's; the authorizer that enforces them comes with authentication (allow-all until then).
 */
type Role = KubeObject & { rules?: PolicyRule[] };
type Binding = KubeObject & { roleRef?: RoleRef; subjects?: Subject[] };

const GROUP = 'rbac.authorization.k8s.io';

function strategy(resource: string, kind: string, namespaced: boolean, validate: (o: KubeObject) => FieldError[], validateUpdate?: (o: KubeObject, old: KubeObject) => FieldError[]): ResourceStrategy {
  return { group: GROUP, resource, kind, namespaced, nameRule: pathSegmentNameErrors, validate, ...(validateUpdate ? { validateUpdate } : {}) };
}

const roleRefImmutable = (o: KubeObject, old: KubeObject): FieldError[] =>
  isDeepStrictEqual((o as Binding).roleRef, (old as Binding).roleRef) ? [] : [invalid('roleRef', (o as Binding).roleRef ?? null, 'cannot change roleRef')];

const subjectsOf = (kind: string) => (o: KubeObject): string =>
  ((o as Binding).subjects ?? [])
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name ?? ''}` : (s.name ?? '')))
    .join(', ');

const BINDING_COLUMNS: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Role', type: 'string', description: 'The role the binding grants.', cell: (o) => `${(o as Binding).roleRef?.kind ?? ''}/${(o as Binding).roleRef?.name ?? ''}` },
  AGE_COLUMN,
  { name: 'Users', type: 'string', priority: 1, description: 'Users in the binding.', cell: subjectsOf('User') },
  { name: 'Groups', type: 'string', priority: 1, description: 'Groups in the binding.', cell: subjectsOf('Group') },
  { name: 'ServiceAccounts', type: 'string', priority: 1, description: 'ServiceAccounts in the binding.', cell: subjectsOf('ServiceAccount') },
];

function definition(resource: string, kind: string, namespaced: boolean) {
  return { group: GROUP, version: 'v1', resource, singularName: kind.toLowerCase(), kind, namespaced, verbs: READ_WRITE_VERBS };
}

export const roles: Resource = {
  definition: definition('roles', 'Role', true),
  strategy: strategy('roles', 'Role', true, (o) => validatePolicyRules((o as Role).rules, true)),
  prefix: '/registry/roles/',
  schemaType: 'k8s.io.api.rbac.v1.Role',
  columns: [NAME_COLUMN, CREATED_AT_COLUMN],
};

export const clusterRoles: Resource = {
  definition: definition('clusterroles', 'ClusterRole', false),
  strategy: strategy('clusterroles', 'ClusterRole', false, (o) => validatePolicyRules((o as Role).rules, false)),
  prefix: '/registry/clusterroles/',
  schemaType: 'k8s.io.api.rbac.v1.ClusterRole',
  columns: [NAME_COLUMN, CREATED_AT_COLUMN],
};

export const roleBindings: Resource = {
  definition: definition('rolebindings', 'RoleBinding', true),
  strategy: strategy('rolebindings', 'RoleBinding', true, (o) => validateBinding((o as Binding).roleRef, (o as Binding).subjects, true), roleRefImmutable),
  prefix: '/registry/rolebindings/',
  schemaType: 'k8s.io.api.rbac.v1.RoleBinding',
  columns: BINDING_COLUMNS,
};

export const clusterRoleBindings: Resource = {
  definition: definition('clusterrolebindings', 'ClusterRoleBinding', false),
  strategy: strategy('clusterrolebindings', 'ClusterRoleBinding', false, (o) => validateBinding((o as Binding).roleRef, (o as Binding).subjects, false), roleRefImmutable),
  prefix: '/registry/clusterrolebindings/',
  schemaType: 'k8s.io.api.rbac.v1.ClusterRoleBinding',
  columns: BINDING_COLUMNS,
};
