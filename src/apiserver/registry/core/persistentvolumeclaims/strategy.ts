import { forbidden, invalid, required, type FieldError } from '../../../../api/field-errors.js';
import { validateLabelSelector } from '../../../../api/labels/validation.js';
import type { LabelSelectorSpec } from '../../../../api/labels/label-selector.js';
import { quantityFromJSON, type Quantity } from '../../../../api/quantity/index.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import { cloneObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import {
  BETA_STORAGE_CLASS_ANNOTATION,
  accessModesText,
  positiveQuantity,
  specDiff,
  validateAccessModes,
  validateClassName,
  validateVolumeMode,
} from '../persistentvolumes/common.js';
import { sameJSON } from '../../../../api/json-equal.js';

interface ClaimSpec {
  accessModes?: string[];
  selector?: LabelSelectorSpec;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  volumeName?: string;
  storageClassName?: string;
  volumeMode?: string;
  volumeAttributesClassName?: string;
  dataSource?: unknown;
  dataSourceRef?: unknown;
}
export type PersistentVolumeClaim = KubeObject & {
  spec?: ClaimSpec;
  status?: { phase?: string; accessModes?: string[]; capacity?: Record<string, unknown> };
};

/** upstream ValidatePersistentVolumeClaimSpec. */
function validate(o: KubeObject): FieldError[] {
  const spec: ClaimSpec = (o as PersistentVolumeClaim).spec ?? {};
  const errors: FieldError[] = [];
  if ((spec.accessModes ?? []).length === 0) errors.push(required('spec.accessModes', 'at least 1 access mode is required'));
  if (spec.selector) errors.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  errors.push(...validateAccessModes(spec.accessModes ?? [], 'spec.accessModes'));
  const storage = spec.resources?.requests?.['storage'];
  if (storage === undefined) errors.push(required('spec.resources[storage]', ''));
  else positiveQuantity('spec.resources[storage]', storage, errors);
  errors.push(...validateClassName(spec.storageClassName, 'spec.storageClassName'));
  errors.push(...validateVolumeMode(spec.volumeMode, 'spec.volumeMode'));
  return errors;
}

function storageOf(requests: Record<string, unknown> | undefined): Quantity | undefined {
  try {
    return requests?.['storage'] === undefined ? undefined : quantityFromJSON(requests['storage']);
  } catch {
    return undefined;
  }
}

/**
 * upstream ValidatePersistentVolumeClaimUpdate: the spec is fixed after creation, except that
 * volumeName may be set once, and a bound claim's storage request may change (growth, or a
 * shrink that stays above status.capacity: RecoverVolumeExpansionFailure, beta in 1.32).
 */
function validateUpdate(o: KubeObject, oldObject: KubeObject): FieldError[] {
  const claim = o as PersistentVolumeClaim;
  const old = oldObject as PersistentVolumeClaim;
  const errors: FieldError[] = [];
  const spec = cloneObject(claim.spec ?? {});
  const oldSpec = cloneObject(old.spec ?? {});
  if (!oldSpec.volumeName) {
    if (spec.volumeName === undefined) delete oldSpec.volumeName;
    else oldSpec.volumeName = spec.volumeName;
  }
  // A class set where there was none (nor an annotation) is allowed once.
  if (oldSpec.storageClassName === undefined && old.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] === undefined) delete spec.storageClassName;
  if (claim.status?.phase === 'Bound' && spec.resources?.requests) {
    spec.resources.requests['storage'] = oldSpec.resources?.requests?.['storage'];
    if (spec.resources.requests['storage'] === undefined) delete spec.resources.requests['storage'];
  }
  if (claim.status?.phase === 'Bound' && spec.volumeAttributesClassName !== oldSpec.volumeAttributesClassName) {
    if (spec.volumeAttributesClassName === undefined) delete oldSpec.volumeAttributesClassName;
    else oldSpec.volumeAttributesClassName = spec.volumeAttributesClassName;
  }
  if (!sameJSON(spec, oldSpec)) {
    errors.push(
      forbidden(
        'spec',
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${specDiff(oldSpec as Record<string, unknown>, spec as Record<string, unknown>)}`,
      ),
    );
  }
  const oldSize = storageOf(old.spec?.resources?.requests);
  const newSize = storageOf(claim.spec?.resources?.requests);
  const statusSize = storageOf(old.status?.capacity);
  if (oldSize && newSize && newSize.compare(oldSize) < 0 && statusSize && newSize.compare(statusSize) <= 0) {
    errors.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  }
  if ((claim.spec?.volumeMode ?? null) !== (old.spec?.volumeMode ?? null)) errors.push(invalid('volumeMode', claim.spec?.volumeMode ?? null, 'field is immutable'));
  return errors;
}

/** upstream SetDefaults_PersistentVolumeClaim and _PersistentVolumeClaimSpec. */
function applyDefaults(o: KubeObject): void {
  const claim = o as PersistentVolumeClaim;
  (claim.spec ??= {}).volumeMode ??= 'Filesystem';
  claim.status ??= {};
  claim.status.phase ||= 'Pending';
}

export const persistentVolumeClaimStrategy: ResourceStrategy = {
  group: '',
  resource: 'persistentvolumeclaims',
  kind: 'PersistentVolumeClaim',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  applyDefaults,
  prepareForCreate: (o) => void ((o as PersistentVolumeClaim).status = { phase: 'Pending' }),
  prepareForUpdate: (o, old) => void ((o as PersistentVolumeClaim).status = (old as PersistentVolumeClaim).status),
  validate,
  validateUpdate,
};

/** upstream GetPersistentVolumeClaimClass: the beta annotation, else spec.storageClassName. */
function storageClass(o: KubeObject): string {
  return o.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] ?? (o as PersistentVolumeClaim).spec?.storageClassName ?? '';
}

const claimOf = (o: KubeObject): PersistentVolumeClaim => o as PersistentVolumeClaim;
/** Capacity and access modes come from status, and only once the claim names its volume. */
const bound = (o: KubeObject): boolean => Boolean(claimOf(o).spec?.volumeName);

export const persistentVolumeClaimColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Status', type: 'string', description: 'phase represents the current phase of PersistentVolumeClaim.', cell: (o) => (o.metadata.deletionTimestamp ? 'Terminating' : (claimOf(o).status?.phase ?? '')) },
  { name: 'Volume', type: 'string', description: 'volumeName is the binding reference to the PersistentVolume backing this claim.', cell: (o) => claimOf(o).spec?.volumeName ?? '' },
  {
    name: 'Capacity',
    type: 'string',
    description: 'capacity represents the actual resources of the underlying volume.',
    cell: (o) => {
      if (!bound(o)) return '';
      const size = storageOf(claimOf(o).status?.capacity);
      return size ? size.toString() : '0';
    },
  },
  { name: 'Access Modes', type: 'string', description: 'accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1', cell: (o) => (bound(o) ? accessModesText(claimOf(o).status?.accessModes) : '') },
  { name: 'StorageClass', type: 'string', description: 'StorageClass of the pvc', cell: storageClass },
  { name: 'VolumeAttributesClass', type: 'string', description: 'VolumeAttributesClass of the pvc', cell: (o) => claimOf(o).spec?.volumeAttributesClassName ?? '<unset>' },
  AGE_COLUMN,
  { name: 'VolumeMode', type: 'string', priority: 1, description: 'volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.', cell: (o) => claimOf(o).spec?.volumeMode ?? '<unset>' },
];
