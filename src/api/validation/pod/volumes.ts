/**
 * Pod volumes: upstream ValidateVolumes and validateVolumeSource (v1.32): DNS-label names, unique,
 * exactly one source, and the checks of the common sources (emptyDir, hostPath, secret,
 * configMap, persistentVolumeClaim, downwardAPI, projected). Other sources are counted only.
 */
import { childPath, duplicate, forbidden, indexPath, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import { quantityFromJSON } from '../../quantity/index.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../names.js';
import { VOLUME_FIELD_PATHS, validateObjectFieldSelector, validateResourceFieldSelector } from './env.js';
import type { DownwardAPIFileLike, KeyToPathLike, ProjectionLike, VolumeLike } from './shapes.js';
import { validateFileMode, validateLocalNonReservedPath, validatePathNoBacksteps } from './syntax.js';

/** VolumeSource fields in upstream's checking order (the second one set is the one reported). */
export const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'quobyte', 'cinder', 'cephfs', 'downwardAPI', 'fc', 'azureFile',
  'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'configMap', 'scaleIO',
  'projected', 'csi', 'ephemeral', 'image',
] as const;

const HOST_PATH_TYPES = ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'];

/** The errors, and the names of the valid volumes (mounts may only name those). */
export function validateVolumes(volumes: readonly VolumeLike[] | undefined, path: string): { errors: FieldError[]; names: Set<string> } {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((entry, i) => {
    const volume: VolumeLike = entry ?? {};
    const at = indexPath(path, i);
    const namePath = childPath(at, 'name');
    const errs = validateVolumeSource(volume, at);
    const name = volume.name ?? '';
    if (name === '') errs.push(required(namePath, ''));
    else for (const msg of isDNS1123Label(name)) errs.push(invalid(namePath, name, msg));
    if (names.has(name)) errs.push(duplicate(namePath, name));
    if (errs.length === 0) names.add(name);
    else errors.push(...errs);
  });
  return { errors, names };
}

