import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { configMapColumns, configMapStrategy } from './strategy.js';

export const configMaps: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    singularName: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['cm'],
  },
  strategy: configMapStrategy,
  prefix: '/registry/configmaps/',
  schemaType: 'k8s.io.api.core.v1.ConfigMap',
  columns: configMapColumns,
};
