import { READ_WRITE_VERBS } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { controllerRevisionColumns, controllerRevisionStrategy } from './strategy.js';

/** apps/v1 ControllerRevisions (the history StatefulSets and DaemonSets keep). */
export const controllerRevisions: Resource = {
  definition: {
    group: 'apps',
    version: 'v1',
    resource: 'controllerrevisions',
    singularName: 'controllerrevision',
    kind: 'ControllerRevision',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
  },
  strategy: controllerRevisionStrategy,
  prefix: '/registry/controllerrevisions/',
  schemaType: 'k8s.io.api.apps.v1.ControllerRevision',
  columns: controllerRevisionColumns,
};
