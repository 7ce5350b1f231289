import { forbidden, GoSyntax, invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import { quantityFromJSON } from '../../../../api/quantity/index.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import { timestamp } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import {
  BETA_STORAGE_CLASS_ANNOTATION,
  accessModesText,
  positiveQuantity,
  specDiff,
  validateAccessModes,
  validateClassName,
  validateVolumeMode,
} from './common.js';

interface PersistentVolumeSpec {
  capacity?: Record<string, unknown>;
  accessModes?: string[];
  persistentVolumeReclaimPolicy?: string;
  storageClassName?: string;
  volumeMode?: string;
  volumeAttributesClassName?: string;
  claimRef?: { namespace?: string; name?: string };
  nodeAffinity?: { required?: unknown };
  hostPath?: { path?: string; type?: string };
  nfs?: { server?: string; path?: string };
  local?: { path?: string };
  csi?: { driver?: string; volumeHandle?: string };
  [source: string]: unknown;
}
export type PersistentVolume = KubeObject & {
  spec?: PersistentVolumeSpec;
  status?: { phase?: string; message?: string; reason?: string; lastPhaseTransitionTime?: string };
};

/** The volume sources of PersistentVolumeSource, in upstream's validation order. */
const VOLUME_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function noBacksteps(path: string, field: string): FieldError[] {
  return path.split('/').includes('..') ? [invalid(field, path, "must not contain '..'")] : [];
}

/** The checks of the volume sources kts knows how to use or describe; the others are only counted. */
function validateSource(name: string, source: Record<string, unknown>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const text = (key: string): string => (typeof source[key] === 'string' ? (source[key] as string) : '');
  switch (name) {
    case 'hostPath':
      if (text('path') === '') return [required(`${path}.path`, '')];
      errors.push(...noBacksteps(text('path'), `${path}.path`));
      if (source['type'] !== undefined && !HOST_PATH_TYPES.includes(text('type'))) errors.push(notSupported(`${path}.type`, text('type'), HOST_PATH_TYPES));
      break;
    case 'nfs':
      if (text('server') === '') errors.push(required(`${path}.server`, ''));
      if (text('path') === '') errors.push(required(`${path}.path`, ''));
      else if (!text('path').startsWith('/')) errors.push(invalid(`${path}.path`, text('path'), 'must be an absolute path'));
      break;
    case 'local':
      if (text('path') === '') errors.push(required(`${path}.path`, ''));
      else errors.push(...noBacksteps(text('path'), `${path}.path`));
      break;
    case 'csi':
      if (text('driver') === '') errors.push(required(`${path}.driver`, ''));
      if (text('volumeHandle') === '') errors.push(required(`${path}.volumeHandle`, ''));
      break;
  }
  return errors;
}

/** upstream ValidatePersistentVolumeSpec (not inline). */
function validate(o: KubeObject): FieldError[] {
  const spec: PersistentVolumeSpec = (o as PersistentVolume).spec ?? {};
  const errors: FieldError[] = [];
  if ((spec.accessModes ?? []).length === 0) errors.push(required('spec.accessModes', ''));
  errors.push(...validateAccessModes(spec.accessModes ?? [], 'spec.accessModes'));
  const capacity = spec.capacity;
  const names = Object.keys(capacity ?? {});
  if (names.length === 0) errors.push(required('spec.capacity', ''));
  if (!names.includes('storage') || names.length > 1) {
    const shown = capacity === undefined ? 'core.ResourceList(nil)' : `core.ResourceList{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(String(capacity[n]))}`).join(', ')}}`;
    errors.push(notSupported('spec.capacity', new GoSyntax(shown), ['storage']));
  }
  for (const name of names) positiveQuantity(`spec.capacity[${name}]`, capacity![name], errors);
  if (spec.persistentVolumeReclaimPolicy && !RECLAIM_POLICIES.includes(spec.persistentVolumeReclaimPolicy)) {
    errors.push(notSupported('spec.persistentVolumeReclaimPolicy', spec.persistentVolumeReclaimPolicy, RECLAIM_POLICIES));
  }
  errors.push(...validateClassName(spec.storageClassName, 'spec.storageClassName'));
  errors.push(...validateVolumeMode(spec.volumeMode, 'spec.volumeMode'));
  let sources = 0;
  for (const name of VOLUME_SOURCES) {
    const source = spec[name];
    if (source === undefined || source === null) continue;
    if (sources > 0) {
      errors.push(forbidden(`spec.${name}`, 'may not specify more than 1 volume type'));
      continue;
    }
    sources++;
    errors.push(...validateSource(name, source as Record<string, unknown>, `spec.${name}`));
  }
  if (sources === 0) errors.push(required('spec', 'must specify a volume type'));
  if (spec.persistentVolumeReclaimPolicy === 'Recycle' && spec.hostPath?.path && spec.hostPath.path.replace(/\/+$/, '') === '') {
    errors.push(forbidden('spec.persistentVolumeReclaimPolicy', "may not be 'recycle' for a hostPath volume pointing to '/'"));
  }
  if (spec.local && !spec.nodeAffinity?.required) errors.push(required('spec.nodeAffinity', 'Local volumes require node affinity'));
  return errors;
}

function volumeSource(spec: PersistentVolumeSpec): Record<string, unknown> {
  return Object.fromEntries(VOLUME_SOURCES.filter((n) => spec[n] !== undefined).map((n) => [n, spec[n]]));
}

/** upstream ValidatePersistentVolumeUpdate: the volume source and mode are fixed; node affinity may only be set once. */
function validateUpdate(o: KubeObject, oldObject: KubeObject): FieldError[] {
  const spec = (o as PersistentVolume).spec ?? {};
  const old = (oldObject as PersistentVolume).spec ?? {};
  const errors: FieldError[] = [];
  const source = volumeSource(spec);
  const oldSource = volumeSource(old);
  if (JSON.stringify(source) !== JSON.stringify(oldSource)) {
    errors.push(forbidden('spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n${specDiff(oldSource, source)}`));
  }
  if ((spec.volumeMode ?? null) !== (old.volumeMode ?? null)) errors.push(invalid('volumeMode', spec.volumeMode ?? null, 'field is immutable'));
  if (old.nodeAffinity && JSON.stringify(spec.nodeAffinity) !== JSON.stringify(old.nodeAffinity)) {
    errors.push(invalid('nodeAffinity', new GoSyntax('(*core.VolumeNodeAffinity)'), 'field is immutable'));
  }
  return errors;
}

