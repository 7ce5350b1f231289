/**
 * Pods (model: pkg/registry/core/pod/strategy.go, v1.32): defaults, create-time status (phase
 * Pending, QoS class) and admission defaults, validation, spec immutability on update, status
 * kept from the main resource, and graceful deletion.
 */
import { childPath, invalid, type FieldError } from '../../../../api/field-errors.js';
import { defaultPod } from '../../../../api/defaults/pod-spec.js';
import { computePodQOS } from '../../../../api/pod/qos.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { validatePodSpec } from '../../../../api/validation/pod-spec.js';
import type { KubeObject } from '../../generic/object.js';
import type { DeleteOptions, ResourceStrategy } from '../../generic/strategy.js';
import { admitPodCreate } from './admission.js';
import { validatePodAnnotations, validatePodAnnotationsUpdate } from './annotations.js';
import { isSubresourceUpdate, markSubresourceUpdate } from './ephemeral-containers.js';
import { normalizeStatusIPs, validatePodStatus, validatePodStatusUpdate } from './status.js';
import type { Pod } from './types.js';
import { validatePodSpecUpdate } from './update-validation.js';

function prepareForCreate(o: KubeObject): void {
  const pod = o as Pod;
  admitPodCreate(pod);
  pod.status = { phase: 'Pending', qosClass: computePodQOS(pod.spec ?? {}) };
  if ((pod.spec?.['schedulingGates'] as unknown[] | undefined)?.length) {
    pod.status.conditions = [
      { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
    ];
  }
}

function validate(o: KubeObject): FieldError[] {
  const pod = o as Pod;
  const errors = [...validatePodAnnotations(pod), ...validatePodSpec(pod.spec ?? {}, 'spec')];
  errors.push(...validatePodStatus(pod.status));
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) for (const msg of isDNS1123Subdomain(nominated)) errors.push(invalid(childPath('status', 'nominatedNodeName'), nominated, msg));
  return errors;
}

/**
 * upstream CheckGracefulDelete: the client's grace period, else the pod's; immediate for a pod
 * that never reached a node or has finished; negative means 1.
 */
export function podGracePeriodSeconds(o: KubeObject, options: DeleteOptions): number {
  const pod = o as Pod;
  let period = options.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 0;
  if (!pod.spec?.nodeName) period = 0;
  if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') period = 0;
  return period < 0 ? 1 : period;
}

export const podStrategy: ResourceStrategy = {
  group: '',
  resource: 'pods',
  kind: 'Pod',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  applyDefaults: (o) => {
    defaultPod(((o as Pod).spec ??= {}));
    normalizeStatusIPs((o as Pod).status);
  },
  prepareForCreate,
  prepareForUpdate: (o, old) => {
    const status = (old as Pod).status;
    if (status === undefined) delete (o as Pod).status;
    else (o as Pod).status = status;
  },
  // upstream podStatusStrategy: the QoS class is the API server's; a status without one keeps it.
  prepareForSubresourceUpdate: (o, old) => {
    markSubresourceUpdate(o);
    const status = (o as Pod).status;
    const qosClass = (old as Pod).status?.qosClass;
    if (status && !status.qosClass && qosClass) status.qosClass = qosClass;
  },
  validate,
  validateUpdate: (o, old) => [
    ...validatePodAnnotationsUpdate(o as Pod, old as Pod),
    // Subresources (status, ephemeralcontainers) change no spec field but ephemeral containers.
    ...validatePodSpecUpdate((o as Pod).spec ?? {}, (old as Pod).spec ?? {}, isSubresourceUpdate(o)),
    ...validatePodStatusUpdate((o as Pod).status, (old as Pod).status),
  ],
  gracePeriodSeconds: podGracePeriodSeconds,
};
