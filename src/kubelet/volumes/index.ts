/** Pod volumes on disk (see manager.ts for the contracts). */
export { AtomicWriter, type FileProjection, type Payload } from './atomic-writer.js';
export { PodVolumesError, REASON_FAILED_MOUNT, VolumeSetUpError } from './errors.js';
export { DEFAULT_RESYNC_INTERVAL_MS, VolumeManager, type VolumeManagerOptions, type VolumeSources } from './manager.js';
export type { IssuedToken, RequestToken, TokenRequestSpec } from './token-cache.js';