/** upstream SetDefaults_PersistentVolume. */
function applyDefaults(o: KubeObject): void {
  const pv = o as PersistentVolume;
  const spec = (pv.spec ??= {});
  spec.persistentVolumeReclaimPolicy ||= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  if (spec.hostPath && spec.hostPath.type === undefined) spec.hostPath.type = '';
  pv.status ??= {};
  pv.status.phase ||= 'Pending';
}

export const persistentVolumeStrategy: ResourceStrategy = {
  group: '',
  resource: 'persistentvolumes',
  kind: 'PersistentVolume',
  namespaced: false,
  nameRule: isDNS1123Subdomain,
  applyDefaults,
  // A new volume starts Pending, with the time it got there (PersistentVolumeLastPhaseTransitionTime, GA in 1.31).
  prepareForCreate: (o) => void ((o as PersistentVolume).status = { phase: 'Pending', lastPhaseTransitionTime: timestamp(new Date()) }),
  prepareForUpdate: (o, old) => void ((o as PersistentVolume).status = (old as PersistentVolume).status),
  validate,
  validateUpdate,
};

/** upstream GetPersistentVolumeClass: the beta annotation, else spec.storageClassName. */
function storageClass(o: KubeObject): string {
  return o.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? (o as PersistentVolume).spec?.storageClassName ?? '';
}

function capacityText(value: unknown): string {
  try {
    return value === undefined ? '0' : quantityFromJSON(value).toString();
  } catch {
    return String(value);
  }
}

const spec = (o: KubeObject): PersistentVolumeSpec => (o as PersistentVolume).spec ?? {};

export const persistentVolumeColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Capacity', type: 'string', description: "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity", cell: (o) => capacityText(spec(o).capacity?.['storage']) },
  { name: 'Access Modes', type: 'string', description: 'accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes', cell: (o) => accessModesText(spec(o).accessModes) },
  { name: 'Reclaim Policy', type: 'string', description: 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming', cell: (o) => spec(o).persistentVolumeReclaimPolicy ?? '' },
  { name: 'Status', type: 'string', description: 'phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase', cell: (o) => (o.metadata.deletionTimestamp ? 'Terminating' : ((o as PersistentVolume).status?.phase ?? '')) },
  { name: 'Claim', type: 'string', description: 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding', cell: (o) => { const ref = spec(o).claimRef; return ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : ''; } },
  { name: 'StorageClass', type: 'string', description: 'StorageClass of the pv', cell: storageClass },
  { name: 'VolumeAttributesClass', type: 'string', description: 'VolumeAttributesClass of the pv', cell: (o) => spec(o).volumeAttributesClassName ?? '<unset>' },
  { name: 'Reason', type: 'string', description: 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.', cell: (o) => (o as PersistentVolume).status?.reason ?? '' },
  AGE_COLUMN,
  { name: 'VolumeMode', type: 'string', priority: 1, description: 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.', cell: (o) => spec(o).volumeMode ?? '<unset>' },
];
