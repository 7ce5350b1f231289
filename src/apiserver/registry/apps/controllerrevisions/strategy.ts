import { required, type FieldError } from '../../../../api/field-errors.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { nonNegative } from '../../../../api/validation/numbers.js';
import { immutable } from '../../../../api/validation/workload.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type ControllerRevision = KubeObject & { data?: unknown; revision?: number };

/** ValidateControllerRevision. */
function validate(o: KubeObject): FieldError[] {
  const revision = o as ControllerRevision;
  const errors: FieldError[] = [];
  if (revision.data === undefined || revision.data === null) errors.push(required('data', 'data is mandatory'));
  errors.push(...nonNegative(revision.revision, 'revision'));
  return errors;
}

export const controllerRevisionStrategy: ResourceStrategy = {
  group: 'apps',
  resource: 'controllerrevisions',
  kind: 'ControllerRevision',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  validate,
  validateUpdate: (o, old) => immutable((o as ControllerRevision).data, (old as ControllerRevision).data, 'data'),
};

/** upstream formatResourceName for the controller: `<kind>.<group>/<name>` in lower case. */
function controllerName(o: KubeObject): string {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller === true);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  return `${(group ? `${ref.kind}.${group}` : ref.kind).toLowerCase()}/${ref.name}`;
}

export const controllerRevisionColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Controller', type: 'string', description: 'Controller of the object', cell: controllerName },
  { name: 'Revision', type: 'string', description: 'Revision indicates the revision of the state represented by Data.', cell: (o) => (o as ControllerRevision).revision ?? 0 },
  AGE_COLUMN,
];
