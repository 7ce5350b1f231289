/**
 * The writes one deployment sync makes to ReplicaSets and to the deployment's status (model:
 * sync.go scaleReplicaSet/scaleReplicaSetAndRecordEvent, syncDeploymentStatus, and
 * progress.go syncRolloutStatus), with upstream's ScalingReplicaSet events.
 *
 * Contracts: objects passed in are never mutated (copies are written); `d` is the sync's own copy
 * of the deployment, whose metadata and status follow every status write so later writes in the
 * same sync carry the current resourceVersion; `rss` holds the sync's view of the deployment's
 * ReplicaSets and is updated with every written ReplicaSet. A failed write throws (the sync is
 * retried with backoff).
 */
import type { EventRecorder } from '../../client/events/index.js';
import type { RestClient } from '../../client/rest/index.js';
import { replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations.js';
import { maxSurge } from './replica-sets.js';
import { DEPLOYMENTS, REPLICASETS } from '../shared/resources.js';
import { sameStatus } from './status.js';
import { specReplicas, type Deployment, type DeploymentStatus, type ReplicaSet } from './types.js';

export class ReplicaSetWriter {
  constructor(
    private readonly client: RestClient,
    private readonly recorder: EventRecorder,
    readonly d: Deployment,
    /** The deployment's ReplicaSets as this sync knows them (kept current by the writes). */
    readonly rss: ReplicaSet[],
  ) {}

  /** The sync's latest version of `rs` (after any write made in this sync). */
  latest(rs: ReplicaSet): ReplicaSet {
    return this.rss.find((x) => x.metadata.uid === rs.metadata.uid) ?? rs;
  }

  /** Records `rs` (written or created) as the latest version. */
  remember(rs: ReplicaSet): ReplicaSet {
    const i = this.rss.findIndex((x) => x.metadata.uid === rs.metadata.uid);
    if (i >= 0) this.rss[i] = rs;
    else this.rss.push(rs);
    return rs;
  }

  /** scaleReplicaSetAndRecordEvent: nothing when the size is already `replicas`. */
  async scaleAndRecord(rs: ReplicaSet, replicas: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    const current = this.latest(rs);
    if (specReplicas(current) === replicas) return { scaled: false, rs: current };
    return this.scale(current, replicas);
  }

  /**
   * scaleReplicaSet: writes the size and the desired/max-replicas annotations when either differs;
   * a size change is reported as "Scaled up|down replica set <name> from <old> to <new>".
   */
  async scale(rs: ReplicaSet, replicas: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    const current = this.latest(rs);
    const desired = specReplicas(this.d);
    const max = desired + maxSurge(this.d);
    const oldScale = specReplicas(current);
    const sizeChanges = oldScale !== replicas;
    if (!sizeChanges && !replicasAnnotationsNeedUpdate(current, desired, max)) return { scaled: false, rs: current };
    const copy = structuredClone(current);
    copy.spec.replicas = replicas;
    setReplicasAnnotations(copy, desired, max);
    const written = this.remember(await this.replicaSets().update(copy));
    if (sizeChanges) {
      const direction = oldScale < replicas ? 'up' : 'down';
      this.recorder.event(this.d, 'Normal', 'ScalingReplicaSet', `Scaled ${direction} replica set ${written.metadata.name ?? ''} from ${oldScale} to ${replicas}`);
    }
    return { scaled: sizeChanges, rs: written };
  }

  async updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet> {
    return this.remember(await this.replicaSets().update(rs));
  }

  async createReplicaSet(rs: ReplicaSet): Promise<ReplicaSet> {
    return this.remember(await this.replicaSets().create(rs));
  }

  async deleteReplicaSet(rs: ReplicaSet): Promise<void> {
    await this.replicaSets().delete(rs.metadata.name ?? '', { preconditions: { uid: rs.metadata.uid ?? '' } });
  }

  /** Writes `d`'s status (and annotations) through `/status`; `d` follows the stored object. */
  async writeStatus(): Promise<void> {
    const stored = await this.client.resource<Deployment>(DEPLOYMENTS).namespace(this.d.metadata.namespace ?? '').updateStatus(this.d);
    this.d.metadata = stored.metadata;
    this.d.status = stored.status;
  }

  /** Writes `d` through the main resource (spec and annotations; rollbacks). */
  async writeDeployment(): Promise<void> {
    const stored = await this.client.resource<Deployment>(DEPLOYMENTS).namespace(this.d.metadata.namespace ?? '').update(this.d);
    this.d.metadata = stored.metadata;
    this.d.spec = stored.spec;
    this.d.status = stored.status;
  }

  /** Writes `status` unless it equals the deployment's current one; true when written. */
  async writeStatusIfChanged(status: DeploymentStatus): Promise<boolean> {
    if (sameStatus(this.d.status, status)) return false;
    this.d.status = status;
    await this.writeStatus();
    return true;
  }

  private replicaSets() {
    return this.client.resource<ReplicaSet>(REPLICASETS).namespace(this.d.metadata.namespace ?? '');
  }
}
