/**
 * Volume failures as the kubelet reports them: each failed volume becomes one `FailedMount`
 * warning event on the pod with upstream's text, e.g.
 * `MountVolume.SetUp failed for volume "config" : configmap "app-config" not found`.
 */
import { errorMessage } from '../../util/errors.js';

export const REASON_FAILED_MOUNT = 'FailedMount';

/** One volume could not be set up (or re-synced); `message` is the underlying cause's text. */
export class VolumeSetUpError extends Error {
  constructor(
    readonly volumeName: string,
    cause: unknown,
  ) {
    super(errorMessage(cause), { cause });
    this.name = 'VolumeSetUpError';
  }

  /** The FailedMount event message. */
  get eventMessage(): string {
    return `MountVolume.SetUp failed for volume "${this.volumeName}" : ${this.message}`;
  }
}

/** Some volumes of a pod failed; the others are set up. */
export class PodVolumesError extends Error {
  constructor(readonly failures: readonly VolumeSetUpError[]) {
    super(failures.map((f) => f.eventMessage).join('; '));
    this.name = 'PodVolumesError';
  }

  /** Names of the volumes that are not mounted (for the kubelet's sync error). */
  get volumeNames(): string[] {
    return this.failures.map((f) => f.volumeName);
  }
}
