/**
 * Setting up one volume of a pod: emptyDir, hostPath, and the API-backed kinds whose files the
 * AtomicWriter projects (configMap, secret, downwardAPI, projected). Idempotent: running it again
 * re-syncs the files and leaves everything else as it is (that is how updates propagate).
 */
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ResourceList, VolumeLike } from '../../api/validation/pod/shapes.js';
import { getConfigMap, getSecret } from '../env/objects.js';
import type { ObjectGetters, PodLike } from '../env/sources.js';
import { AtomicWriter, type FileProjection } from './atomic-writer.js';
import { checkHostPathType } from './host-path.js';
import { KINDS, volumeKind, type VolumeKind } from './kinds.js';
import { memoryVolumeSizeBytes } from './memory-size.js';
import { isMountPoint, mountTmpfs } from './mounts-table.js';
import { configMapPayload, DEFAULT_MODE, downwardAPIPayload, orEmpty, projectedPayload, secretPayload } from './payloads.js';
import type { ServiceAccountTokenCache } from './token-cache.js';

export interface SetUpContext {
  pod: PodLike;
  /** `<rootDir>/pods/<uid>/volumes`. */
  volumesDir: string;
  getters: ObjectGetters;
  nodeAllocatable: ResourceList;
  tokens: ServiceAccountTokenCache;
  /** Whether memory-backed volumes get a tmpfs (needs root); plain directories otherwise. */
  useTmpfs: boolean;
}

/** The host path of a volume (where it is or will be), without touching the disk. */
export function volumeHostPath(volumesDir: string, volume: VolumeLike, kind: VolumeKind = volumeKind(volume)): string {
  if (kind === 'hostPath') return volume.hostPath?.path ?? '';
  return path.join(volumesDir, KINDS[kind].pluginDir!, volume.name ?? '');
}

/** Sets up (or re-syncs) one volume and returns its host path. */
export async function setUpVolume(volume: VolumeLike, ctx: SetUpContext): Promise<string> {
  const kind = volumeKind(volume);
  const dir = volumeHostPath(ctx.volumesDir, volume, kind);
  switch (kind) {
    case 'hostPath':
      await checkHostPathType(dir, volume.hostPath?.type ?? '');
      return dir;
    case 'emptyDir': {
      const memory = volume.emptyDir?.medium === 'Memory';
      await ensureDir(dir, memory, memory ? memoryVolumeSizeBytes(ctx.pod, ctx.nodeAllocatable, volume.emptyDir?.sizeLimit) : undefined, ctx.useTmpfs);
      return dir;
    }
    default: {
      // Fetch first, so a missing object leaves no empty directory behind.
      const payload = await payloadOf(volume, kind, ctx);
      const memory = KINDS[kind].memoryBacked;
      await ensureDir(dir, memory, memory ? memoryVolumeSizeBytes(ctx.pod, ctx.nodeAllocatable, undefined) : undefined, ctx.useTmpfs);
      await new AtomicWriter(dir).write(payload);
      return dir;
    }
  }
}

async function payloadOf(volume: VolumeLike, kind: VolumeKind, ctx: SetUpContext): Promise<Map<string, FileProjection>> {
  const namespace = ctx.pod.metadata?.namespace ?? '';
  switch (kind) {
    case 'configMap': {
      const source = volume.configMap!;
      const optional = source.optional === true;
      const cm = await orEmpty(getConfigMap(ctx.getters, namespace, source.name ?? ''), optional);
      return configMapPayload(source.items, cm, source.defaultMode ?? DEFAULT_MODE, optional);
    }
    case 'secret': {
      const source = volume.secret!;
      const optional = source.optional === true;
      const secret = await orEmpty(getSecret(ctx.getters, namespace, source.secretName ?? ''), optional);
      return secretPayload(source.items, secret, source.defaultMode ?? DEFAULT_MODE, optional);
    }
    case 'downwardAPI':
      return downwardAPIPayload(volume.downwardAPI!.items, ctx.pod, volume.downwardAPI!.defaultMode ?? DEFAULT_MODE, ctx.nodeAllocatable);
    case 'projected':
      return projectedPayload(volume.projected!.sources, volume.projected!.defaultMode ?? DEFAULT_MODE, ctx);
    default:
      throw new Error(`${kind} volumes have no payload`);
  }
}

/** The volume directory, mode 0777 as upstream's emptyDir; a tmpfs when memory-backed and allowed. */
async function ensureDir(dir: string, memory: boolean, sizeBytes: number | undefined, useTmpfs: boolean): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o750 });
  if (memory && useTmpfs && !(await isMountPoint(dir))) await mountTmpfs(dir, sizeBytes);
  await chmod(dir, 0o777);
}
