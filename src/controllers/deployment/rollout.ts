/**
 * One sync of one deployment, after its ReplicaSets were claimed (model: sync.go, rolling.go,
 * recreate.go, rollback.go): decisions come from the pure modules (plans, status, annotations,
 * replica-sets); this class only sequences them and writes through a ReplicaSetWriter.
 *
 * Entry point: `run()`, which follows upstream's syncDeployment after the claim:
 *   deleting → status only; paused/resumed condition; paused → sync (scale only);
 *   rollback annotation → rollback; scaling event → sync; else Recreate or RollingUpdate rollout.
 */
import type { EventRecorder } from '../../client/events/index.js';
import type { RestClient } from '../../client/rest/index.js';
import { errorMessage, isNotFound, StatusError } from '../../util/errors.js';
import { controllerOf, newControllerRef } from '../shared/owner-refs.js';
import { setDeploymentAnnotationsTo, setDeploymentRevision, setNewReplicaSetAnnotations } from './annotations.js';
import { newReplicaSetTarget, oldReplicaSetsPlan, scalePlan, type ScaleStep } from './plans.js';
import { ReplicaSetWriter } from './replica-set-writer.js';
import {
  activeReplicaSets,
  actualReplicaCount,
  byRevision,
  findNewReplicaSet,
  findOldReplicaSets,
  intAnnotation,
  isRecreate,
  isRollingUpdate,
  lastRevision,
  maxRevision,
  newRSNewReplicas,
  revisionOf,
  strategyType,
} from './replica-sets.js';
import { calculateStatus, deploymentComplete, getCondition, hasProgressDeadline, hasRevisionHistoryLimit, newCondition, pausedCondition, progressCheckDelay, rolloutStatus, setCondition } from './status.js';
import { computeHash, equalIgnoreHash, withHashLabel, withoutHashLabel } from './template.js';
import {
  DEPRECATED_ROLLBACK_TO_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  PROGRESSING,
  Reasons,
  REVISION_ANNOTATION,
  specReplicas,
  type Deployment,
  type Pod,
  type ReplicaSet,
} from './types.js';

export interface RolloutDeps {
  client: RestClient;
  recorder: EventRecorder;
  now(): number;
  /** The cached ReplicaSet `name` in the deployment's namespace (after an AlreadyExists). */
  cachedReplicaSet(namespace: string, name: string): ReplicaSet | undefined;
  /** Pods of the deployment's namespace matching its selector (Recreate waits for old ones to go). */
  podsOf(d: Deployment): Pod[];
  /** Sync `d` again after `ms` (0: now, rate limited): the progress deadline check. */
  requeueAfter(d: Deployment, ms: number): void;
}

export class Rollout {
  private readonly w: ReplicaSetWriter;

  constructor(
    private readonly deps: RolloutDeps,
    d: Deployment,
    rsList: ReplicaSet[],
  ) {
    this.w = new ReplicaSetWriter(deps.client, deps.recorder, d, rsList);
  }

  private get d(): Deployment {
    return this.w.d;
  }

  async run(): Promise<void> {
    const d = this.d;
    if (d.metadata.deletionTimestamp !== undefined) return this.syncStatusOnly();
    await this.checkPausedConditions();
    if (d.spec.paused) return this.sync();
    if (rollbackTo(d) !== undefined) return this.rollback();
    if (await this.isScalingEvent()) return this.sync();
    if (isRecreate(d)) return this.rolloutRecreate();
    if (isRollingUpdate(d)) return this.rolloutRolling();
    throw new Error(`unexpected deployment strategy type: ${strategyType(d)}`);
  }

  // ---- revisions and the new ReplicaSet (sync.go getAllReplicaSetsAndSyncRevision) ----

  private async allReplicaSetsAndSyncRevision(create: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
    const oldRSs = findOldReplicaSets(this.d, this.w.rss);
    const newRS = await this.getNewReplicaSet(oldRSs, create);
    return { newRS, oldRSs: oldRSs.map((rs) => this.w.latest(rs)) };
  }

