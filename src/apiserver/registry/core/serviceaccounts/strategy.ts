import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type ServiceAccount = KubeObject & { secrets?: unknown[] };

export const serviceAccountStrategy: ResourceStrategy = {
  group: '',
  resource: 'serviceaccounts',
  kind: 'ServiceAccount',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
};

export const serviceAccountColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Secrets', type: 'string', description: 'Secrets is a list of the secrets used by this service account.', cell: (o) => String((o as ServiceAccount).secrets?.length ?? 0) },
  AGE_COLUMN,
];
