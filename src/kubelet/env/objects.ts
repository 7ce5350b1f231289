/**
 * Reading ConfigMaps and Secrets through the injected getters with the kubelet's error messages:
 * whatever NotFoundError a getter throws becomes upstream's `configmap "x" not found` /
 * `secret "x" not found` (the kubelet's configmap/secret managers name the resource in the
 * singular), so `kubectl describe` shows the same text as on a real node.
 */
import { isNotFound, NotFoundError } from '../../util/errors.js';
import type { ConfigMapLike, ObjectGetters, SecretLike } from './sources.js';

export async function getConfigMap(getters: ObjectGetters, namespace: string, name: string): Promise<ConfigMapLike> {
  try {
    return await getters.getConfigMap(namespace, name);
  } catch (err) {
    if (isNotFound(err)) throw new NotFoundError(`configmap "${name}" not found`);
    throw err;
  }
}

export async function getSecret(getters: ObjectGetters, namespace: string, name: string): Promise<SecretLike> {
  try {
    return await getters.getSecret(namespace, name);
  } catch (err) {
    if (isNotFound(err)) throw new NotFoundError(`secret "${name}" not found`);
    throw err;
  }
}

/** A Secret's `data` entry (base64 in the API's JSON) as bytes. */
export function decodeBase64(value: string): Buffer {
  return Buffer.from(value, 'base64');
}

/** Own enumerable string keys of a JSON map, in its order. */
export function entriesOf(map: Readonly<Record<string, string>> | undefined): [string, string][] {
  return Object.entries(map ?? {});
}
