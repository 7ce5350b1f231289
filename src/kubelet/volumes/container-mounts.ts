/**
 * A container's mounts from its volumeMounts (model: kubelet makeMounts): the volume's host path,
 * or a subPath inside it (`subPathExpr` expanded against the container's environment), read-only
 * when the mount asks for it or the volume kind is always read-only.
 *
 * A missing subPath is created (with the volume directory's mode, as upstream SafeMakeDir); a
 * subPath that resolves (through symlinks) outside its volume is refused. The runtime bind-mounts
 * the resolved path, so later updates of a configMap/secret key do not reach a subPath mount, as
 * upstream.
 */
import { chmod, mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ContainerLike } from '../../api/validation/pod/shapes.js';
import { expandSubPathExpr } from '../env/command.js';
import type { PodLike } from '../env/sources.js';
import type { KeyValue, Mount } from '../runtime/runtime.js';
import { KINDS, volumeKind } from './kinds.js';

export async function mountsFor(
  pod: PodLike,
  container: ContainerLike,
  volumePaths: ReadonlyMap<string, string>,
  env: readonly KeyValue[],
): Promise<Mount[]> {
  const mounts: Mount[] = [];
  for (const vm of container.volumeMounts ?? []) {
    const name = vm.name ?? '';
    const volumePath = volumePaths.get(name);
    const volume = pod.spec?.volumes?.find((v) => v.name === name);
    if (volumePath === undefined || !volume) throw new Error(`cannot find volume "${name}" to mount into container "${container.name ?? ''}"`);

    let subPath = vm.subPath ?? '';
    if (vm.subPathExpr) subPath = expandSubPathExpr(vm.subPathExpr, env);
    let hostPath = volumePath;
    if (subPath !== '') {
      if (path.isAbsolute(subPath)) throw new Error(`error SubPath \`${subPath}\` must not be an absolute path`);
      if (subPath.split('/').includes('..')) throw new Error(`unable to provision SubPath \`${subPath}\`: must not contain '..'`);
      hostPath = await prepareSubPath(volumePath, subPath, name, container.name ?? '');
    }
    let containerPath = vm.mountPath ?? '';
    if (!path.isAbsolute(containerPath)) containerPath = `/${containerPath}`;
    mounts.push({ containerPath, hostPath, readOnly: vm.readOnly === true || KINDS[volumeKind(volume)].readOnly });
  }
  return mounts;
}

async function prepareSubPath(volumePath: string, subPath: string, volumeName: string, containerName: string): Promise<string> {
  const full = path.join(volumePath, subPath);
  try {
    const volumeReal = await realpath(volumePath);
    try {
      await stat(full);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      // Create it inside the volume only: the deepest existing ancestor must resolve into the
      // volume; each new directory gets the volume's mode (chmod, since mkdir's mode obeys umask).
      const missing: string[] = [];
      let existing = full;
      for (;;) {
        try {
          await stat(existing);
          break;
        } catch {
          missing.unshift(existing);
          existing = path.dirname(existing);
        }
      }
      if (!isWithin(await realpath(existing), volumeReal)) throw new Error('escapes the volume');
      const mode = (await stat(volumePath)).mode & 0o7777;
      for (const dir of missing) {
        await mkdir(dir, { mode });
        await chmod(dir, mode);
      }
    }
    if (!isWithin(await realpath(full), volumeReal)) throw new Error('escapes the volume');
    return full;
  } catch {
    // Upstream does not show host details to the user.
    throw new Error(`failed to prepare subPath for volumeMount "${volumeName}" of container "${containerName}"`);
  }
}

function isWithin(candidate: string, root: string): boolean {
  return candidate === root || candidate.startsWith(`${root}/`);
}
