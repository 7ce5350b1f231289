import { isDeepStrictEqual } from 'node:util';
import { forbidden, invalid, notSupported, required, tooMany, type FieldError } from '../../../../api/field-errors.js';
import { isDNS1123Subdomain, isQualifiedName } from '../../../../api/validation/names.js';
import { AGE_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type StorageClass = KubeObject & {
  provisioner?: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
};

const RECLAIM = ['Delete', 'Retain'];
const BINDING = ['Immediate', 'WaitForFirstConsumer'];
/** Upstream's maxProvisionerParameterLen (total bytes) and count. */
const MAX_PARAMETERS = 512;
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

function validate(o: KubeObject): FieldError[] {
  const sc = o as StorageClass;
  const errors: FieldError[] = [];
  if (!sc.provisioner) errors.push(required('provisioner', ''));
  else for (const msg of isQualifiedName(sc.provisioner.toLowerCase())) errors.push(invalid('provisioner', sc.provisioner, msg));
  if (Object.keys(sc.parameters ?? {}).length > MAX_PARAMETERS) errors.push(tooMany('parameters', Object.keys(sc.parameters ?? {}).length, MAX_PARAMETERS));
  if (sc.reclaimPolicy !== undefined && !RECLAIM.includes(sc.reclaimPolicy)) errors.push(notSupported('reclaimPolicy', sc.reclaimPolicy, RECLAIM));
  if (sc.volumeBindingMode !== undefined && !BINDING.includes(sc.volumeBindingMode)) errors.push(notSupported('volumeBindingMode', sc.volumeBindingMode, BINDING));
  return errors;
}

function defaults(o: KubeObject): void {
  const sc = o as StorageClass;
  sc.reclaimPolicy ??= 'Delete';
  sc.volumeBindingMode ??= 'Immediate';
}

export const storageClassStrategy: ResourceStrategy = {
  group: 'storage.k8s.io',
  resource: 'storageclasses',
  kind: 'StorageClass',
  namespaced: false,
  nameRule: isDNS1123Subdomain,
  prepareForCreate: defaults,
  prepareForUpdate: defaults,
  validate,
  validateUpdate(o, old) {
    const errors: FieldError[] = [];
    const [sc, prev] = [o as StorageClass, old as StorageClass];
    if (!isDeepStrictEqual(sc.parameters ?? {}, prev.parameters ?? {})) errors.push(forbidden('parameters', 'updates to parameters are forbidden.'));
    if (sc.provisioner !== prev.provisioner) errors.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
    if (sc.reclaimPolicy !== prev.reclaimPolicy) errors.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    if (sc.volumeBindingMode !== prev.volumeBindingMode) errors.push(forbidden('volumeBindingMode', 'field is immutable'));
    return errors;
  },
};

export const storageClassColumns: TableColumn[] = [
  {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: 'Name of the storage class; "(default)" marks the default one.',
    cell: (o) => `${o.metadata.name ?? ''}${o.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true' ? ' (default)' : ''}`,
  },
  { name: 'Provisioner', type: 'string', description: 'Who provisions volumes of this class.', cell: (o) => (o as StorageClass).provisioner ?? '' },
  { name: 'ReclaimPolicy', type: 'string', description: 'What happens to released volumes.', cell: (o) => (o as StorageClass).reclaimPolicy ?? '' },
  { name: 'VolumeBindingMode', type: 'string', description: 'When volumes are bound.', cell: (o) => (o as StorageClass).volumeBindingMode ?? '' },
  { name: 'AllowVolumeExpansion', type: 'string', description: 'Whether volumes can grow.', cell: (o) => String((o as StorageClass).allowVolumeExpansion ?? false) },
  AGE_COLUMN,
];
