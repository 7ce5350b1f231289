import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { podTemplateColumns, podTemplateStrategy } from './strategy.js';

/** PodTemplates: stored pod templates (no controller acts on them). */
export const podTemplates: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'podtemplates',
    singularName: 'podtemplate',
    kind: 'PodTemplate',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
  },
  strategy: podTemplateStrategy,
  prefix: '/registry/podtemplates/',
  schemaType: 'k8s.io.api.core.v1.PodTemplate',
  columns: podTemplateColumns,
};
