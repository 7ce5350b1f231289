/**
 * The volumes of the pods on this node (model: pkg/kubelet/volumemanager, much reduced: no
 * attach/detach, no reconciler thread; the pod worker calls in).
 *
 * Life of a pod's volumes:
 *   setUpPod(pod) ──► set up (host paths known) ──► refresh(pod) / periodic resync ──┐
 *        ▲  (retry on PodVolumesError)                     ▲──────────────────────────┘
 *        └─────────────────────────────── tearDownPod(uid) ──► gone (directory removed)
 *
 * Layout: `<rootDir>/pods/<uid>/volumes/kubernetes.io~<plugin>/<volume name>`; hostPath volumes
 * are the host's own path.
 *
 * Contracts:
 * - Calls for one pod are serialized (setUp, refresh, resync, tearDown run one at a time per
 *   pod UID, in call order); calls for different pods run concurrently.
 * - setUpPod sets up every volume it can and is idempotent; when some fail it throws
 *   PodVolumesError (one VolumeSetUpError per failed volume, each with its FailedMount message)
 *   and the others stay set up, so a retry only redoes the failed ones' work.
 * - API-backed volumes (configMap, secret, downwardAPI, projected) are re-synced by refresh(pod)
 *   (the kubelet calls it on pod updates; it also records the newer pod for downward API files)
 *   and every `resyncIntervalMs` for every pod set up; resync failures go to `onResyncError` and
 *   leave the previous contents in place.
 * - tearDownPod unmounts every mount under the pod directory (deepest first), then removes the
 *   whole `<rootDir>/pods/<uid>` directory; it refuses to delete anything while a mount remains.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ContainerLike, ResourceList } from '../../api/validation/pod/shapes.js';
import type { Disposable } from '../../util/lifecycle.js';
import type { ObjectGetters, PodLike } from '../env/sources.js';
import type { KeyValue, Mount } from '../runtime/runtime.js';
import { mountsFor } from './container-mounts.js';
import { PodVolumesError, VolumeSetUpError } from './errors.js';
import { KINDS, volumeKind } from './kinds.js';
import { mountPointsUnder, unmount } from './mounts-table.js';
import { setUpVolume, type SetUpContext } from './setup.js';
import { ServiceAccountTokenCache, type RequestToken, type TokenCacheOptions } from './token-cache.js';

export interface VolumeSources extends ObjectGetters {
  /** Issues a ServiceAccount token (POST serviceaccounts/<name>/token) for projected volumes. */
  requestToken: RequestToken;
  /** node.status.allocatable, read at each use (resourceFieldRef defaults, tmpfs sizes). */
  nodeAllocatable(): ResourceList;
}

export interface VolumeManagerOptions {
  /** The kubelet's root directory (pods live under `<rootDir>/pods`). */
  rootDir: string;
  sources: VolumeSources;
  /** Period of the resync of API-backed volumes; default 30 s; 0 disables the timer. */
  resyncIntervalMs?: number;
  /** Mount tmpfs for memory-backed volumes; default: when running as root. */
  useTmpfs?: boolean;
  /** Told about each pod whose periodic resync failed (the kubelet turns it into FailedMount events). */
  onResyncError?(pod: PodLike, error: PodVolumesError): void;
  tokens?: TokenCacheOptions;
}

export const DEFAULT_RESYNC_INTERVAL_MS = 30_000;

interface PodEntry {
  pod: PodLike;
  /** Volume name → host path, for the volumes set up so far. */
  paths: Map<string, string>;
}

export class VolumeManager implements Disposable {
  readonly #options: VolumeManagerOptions;
  readonly #useTmpfs: boolean;
  readonly #tokens: ServiceAccountTokenCache;
  readonly #pods = new Map<string, PodEntry>();
  readonly #queues = new Map<string, Promise<unknown>>();
  #timer: NodeJS.Timeout | undefined;
  #disposed = false;

  constructor(options: VolumeManagerOptions) {
    this.#options = options;
    this.#useTmpfs = options.useTmpfs ?? process.getuid?.() === 0;
    this.#tokens = new ServiceAccountTokenCache(options.sources.requestToken, options.tokens);
    const interval = options.resyncIntervalMs ?? DEFAULT_RESYNC_INTERVAL_MS;
    if (interval > 0) {
      this.#timer = setInterval(() => void this.resyncAll(), interval);
      this.#timer.unref();
    }
  }

