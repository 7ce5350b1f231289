import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { priorityClassColumns, priorityClassStrategy } from './strategy.js';

export const priorityClasses: Resource = {
  definition: {
    group: 'scheduling.k8s.io',
    version: 'v1',
    resource: 'priorityclasses',
    singularName: 'priorityclass',
    kind: 'PriorityClass',
    namespaced: false,
    verbs: READ_WRITE_VERBS,
    shortNames: ['pc'],
  },
  strategy: priorityClassStrategy,
  prefix: '/registry/priorityclasses/',
  schemaType: 'k8s.io.api.scheduling.v1.PriorityClass',
  columns: priorityClassColumns,
};
