import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { limitRangeColumns, limitRangeStrategy } from './strategy.js';

/** LimitRanges (the LimitRanger admission that applies them to pods comes with pods). */
export const limitRanges: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'limitranges',
    singularName: 'limitrange',
    kind: 'LimitRange',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['limits'],
  },
  strategy: limitRangeStrategy,
  prefix: '/registry/limitranges/',
  schemaType: 'k8s.io.api.core.v1.LimitRange',
  columns: limitRangeColumns,
};
