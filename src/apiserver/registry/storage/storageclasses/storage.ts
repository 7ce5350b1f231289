import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { storageClassColumns, storageClassStrategy } from './strategy.js';

export const storageClasses: Resource = {
  definition: {
    group: 'storage.k8s.io',
    version: 'v1',
    resource: 'storageclasses',
    singularName: 'storageclass',
    kind: 'StorageClass',
    namespaced: false,
    verbs: READ_WRITE_VERBS,
    shortNames: ['sc'],
  },
  strategy: storageClassStrategy,
  prefix: '/registry/storageclasses/',
  schemaType: 'k8s.io.api.storage.v1.StorageClass',
  columns: storageClassColumns,
};
