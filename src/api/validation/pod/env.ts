/** Environment of a container: upstream ValidateEnv, validateEnvVarValueFrom and ValidateEnvFrom. */
import { childPath, indexPath, invalid, notSupported, required, type FieldError } from '../../field-errors.js';
import { isDNS1123Subdomain } from '../names.js';
import type { EnvFromSourceLike, EnvVarLike, KeySelectorLike, ObjectFieldSelectorLike, ResourceFieldSelectorLike } from './shapes.js';
import { isConfigMapKey, isEnvVarName } from './syntax.js';

/** Field paths env vars may take from the pod (validEnvDownwardAPIFieldPathExpressions), sorted. */
const ENV_FIELD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

/** Field paths a downwardAPI volume file may take (validVolumeDownwardAPIFieldPathExpressions). */
export const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

/** Resources env vars and downwardAPI files may expose (validContainerResourceFieldPathExpressions). */
const RESOURCE_FIELDS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

export function validateEnv(vars: readonly EnvVarLike[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (vars ?? []).forEach((entry, i) => {
    const ev: EnvVarLike = entry ?? {};
    const at = indexPath(path, i);
    const name = ev.name ?? '';
    if (name === '') errors.push(required(childPath(at, 'name'), ''));
    else for (const msg of isEnvVarName(name)) errors.push(invalid(childPath(at, 'name'), name, msg));
    errors.push(...validateValueFrom(ev, childPath(at, 'valueFrom')));
  });
  return errors;
}

function validateValueFrom(ev: EnvVarLike, path: string): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errors: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    errors.push(...validateObjectFieldSelector(from.fieldRef, ENV_FIELD_PATHS, childPath(path, 'fieldRef')));
  }
  if (from.resourceFieldRef) {
    sources++;
    errors.push(...validateResourceFieldSelector(from.resourceFieldRef, false, childPath(path, 'resourceFieldRef')));
  }
  if (from.configMapKeyRef) {
    sources++;
    errors.push(...validateKeySelector(from.configMapKeyRef, childPath(path, 'configMapKeyRef')));
  }
  if (from.secretKeyRef) {
    sources++;
    errors.push(...validateKeySelector(from.secretKeyRef, childPath(path, 'secretKeyRef')));
  }
  if (sources === 0) errors.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if ((ev.value ?? '') !== '') errors.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) errors.push(invalid(path, '', 'may not have more than one field specified at a time'));
  return errors;
}

/** upstream validateObjectFieldSelector: apiVersion and a supported fieldPath. */
export function validateObjectFieldSelector(ref: ObjectFieldSelectorLike, supported: readonly string[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!ref.apiVersion) errors.push(required(childPath(path, 'apiVersion'), ''));
  const fieldPath = ref.fieldPath ?? '';
  if (fieldPath === '') {
    errors.push(required(childPath(path, 'fieldPath'), ''));
    return errors;
  }
  // metadata.labels['key'] and metadata.annotations['key'] select one entry.
  const subscript = /^(metadata\.(?:labels|annotations))\['[^']+'\]$/.exec(fieldPath);
  const base = subscript ? subscript[1]! : fieldPath;
  if (!supported.includes(base)) errors.push(notSupported(childPath(path, 'fieldPath'), fieldPath, supported));
  return errors;
}

/** upstream validateContainerResourceFieldSelector (containerName is required in volumes only). */
export function validateResourceFieldSelector(ref: ResourceFieldSelectorLike, volume: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (volume && !ref.containerName) errors.push(required(childPath(path, 'containerName'), ''));
  const resource = ref.resource ?? '';
  if (resource === '') errors.push(required(childPath(path, 'resource'), ''));
  else if (!RESOURCE_FIELDS.includes(resource) && !/^(limits|requests)\.hugepages-/.test(resource)) {
    errors.push(notSupported(childPath(path, 'resource'), resource, RESOURCE_FIELDS));
  }
  return errors;
}

/** upstream validateConfigMapKeySelector / validateSecretKeySelector. */
function validateKeySelector(ref: KeySelectorLike, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = ref.name ?? '';
  for (const msg of isDNS1123Subdomain(name)) errors.push(invalid(childPath(path, 'name'), name, msg));
  const key = ref.key ?? '';
  if (key === '') errors.push(required(childPath(path, 'key'), ''));
  else for (const msg of isConfigMapKey(key)) errors.push(invalid(childPath(path, 'key'), key, msg));
  return errors;
}

/** upstream ValidateEnvFrom: a prefix that makes valid names, and exactly one source. */
export function validateEnvFrom(sources: readonly EnvFromSourceLike[] | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (sources ?? []).forEach((entry, i) => {
    const source: EnvFromSourceLike = entry ?? {};
    const at = indexPath(path, i);
    if (source.prefix) for (const msg of isEnvVarName(source.prefix)) errors.push(invalid(childPath(at, 'prefix'), source.prefix, msg));
    let count = 0;
    for (const field of ['configMapRef', 'secretRef'] as const) {
      const ref = source[field];
      if (!ref) continue;
      count++;
      const name = ref.name ?? '';
      for (const msg of isDNS1123Subdomain(name)) errors.push(invalid(childPath(childPath(at, field), 'name'), name, msg));
    }
    if (count === 0) errors.push(invalid(at, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (count > 1) errors.push(invalid(at, '', 'may not have more than one field specified at a time'));
  });
  return errors;
}
