/**
 * The files of API-backed volumes (model: pkg/volume/{configmap,secret,downwardapi,projected}
 * MakePayload/CollectData/collectData): each returns the map `relative path → content + mode`
 * that the AtomicWriter projects. Messages are upstream's.
 */
import path from 'node:path';
import type { DownwardAPIFileLike, KeyToPathLike, ProjectionLike, ResourceList } from '../../api/validation/pod/shapes.js';
import { decodeBase64, getConfigMap, getSecret } from '../env/objects.js';
import type { ConfigMapLike, ObjectGetters, PodLike, SecretLike } from '../env/sources.js';
import { extractFieldPathAsString } from '../downward/field-path.js';
import { containerResourceValue, findContainerInPod, withAllocatableLimits } from '../downward/resources.js';
import { isNotFound } from '../../util/errors.js';
import type { FileProjection } from './atomic-writer.js';
import type { ServiceAccountTokenCache } from './token-cache.js';

export const DEFAULT_MODE = 0o644;

/** upstream configmap.MakePayload: all keys (data and binaryData), or the listed items. */
export function configMapPayload(items: readonly KeyToPathLike[] | undefined, cm: ConfigMapLike, defaultMode: number, optional: boolean): Map<string, FileProjection> {
  const lookup = (key: string): Buffer | undefined => {
    if (cm.data && Object.hasOwn(cm.data, key)) return Buffer.from(cm.data[key]!, 'utf8');
    if (cm.binaryData && Object.hasOwn(cm.binaryData, key)) return decodeBase64(cm.binaryData[key]!);
    return undefined;
  };
  const allKeys = [...Object.keys(cm.data ?? {}), ...Object.keys(cm.binaryData ?? {})];
  return keyedPayload(items, allKeys, lookup, defaultMode, optional, 'configmap references non-existent config key');
}

/** upstream secret.MakePayload. */
export function secretPayload(items: readonly KeyToPathLike[] | undefined, secret: SecretLike, defaultMode: number, optional: boolean): Map<string, FileProjection> {
  const lookup = (key: string): Buffer | undefined => (secret.data && Object.hasOwn(secret.data, key) ? decodeBase64(secret.data[key]!) : undefined);
  return keyedPayload(items, Object.keys(secret.data ?? {}), lookup, defaultMode, optional, 'references non-existent secret key');
}

function keyedPayload(
  items: readonly KeyToPathLike[] | undefined,
  allKeys: readonly string[],
  lookup: (key: string) => Buffer | undefined,
  defaultMode: number,
  optional: boolean,
  missingKeyMessage: string,
): Map<string, FileProjection> {
  const payload = new Map<string, FileProjection>();
  if (!items || items.length === 0) {
    for (const key of allKeys) payload.set(key, { data: lookup(key)!, mode: defaultMode });
    return payload;
  }
  for (const item of items) {
    const key = item.key ?? '';
    const data = lookup(key);
    if (data === undefined) {
      if (optional) continue;
      throw new Error(`${missingKeyMessage}: ${key}`);
    }
    payload.set(item.path ?? '', { data, mode: item.mode ?? defaultMode });
  }
  return payload;
}

/** upstream downwardapi.CollectData: every file is attempted; errors are aggregated. */
export function downwardAPIPayload(items: readonly DownwardAPIFileLike[] | undefined, pod: PodLike, defaultMode: number, nodeAllocatable: ResourceList): Map<string, FileProjection> {
  const payload = new Map<string, FileProjection>();
  const errors: unknown[] = [];
  for (const item of items ?? []) {
    let data = Buffer.alloc(0);
    try {
      if (item.fieldRef) {
        data = Buffer.from(extractFieldPathAsString(pod, item.fieldRef.fieldPath ?? ''));
      } else if (item.resourceFieldRef) {
        const { container } = findContainerInPod(pod, item.resourceFieldRef.containerName ?? '');
        data = Buffer.from(containerResourceValue(item.resourceFieldRef, withAllocatableLimits(container, nodeAllocatable)));
      }
    } catch (err) {
      errors.push(err);
    }
    payload.set(path.posix.normalize(item.path ?? ''), { data, mode: item.mode ?? defaultMode });
  }
  if (errors.length > 0) throw aggregate(errors);
  return payload;
}

export interface ProjectionContext {
  pod: PodLike;
  getters: ObjectGetters;
  nodeAllocatable: ResourceList;
  tokens: ServiceAccountTokenCache;
}

/** upstream projected collectData: the union of every source's files; errors are aggregated. */
export async function projectedPayload(sources: readonly ProjectionLike[] | undefined, defaultMode: number, ctx: ProjectionContext): Promise<Map<string, FileProjection>> {
  const payload = new Map<string, FileProjection>();
  const errors: unknown[] = [];
  const namespace = ctx.pod.metadata?.namespace ?? '';
  for (const source of sources ?? []) {
    try {
      let part: Map<string, FileProjection>;
      if (source.configMap) {
        const optional = source.configMap.optional === true;
        const cm = await orEmpty(getConfigMap(ctx.getters, namespace, source.configMap.name ?? ''), optional);
        part = configMapPayload(source.configMap.items, cm, defaultMode, optional);
      } else if (source.secret) {
        const optional = source.secret.optional === true;
        const secret = await orEmpty(getSecret(ctx.getters, namespace, source.secret.name ?? ''), optional);
        part = secretPayload(source.secret.items, secret, defaultMode, optional);
      } else if (source.downwardAPI) {
        part = downwardAPIPayload(source.downwardAPI.items, ctx.pod, defaultMode, ctx.nodeAllocatable);
      } else if (source.serviceAccountToken) {
        const tp = source.serviceAccountToken;
        const token = await ctx.tokens.get(namespace, ctx.pod.spec?.serviceAccountName || 'default', {
          ...(tp.audience ? { audience: tp.audience } : {}),
          expirationSeconds: tp.expirationSeconds ?? 3600,
          boundPod: { name: ctx.pod.metadata?.name ?? '', uid: ctx.pod.metadata?.uid ?? '' },
        });
        part = new Map([[tp.path ?? '', { data: Buffer.from(token), mode: defaultMode }]]);
      } else if (source.clusterTrustBundle) {
        throw new Error('clusterTrustBundle projections are not supported by this kubelet');
      } else {
        continue;
      }
      for (const [file, content] of part) payload.set(file, content);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) throw aggregate(errors);
  return payload;
}

/** A missing object behind an optional reference reads as empty. */
export async function orEmpty<T extends object>(read: Promise<T>, optional: boolean): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (optional && isNotFound(err)) return {} as T;
    throw err;
  }
}

/** upstream utilerrors.NewAggregate: one error as itself, several as `[a, b]`. */
function aggregate(errors: unknown[]): unknown {
  if (errors.length === 1) return errors[0];
  return new Error(`[${errors.map((e) => (e instanceof Error ? e.message : String(e))).join(', ')}]`);
}