  /** `<rootDir>/pods/<uid>`. */
  podDir(uid: string): string {
    return path.join(this.#options.rootDir, 'pods', uid);
  }

  /** Sets up every volume of the pod; resolves to volume name → host path. */
  async setUpPod(pod: PodLike): Promise<Map<string, string>> {
    const uid = podUid(pod);
    return await this.serialize(uid, async () => {
      const entry = this.#pods.get(uid) ?? { pod, paths: new Map<string, string>() };
      entry.pod = pod;
      this.#pods.set(uid, entry);
      await this.syncVolumes(entry, () => true);
      return new Map(entry.paths);
    });
  }

  /** Re-syncs the pod's API-backed volumes now (no-op for a pod not set up). */
  async refresh(pod: PodLike): Promise<void> {
    const uid = podUid(pod);
    return await this.serialize(uid, async () => {
      const entry = this.#pods.get(uid);
      if (!entry) return;
      entry.pod = pod;
      await this.syncVolumes(entry, (kind) => KINDS[kind].resyncs);
    });
  }

  /** Re-syncs every pod's API-backed volumes (what the timer runs); failures go to onResyncError. */
  async resyncAll(): Promise<void> {
    await Promise.all(
      [...this.#pods.values()].map(async (entry) => {
        try {
          await this.refresh(entry.pod);
        } catch (err) {
          if (err instanceof PodVolumesError) this.#options.onResyncError?.(entry.pod, err);
        }
      }),
    );
  }

  /** The container's mounts; the pod's volumes must be set up. */
  mountsFor(pod: PodLike, container: ContainerLike, volumePaths: ReadonlyMap<string, string>, env: readonly KeyValue[]): Promise<Mount[]> {
    return mountsFor(pod, container, volumePaths, env);
  }

  /** Unmounts and removes everything of the pod (safe to call for unknown or already removed pods). */
  async tearDownPod(uid: string): Promise<void> {
    podUid({ metadata: { uid } });
    return await this.serialize(uid, async () => {
      this.#pods.delete(uid);
      this.#tokens.deleteForPod(uid);
      const dir = this.podDir(uid);
      for (const point of await mountPointsUnder(dir)) await unmount(point);
      const left = await mountPointsUnder(dir);
      if (left.length > 0) throw new Error(`cannot remove ${dir}: still mounted: ${left.join(', ')}`);
      await rm(dir, { recursive: true, force: true });
    });
  }

  /** UIDs of the pods whose volumes are set up (for the kubelet's orphan cleanup). */
  /** Volume name → host path of the pod's volumes set up so far (empty for an unknown pod). */
  volumePaths(uid: string): ReadonlyMap<string, string> {
    return new Map(this.#pods.get(uid)?.paths);
  }

  podUids(): string[] {
    return [...this.#pods.keys()];
  }

  /** Stops the resync timer; volumes stay on disk (the kubelet tears pods down explicitly). */
  async dispose(): Promise<void> {
    this.#disposed = true;
    clearInterval(this.#timer);
    await Promise.allSettled([...this.#queues.values()]);
  }

  private async syncVolumes(entry: PodEntry, include: (kind: ReturnType<typeof volumeKind>) => boolean): Promise<void> {
    const volumesDir = path.join(this.podDir(podUid(entry.pod)), 'volumes');
    await mkdir(volumesDir, { recursive: true, mode: 0o750 });
    const ctx: SetUpContext = {
      pod: entry.pod,
      volumesDir,
      getters: this.#options.sources,
      nodeAllocatable: this.#options.sources.nodeAllocatable(),
      tokens: this.#tokens,
      useTmpfs: this.#useTmpfs,
    };
    const failures: VolumeSetUpError[] = [];
    for (const volume of entry.pod.spec?.volumes ?? []) {
      const name = volume.name ?? '';
      try {
        if (!include(volumeKind(volume))) continue;
        entry.paths.set(name, await setUpVolume(volume, ctx));
      } catch (err) {
        failures.push(new VolumeSetUpError(name, err));
      }
    }
    if (failures.length > 0) throw new PodVolumesError(failures);
  }

  /** Runs `task` after every earlier task of the same pod. */
  private serialize<T>(uid: string, task: () => Promise<T>): Promise<T> {
    if (this.#disposed) return Promise.reject(new Error('volume manager is disposed'));
    const previous = this.#queues.get(uid) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(uid, settled);
    void settled.then(() => {
      if (this.#queues.get(uid) === settled) this.#queues.delete(uid);
    });
    return run;
  }
}

function podUid(pod: PodLike): string {
  const uid = pod.metadata?.uid ?? '';
  if (uid === '' || uid.includes('/') || uid === '.' || uid === '..') throw new Error(`pod has an invalid uid ${JSON.stringify(uid)}`);
  return uid;
}
