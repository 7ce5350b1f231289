import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { secretColumns, secretStrategy } from './strategy.js';

export const secrets: Resource = {
  definition: { group: '', version: 'v1', resource: 'secrets', singularName: 'secret', kind: 'Secret', namespaced: true, verbs: READ_WRITE_VERBS },
  strategy: secretStrategy,
  prefix: '/registry/secrets/',
  schemaType: 'k8s.io.api.core.v1.Secret',
  columns: secretColumns,
  selectableFields: (o) => ({ type: String((o as { type?: string }).type ?? '') }),
};