function validateVolumeSource(volume: VolumeLike, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let count = 0;
  for (const source of VOLUME_SOURCES) {
    if (volume[source] === undefined || volume[source] === null) continue;
    const at = childPath(path, source);
    if (count > 0) {
      errors.push(forbidden(at, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    errors.push(...validateSource(volume, source, at));
  }
  if (count === 0) errors.push(required(path, 'must specify a volume type'));
  return errors;
}

function validateSource(volume: VolumeLike, source: (typeof VOLUME_SOURCES)[number], path: string): FieldError[] {
  const errors: FieldError[] = [];
  switch (source) {
    case 'hostPath': {
      const hostPath = volume.hostPath ?? {};
      if (!hostPath.path) errors.push(required(childPath(path, 'path'), ''));
      else errors.push(...validatePathNoBacksteps(hostPath.path, childPath(path, 'path')));
      if (hostPath.type !== undefined && !HOST_PATH_TYPES.includes(hostPath.type)) errors.push(notSupported(childPath(path, 'type'), hostPath.type, HOST_PATH_TYPES));
      break;
    }
    case 'emptyDir': {
      const limit = volume.emptyDir?.sizeLimit;
      if (limit !== undefined && !nonNegativeQuantity(limit)) errors.push(forbidden(childPath(path, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
      break;
    }
    case 'secret': {
      const secret = volume.secret ?? {};
      if (!secret.secretName) errors.push(required(childPath(path, 'secretName'), ''));
      errors.push(...validateFileMode(secret.defaultMode, childPath(path, 'defaultMode')));
      errors.push(...validateItems(secret.items, childPath(path, 'items')));
      break;
    }
    case 'configMap': {
      const configMap = volume.configMap ?? {};
      const name = configMap.name ?? '';
      if (name === '') errors.push(required(childPath(path, 'name'), ''));
      else for (const msg of isDNS1123Subdomain(name)) errors.push(invalid(childPath(path, 'name'), name, msg));
      errors.push(...validateFileMode(configMap.defaultMode, childPath(path, 'defaultMode')));
      errors.push(...validateItems(configMap.items, childPath(path, 'items')));
      break;
    }
    case 'persistentVolumeClaim':
      if (!volume.persistentVolumeClaim?.claimName) errors.push(required(childPath(path, 'claimName'), ''));
      break;
    case 'downwardAPI':
      errors.push(...validateFileMode(volume.downwardAPI?.defaultMode, childPath(path, 'defaultMode')));
      errors.push(...validateDownwardAPIFiles(volume.downwardAPI?.items, childPath(path, 'items')));
      break;
    case 'projected':
      errors.push(...validateFileMode(volume.projected?.defaultMode, childPath(path, 'defaultMode')));
      errors.push(...validateProjections(volume.projected?.sources, childPath(path, 'sources')));
      break;
    default:
      break;
  }
  return errors;
}

function nonNegativeQuantity(value: unknown): boolean {
  try {
    return quantityFromJSON(value).sign() >= 0;
  } catch {
    return false;
  }
}

/** upstream validateKeyToPath for each item. */
function validateItems(items: readonly KeyToPathLike[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (items ?? []).forEach((entry, i) => {
    const item: KeyToPathLike = entry ?? {};
    const at = indexPath(path, i);
    if (!item.key) errors.push(required(childPath(at, 'key'), ''));
    if (!item.path) errors.push(required(childPath(at, 'path'), ''));
    errors.push(...validateLocalNonReservedPath(item.path ?? '', childPath(at, 'path')));
    errors.push(...validateFileMode(item.mode, childPath(at, 'mode')));
  });
  return errors;
}

/** upstream validateDownwardAPIVolumeFile for each item: a path and exactly one of the two refs. */
function validateDownwardAPIFiles(items: readonly DownwardAPIFileLike[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (items ?? []).forEach((entry, i) => {
    const item: DownwardAPIFileLike = entry ?? {};
    const at = indexPath(path, i);
    if (!item.path) errors.push(required(childPath(at, 'path'), ''));
    errors.push(...validateLocalNonReservedPath(item.path ?? '', childPath(at, 'path')));
    if (item.fieldRef) {
      errors.push(...validateObjectFieldSelector(item.fieldRef, VOLUME_FIELD_PATHS, childPath(at, 'fieldRef')));
      if (item.resourceFieldRef) errors.push(invalid(at, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
    } else if (item.resourceFieldRef) {
      errors.push(...validateResourceFieldSelector(item.resourceFieldRef, true, childPath(at, 'resourceFieldRef')));
    } else {
      errors.push(required(at, 'one of fieldRef and resourceFieldRef is required'));
    }
    errors.push(...validateFileMode(item.mode, childPath(at, 'mode')));
  });
  return errors;
}

const PROJECTION_SOURCES = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle'] as const;

/** upstream validateProjectionSources: one source per entry, each checked. */
function validateProjections(sources: readonly ProjectionLike[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (sources ?? []).forEach((entry, i) => {
    const source: ProjectionLike = entry ?? {};
    const at = indexPath(path, i);
    let count = 0;
    for (const type of PROJECTION_SOURCES) {
      if (source[type] === undefined) continue;
      const typePath = childPath(at, type);
      if (count > 0) {
        errors.push(forbidden(typePath, 'may not specify more than 1 volume type per source'));
        continue;
      }
      count++;
      if (type === 'secret' || type === 'configMap') {
        const ref = source[type]!;
        if (!ref.name) errors.push(required(childPath(typePath, 'name'), ''));
        errors.push(...validateItems(ref.items, childPath(typePath, 'items')));
      } else if (type === 'downwardAPI') {
        errors.push(...validateDownwardAPIFiles(source.downwardAPI?.items, childPath(typePath, 'items')));
      } else if (type === 'serviceAccountToken') {
        const token = source.serviceAccountToken ?? {};
        const expiration = token.expirationSeconds ?? 3600;
        if (expiration < 600) errors.push(invalid(childPath(typePath, 'expirationSeconds'), expiration, 'may not specify a duration less than 10 minutes'));
        if (expiration > 2 ** 32) errors.push(invalid(childPath(typePath, 'expirationSeconds'), expiration, 'may not specify a duration larger than 2^32 seconds'));
        if (!token.path) errors.push(required(childPath(typePath, 'path'), ''));
        else errors.push(...validateLocalNonReservedPath(token.path, childPath(typePath, 'path')));
      }
    }
  });
  return errors;
}
