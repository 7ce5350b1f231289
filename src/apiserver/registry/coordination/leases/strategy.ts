import { invalid, type FieldError } from '../../../../api/field-errors.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type Lease = KubeObject & { spec?: { holderIdentity?: string; leaseDurationSeconds?: number; leaseTransitions?: number } };

/** Upstream ValidateLeaseSpec (the parts of v1.32's GA API). */
function validate(o: KubeObject): FieldError[] {
  const spec = (o as Lease).spec ?? {};
  const errors: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errors.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) {
    errors.push(invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  return errors;
}

export const leaseStrategy: ResourceStrategy = {
  group: 'coordination.k8s.io',
  resource: 'leases',
  kind: 'Lease',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  validate,
  // Renewals rewrite the spec every few seconds; upstream does not track generation for leases.
  specChanged: () => false,
};

export const leaseColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Holder', type: 'string', description: 'The holder of the lease.', cell: (o) => (o as Lease).spec?.holderIdentity ?? '' },
  AGE_COLUMN,
];
