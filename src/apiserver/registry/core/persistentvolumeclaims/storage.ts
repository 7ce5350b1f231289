import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { persistentVolumeClaimColumns, persistentVolumeClaimStrategy } from './strategy.js';

/** PersistentVolumeClaims; binding and provisioning come with the volume controller. */
export const persistentVolumeClaims: Resource = {
  definition: {
    group: '',
    version: 'v1',
    resource: 'persistentvolumeclaims',
    singularName: 'persistentvolumeclaim',
    kind: 'PersistentVolumeClaim',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['pvc'],
    subresources: [statusSubresource('PersistentVolumeClaim')],
  },
  strategy: persistentVolumeClaimStrategy,
  prefix: '/registry/persistentvolumeclaims/',
  schemaType: 'k8s.io.api.core.v1.PersistentVolumeClaim',
  columns: persistentVolumeClaimColumns,
  selectableFields: (o) => ({ name: o.metadata.name ?? '' }),
};
