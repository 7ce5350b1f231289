/**
 * Creating and deleting pods on behalf of a controller, with the events upstream records
 * (model: pkg/controller controller_utils.go RealPodControl and GetPodFromTemplate).
 *
 * Contract: every call records exactly one event on the owner: SuccessfulCreate/FailedCreate or
 * SuccessfulDelete/FailedDelete (none when a create fails because the namespace is terminating,
 * which is expected while a namespace goes away); errors are rethrown for the caller to count.
 */
import type { EventRecorder } from '../../client/events/index.js';
import type { KubeObjectLike } from '../../client/object.js';
import type { RestClient } from '../../client/rest/index.js';
import { errorMessage, StatusError } from '../../util/errors.js';
import type { OwnerReference } from './owner-refs.js';
import { PODS } from './resources.js';

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec?: Record<string, unknown>;
}

export class PodControl {
  constructor(
    private readonly client: RestClient,
    private readonly recorder: EventRecorder,
  ) {}

  /** Creates a pod from `template` named `<owner name>-<random>`, controlled by `controllerRef`. */
  async createPod(namespace: string, template: PodTemplate, owner: KubeObjectLike, controllerRef: OwnerReference): Promise<KubeObjectLike> {
    const pod = podFromTemplate(template, owner, controllerRef);
    try {
      const created = await this.client.resource(PODS).namespace(namespace).create(pod);
      this.recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name ?? ''}`);
      return created;
    } catch (err) {
      if (!isNamespaceTerminating(err)) this.recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(err)}`);
      throw err;
    }
  }

  /** Deletes pod `name` (precondition: its uid, so a replacement under the same name survives). */
  async deletePod(namespace: string, name: string, uid: string, owner: KubeObjectLike): Promise<void> {
    try {
      await this.client.resource(PODS).namespace(namespace).delete(name, { preconditions: { uid } });
      this.recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${name}`);
    } catch (err) {
      this.recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(err)}`);
      throw err;
    }
  }
}

/** upstream GetPodFromTemplate: template labels, annotations and finalizers, spec as is. */
export function podFromTemplate(template: PodTemplate, owner: KubeObjectLike, controllerRef: OwnerReference): KubeObjectLike {
  const meta = template.metadata ?? {};
  const metadata: KubeObjectLike['metadata'] = {
    generateName: `${owner.metadata.name ?? ''}-`,
    ownerReferences: [controllerRef],
  };
  if (meta.labels) metadata.labels = { ...meta.labels };
  if (meta.annotations) metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) metadata.finalizers = [...meta.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: structuredClone(template.spec ?? {}) };
}

function isNamespaceTerminating(err: unknown): boolean {
  return err instanceof StatusError && (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}
