import { invalid, notSupported, type FieldError } from '../../../../api/field-errors.js';
import { quantityField } from '../../../../api/validation/quantity-field.js';
import { isDNS1123Subdomain, isQualifiedName } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type Quota = KubeObject & {
  spec?: { hard?: Record<string, unknown>; scopes?: string[] };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
};

const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];

function validate(o: KubeObject): FieldError[] {
  const quota = o as Quota;
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(quota.spec?.hard ?? {})) {
    const path = `spec.hard[${name}]`;
    for (const msg of isQualifiedName(name.startsWith('count/') ? name.slice('count/'.length).replace(/\./, '-') : name)) errors.push(invalid(path, name, msg));
    const quantity = quantityField(path, value, errors);
    if (quantity && quantity.sign() < 0) errors.push(invalid(path, String(value), 'must be greater than or equal to 0'));
  }
  (quota.spec?.scopes ?? []).forEach((scope, i) => {
    if (!SCOPES.includes(scope)) errors.push(notSupported(`spec.scopes[${i}]`, scope, SCOPES));
  });
  return errors;
}

export const resourceQuotaStrategy: ResourceStrategy = {
  group: '',
  resource: 'resourcequotas',
  kind: 'ResourceQuota',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  prepareForCreate: (o) => void delete (o as Quota).status,
  prepareForUpdate: (o, old) => void ((o as Quota).status = (old as Quota).status),
  validate,
};

/** Upstream's REQUEST/LIMIT cells: `resource: used/hard` from the status the quota controller writes. */
function usage(limits: boolean) {
  return (o: KubeObject): string => {
    const status = (o as Quota).status ?? {};
    return Object.keys(status.hard ?? {})
      .filter((name) => name.startsWith('limits.') === limits)
      .sort()
      .map((name) => `${name}: ${status.used?.[name] ?? '0'}/${status.hard?.[name] ?? ''}`)
      .join(', ');
  };
}

export const resourceQuotaColumns: TableColumn[] = [
  NAME_COLUMN,
  AGE_COLUMN,
  { name: 'Request', type: 'string', description: 'Request represents a minimum amount of cpu/memory that a container may consume.', cell: usage(false) },
  { name: 'Limit', type: 'string', description: 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.', cell: usage(true) },
];
