/**
 * Which plugin serves a volume, where its files live and whether containers see it read-only
 * (model: the in-tree plugins' names, `kubernetes.io/<plugin>` escaped as `kubernetes.io~<plugin>`
 * on disk, and their Mounter attributes).
 */
import type { VolumeLike } from '../../api/validation/pod/shapes.js';

export type VolumeKind = 'emptyDir' | 'configMap' | 'secret' | 'downwardAPI' | 'projected' | 'hostPath';

interface KindInfo {
  /** Directory under `<pod>/volumes/`; hostPath volumes have none (they are the host's path). */
  pluginDir?: string;
  /** upstream Mounter attributes ReadOnly: containers always get these read-only. */
  readOnly: boolean;
  /** Contents come from the API and are re-synced (upstream RequiresRemount). */
  resyncs: boolean;
  /** Backed by memory (a tmpfs when the kubelet may mount), as upstream's wrapped emptyDir. */
  memoryBacked: boolean;
}

export const KINDS: Readonly<Record<VolumeKind, KindInfo>> = {
  emptyDir: { pluginDir: 'kubernetes.io~empty-dir', readOnly: false, resyncs: false, memoryBacked: false },
  configMap: { pluginDir: 'kubernetes.io~configmap', readOnly: true, resyncs: true, memoryBacked: false },
  secret: { pluginDir: 'kubernetes.io~secret', readOnly: true, resyncs: true, memoryBacked: true },
  downwardAPI: { pluginDir: 'kubernetes.io~downward-api', readOnly: true, resyncs: true, memoryBacked: true },
  projected: { pluginDir: 'kubernetes.io~projected', readOnly: true, resyncs: true, memoryBacked: true },
  hostPath: { readOnly: false, resyncs: false, memoryBacked: false },
};

/** The volume's kind; throws for sources this kubelet does not support. A volume without a source is an emptyDir (as API defaulting makes it). */
export function volumeKind(volume: VolumeLike): VolumeKind {
  for (const kind of Object.keys(KINDS) as VolumeKind[]) if (volume[kind] !== undefined && volume[kind] !== null) return kind;
  if (volume.persistentVolumeClaim) {
    throw new Error(`persistentVolumeClaim volumes are not supported by this kubelet yet (claim "${volume.persistentVolumeClaim.claimName ?? ''}")`);
  }
  const source = Object.keys(volume).find((key) => key !== 'name');
  if (source !== undefined) throw new Error(`${source} volumes are not supported by this kubelet yet`);
  return 'emptyDir';
}
