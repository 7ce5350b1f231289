import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { persistentVolumeColumns, persistentVolumeStrategy } from './strategy.js';

/** PersistentVolumes (cluster-scoped); binding to claims comes with the volume controller. */
export const persistentVolumes: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'persistentvolumes',
    singularName: 'persistentvolume',
    kind: 'PersistentVolume',
    namespaced: false,
    verbs: READ_WRITE_VERBS,
    shortNames: ['pv'],
    subresources: [statusSubresource('PersistentVolume')],
  },
  strategy: persistentVolumeStrategy,
  prefix: '/registry/persistentvolumes/',
  schemaType: 'k8s.io.api.core.v1.PersistentVolume',
  columns: persistentVolumeColumns,
  selectableFields: (o) => ({ name: o.metadata.name ?? '' }),
};