  /**
   * getNewReplicaSet: the ReplicaSet whose template is the deployment's, its revision raised above
   * every old one (a rollback to an existing ReplicaSet bumps its revision) and its annotations
   * synced; created (named <deployment>-<hash>, sized by NewRSNewReplicas) when missing and
   * `create`. A name taken by a ReplicaSet with another template is a hash collision: the
   * deployment's collisionCount goes up and the sync fails, to retry with the next hash.
   */
  private async getNewReplicaSet(oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
    const d = this.d;
    const existing = findNewReplicaSet(d, this.w.rss);
    const newRevision = String(maxRevision(oldRSs) + 1);
    if (existing) {
      const copy = structuredClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
      const minReadySeconds = d.spec.minReadySeconds ?? 0;
      if (annotationsUpdated || (copy.spec.minReadySeconds ?? 0) !== minReadySeconds) {
        copy.spec.minReadySeconds = minReadySeconds;
        return this.w.updateReplicaSet(copy);
      }
      let needsUpdate = setDeploymentRevision(d, copy.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
      if (hasProgressDeadline(d) && getCondition(d.status, PROGRESSING) === undefined) {
        d.status ??= {};
        setCondition(d.status, newCondition(PROGRESSING, 'True', Reasons.foundNewRS, `Found new replica set "${copy.metadata.name ?? ''}"`, this.deps.now()));
        needsUpdate = true;
      }
      if (needsUpdate) await this.w.writeStatus();
      return copy;
    }
    if (!create) return undefined;

    const hash = computeHash(withoutHashLabel(d.spec.template), d.status?.collisionCount);
    const template = withHashLabel(d.spec.template, hash);
    const selector = d.spec.selector ?? {};
    const newRS: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name ?? ''}-${hash}`,
        namespace: d.metadata.namespace,
        ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
        labels: { ...(template.metadata?.labels ?? {}) },
      },
      spec: {
        replicas: 0,
        minReadySeconds: d.spec.minReadySeconds ?? 0,
        selector: { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } },
        template,
      },
    };
    const replicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec.replicas = replicas;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false);

    let created: ReplicaSet;
    let alreadyExists = false;
    try {
      created = await this.w.createReplicaSet(newRS);
    } catch (err) {
      if (isAlreadyExists(err)) {
        const found = this.deps.cachedReplicaSet(d.metadata.namespace ?? '', newRS.metadata.name ?? '');
        if (found === undefined) throw err;
        if (controllerOf(found)?.uid !== d.metadata.uid || !equalIgnoreHash(d.spec.template, found.spec.template)) {
          // A hash collision: the next sync hashes with the incremented collisionCount.
          d.status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
          await this.w.writeStatus();
          throw err;
        }
        created = this.w.remember(found);
        alreadyExists = true;
      } else if (isNamespaceTerminating(err)) {
        throw err;
      } else {
        const msg = `Failed to create new replica set "${newRS.metadata.name ?? ''}": ${errorMessage(err)}`;
        if (hasProgressDeadline(d)) {
          d.status ??= {};
          setCondition(d.status, newCondition(PROGRESSING, 'False', Reasons.failedRSCreate, msg, this.deps.now()));
          await this.w.writeStatus().catch(() => undefined); // the create failure is the error to report
        }
        this.deps.recorder.event(d, 'Warning', Reasons.failedRSCreate, msg);
        throw err;
      }
    }
    if (!alreadyExists && replicas > 0) {
      this.deps.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name ?? ''} from 0 to ${replicas}`);
    }
    let needsUpdate = setDeploymentRevision(d, newRevision);
    if (!alreadyExists && hasProgressDeadline(d)) {
      d.status ??= {};
      setCondition(d.status, newCondition(PROGRESSING, 'True', Reasons.newReplicaSet, `Created new replica set "${created.metadata.name ?? ''}"`, this.deps.now()));
      needsUpdate = true;
    }
    if (needsUpdate) await this.w.writeStatus();
    return created;
  }

  // ---- scaling events and paused deployments (sync.go sync, scale, isScalingEvent) ----

  /** Some active ReplicaSet was sized for another deployment size (desired-replicas annotation). */
  private async isScalingEvent(): Promise<boolean> {
    const { newRS, oldRSs } = await this.allReplicaSetsAndSyncRevision(false);
    return activeReplicaSets([...oldRSs, newRS]).some((rs) => {
      const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
      return desired !== undefined && desired !== specReplicas(this.d);
    });
  }

  private async sync(): Promise<void> {
    const { newRS, oldRSs } = await this.allReplicaSetsAndSyncRevision(false);
    await this.applySteps(scalePlan(this.d, newRS, oldRSs));
    const latestOld = oldRSs.map((rs) => this.w.latest(rs));
    if (this.d.spec.paused && rollbackTo(this.d) === undefined) await this.cleanupDeployment(latestOld);
    await this.syncDeploymentStatus([...latestOld, newRS && this.w.latest(newRS)], newRS && this.w.latest(newRS));
  }

  private async syncStatusOnly(): Promise<void> {
    const { newRS, oldRSs } = await this.allReplicaSetsAndSyncRevision(false);
    await this.syncDeploymentStatus([...oldRSs, newRS], newRS);
  }

  private async checkPausedConditions(): Promise<void> {
    const condition = pausedCondition(this.d, this.deps.now());
    if (!condition) return;
    this.d.status ??= {};
    setCondition(this.d.status, condition);
    await this.w.writeStatus();
  }

  // ---- rollouts ----

  /** rolloutRolling: scale the new ReplicaSet up, else the old ones down, else clean up. */
  private async rolloutRolling(): Promise<void> {
    const { newRS: created, oldRSs } = await this.allReplicaSetsAndSyncRevision(true);
    const newRS = created!;
    const all = (): ReplicaSet[] => [...oldRSs.map((rs) => this.w.latest(rs)), this.w.latest(newRS)];

    const target = newReplicaSetTarget(all(), newRS, this.d);
    if (target !== undefined) {
      const { scaled } = await this.w.scaleAndRecord(newRS, target);
      if (scaled) return this.syncRolloutStatus(all(), this.w.latest(newRS));
    }
    const scaledDown = await this.applySteps(oldReplicaSetsPlan(all(), activeReplicaSets(all().slice(0, -1)), this.w.latest(newRS), this.d));
    if (scaledDown) return this.syncRolloutStatus(all(), this.w.latest(newRS));
    if (deploymentComplete(this.d, this.d.status ?? {})) await this.cleanupDeployment(all().slice(0, -1));
    return this.syncRolloutStatus(all(), this.w.latest(newRS));
  }

  /**
   * rolloutRecreate: 1. scale every old ReplicaSet to 0; 2. wait until none of their pods runs;
   * 3. create the new ReplicaSet if needed and scale it to the full size; 4. clean up.
   */
  private async rolloutRecreate(): Promise<void> {
    let { newRS, oldRSs } = await this.allReplicaSetsAndSyncRevision(false);
    const all = (): (ReplicaSet | undefined)[] => [...oldRSs.map((rs) => this.w.latest(rs)), newRS && this.w.latest(newRS)];
    let scaledDown = false;
    for (const rs of activeReplicaSets(oldRSs)) {
      if ((await this.w.scaleAndRecord(rs, 0)).scaled) scaledDown = true;
    }
    if (scaledDown) return this.syncRolloutStatus(all(), newRS && this.w.latest(newRS));
    if (this.oldPodsRunning(newRS, oldRSs.map((rs) => this.w.latest(rs)))) return this.syncRolloutStatus(all(), newRS && this.w.latest(newRS));
    if (newRS === undefined) ({ newRS, oldRSs } = await this.allReplicaSetsAndSyncRevision(true));
    await this.w.scaleAndRecord(newRS!, specReplicas(this.d));
    if (deploymentComplete(this.d, this.d.status ?? {})) await this.cleanupDeployment(oldRSs.map((rs) => this.w.latest(rs)));
    return this.syncRolloutStatus(all(), newRS && this.w.latest(newRS));
  }

  /** oldPodsRunning: old ReplicaSets report pods, or a pod of theirs is not yet Succeeded/Failed. */
  private oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
    if (actualReplicaCount(oldRSs) > 0) return true;
    const ours = new Set(this.w.rss.map((rs) => rs.metadata.uid));
    return this.deps.podsOf(this.d).some((pod) => {
      const owner = controllerOf(pod)?.uid;
      if (owner === undefined || !ours.has(owner) || owner === newRS?.metadata.uid) return false;
      const phase = pod.status?.phase;
      return phase !== 'Succeeded' && phase !== 'Failed';
    });
  }

  // ---- rollback through the deprecated annotation (rollback.go) ----

  private async rollback(): Promise<void> {
    const d = this.d;
    const { newRS, oldRSs } = await this.allReplicaSetsAndSyncRevision(true);
    const all = [...oldRSs, ...(newRS ? [newRS] : [])];
    let revision = rollbackTo(d) ?? 0;
    if (revision === 0) {
      revision = lastRevision(all);
      if (revision === 0) {
        this.deps.recorder.event(d, 'Warning', Reasons.rollbackRevisionNotFound, 'Unable to find last revision.');
        return this.clearRollbackTo();
      }
    }
    const target = all.find((rs) => revisionOf(rs) === revision);
    if (target === undefined) {
      this.deps.recorder.event(d, 'Warning', Reasons.rollbackRevisionNotFound, 'Unable to find the revision to rollback to.');
      return this.clearRollbackTo();
    }
    if (equalIgnoreHash(d.spec.template, target.spec.template)) {
      this.deps.recorder.event(d, 'Warning', Reasons.rollbackTemplateUnchanged, `The rollback revision contains the same template as current deployment "${d.metadata.name ?? ''}"`);
      return this.clearRollbackTo();
    }
    d.spec.template = withoutHashLabel(target.spec.template);
    setDeploymentAnnotationsTo(d, target);
    await this.clearRollbackTo();
    this.deps.recorder.event(d, 'Normal', Reasons.rollbackDone, `Rolled back deployment "${d.metadata.name ?? ''}" to revision ${revision}`);
  }

  private async clearRollbackTo(): Promise<void> {
    if (this.d.metadata.annotations) delete this.d.metadata.annotations[DEPRECATED_ROLLBACK_TO_ANNOTATION];
    await this.w.writeDeployment();
  }

  // ---- history and status ----

  /**
   * cleanupDeployment: beyond revisionHistoryLimit, the oldest revisions go, but only ReplicaSets
   * scaled to zero, with no pods, whose latest spec their controller has observed.
   */
  private async cleanupDeployment(oldRSs: ReplicaSet[]): Promise<void> {
    if (!hasRevisionHistoryLimit(this.d)) return;
    const cleanable = oldRSs.filter((rs) => rs.metadata.deletionTimestamp === undefined).sort(byRevision);
    const diff = cleanable.length - (this.d.spec.revisionHistoryLimit ?? 0);
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i]!;
      const generation = typeof rs.metadata['generation'] === 'number' ? rs.metadata['generation'] : 0;
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || generation > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.w.deleteReplicaSet(rs);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  private async syncDeploymentStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<void> {
    await this.w.writeStatusIfChanged(calculateStatus(allRSs, newRS, this.d, this.deps.now()));
  }

  /** syncRolloutStatus: writes the status, or when it is unchanged schedules the deadline check. */
  private async syncRolloutStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<void> {
    const now = this.deps.now();
    const status = rolloutStatus(allRSs, newRS, this.d, now);
    if (await this.w.writeStatusIfChanged(status)) return;
    const delay = progressCheckDelay(this.d, status, now);
    if (delay !== undefined) this.deps.requeueAfter(this.d, delay);
  }

  /** Applies scale steps in order; true when some ReplicaSet changed size. */
  private async applySteps(steps: ScaleStep[]): Promise<boolean> {
    let scaled = false;
    for (const step of steps) {
      const result = step.refreshAnnotations ? await this.w.scale(step.rs, step.replicas) : await this.w.scaleAndRecord(step.rs, step.replicas);
      if (result.scaled) scaled = true;
    }
    return scaled;
  }
}

/** The revision the deprecated rollback annotation asks for (0: the previous one), if any. */
export function rollbackTo(d: Deployment): number | undefined {
  const v = d.metadata.annotations?.[DEPRECATED_ROLLBACK_TO_ANNOTATION];
  if (v === undefined || v === '' || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

function isAlreadyExists(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'AlreadyExists';
}

function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}
