/**
 * `pods/binding` (model: BindingREST in pkg/registry/core/pod/storage, v1.32): POST a v1 Binding
 * to assign the pod to a node, atomically. A pod already assigned, being deleted or gated is
 * refused with 409 Conflict, worded as upstream. Success sets spec.nodeName, copies the binding's
 * annotations and marks the PodScheduled condition True; the answer is a Success Status (201).
 */
import { childPath, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import { BadRequestError, NotFoundError, type StatusError } from '../../../../util/errors.js';
import { writeJSON } from '../../../http/status.js';
import { isDryRun } from '../../../handlers/write-options.js';
import { readObject } from '../../../handlers/read-object.js';
import type { ConnectRequest } from '../../connector.js';
import { conflict, invalid, notFound } from '../../generic/errors.js';
import { guaranteedUpdate } from '../../generic/guaranteed-update.js';
import { timestamp, type KubeObject } from '../../generic/object.js';
import type { ApiResource } from '../../resource.js';
import type { Pod, PodConditionLike } from './types.js';

export interface Binding extends KubeObject {
  target?: { kind?: string; name?: string; namespace?: string; apiVersion?: string };
}

const BINDING: ApiResource = {
  definition: { group: '', version: 'v1', resource: 'bindings', singularName: 'binding', kind: 'Binding', namespaced: true, verbs: ['create'] },
  schemaType: 'k8s.io.api.core.v1.Binding',
};

const PODS = { group: '', resource: 'pods', kind: 'Pod' };
const BINDINGS = { group: '', resource: 'pods/binding', kind: 'Binding' };

/** upstream ValidatePodBinding. */
export function validateBinding(binding: Binding): FieldError[] {
  const errors: FieldError[] = [];
  const kind = binding.target?.kind ?? '';
  if (kind !== '' && kind !== 'Node') errors.push(notSupported(childPath('target', 'kind'), kind, ['Node', '<empty>']));
  if (!binding.target?.name) errors.push(required(childPath('target', 'name'), ''));
  return errors;
}

/**
 * The pod as bound to `node` (a new object; `pod` is not modified), or the refusal: what setPodHostAndAnnotations checks on
 * the current object, with the binding's UID/resourceVersion preconditions.
 */
export function bindPod(pod: Pod, binding: Binding, now: Date): Pod {
  const name = pod.metadata.name ?? '';
  const node = binding.target?.name ?? '';
  const refuse = (why: string): StatusError => conflict(BINDINGS, name, why);
  if (pod.metadata.deletionTimestamp) throw refuse(`pod ${name} is being deleted, cannot be assigned to a host`);
  const { uid, resourceVersion } = binding.metadata;
  if (uid && uid !== pod.metadata.uid) throw conflict(PODS, name, `UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid ?? ''}`);
  if (resourceVersion && resourceVersion !== pod.metadata.resourceVersion) {
    throw conflict(PODS, name, `ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion ?? ''}`);
  }
  if (pod.spec?.nodeName) throw refuse(`pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
  if ((pod.spec?.['schedulingGates'] as unknown[] | undefined)?.length) throw refuse(`pod ${name} has non-empty .spec.schedulingGates`);
  // Copies of the parts that change; the rest is shared with `pod`, which is left as it was.
  const bound: Pod = { ...pod, metadata: { ...pod.metadata }, spec: { ...pod.spec, nodeName: node } };
  if (binding.metadata.annotations) bound.metadata.annotations = { ...pod.metadata.annotations, ...binding.metadata.annotations };
  bound.status = { ...pod.status, conditions: setCondition(pod.status?.conditions ?? [], { type: 'PodScheduled', status: 'True' }, now) };
  return bound;
}

/** upstream UpdatePodCondition: replaces the condition of that type; the transition time moves only when the status changes. */
function setCondition(conditions: readonly PodConditionLike[], condition: PodConditionLike, now: Date): PodConditionLike[] {
  const existing = conditions.find((c) => c.type === condition.type);
  const transition = existing && existing.status === condition.status ? existing.lastTransitionTime : timestamp(now);
  const updated: PodConditionLike = { ...condition, lastProbeTime: null, lastTransitionTime: transition };
  return existing ? conditions.map((c) => (c === existing ? updated : c)) : [...conditions, updated];
}

export async function connectBinding(request: ConnectRequest): Promise<void> {
  const { req, res, query, namespace, name, store, backend } = request;
  const binding = (await readObject(req, res, BINDING, query)) as Binding;
  if (binding.metadata.name !== name) throw new BadRequestError('name in URL does not match name in Binding object');
  const errors = validateBinding(binding);
  if (errors.length > 0) throw invalid({ group: '', resource: 'bindings', kind: 'Binding' }, name, errors);
  if (isDryRun(query)) {
    bindPod((await store.get(namespace, name)) as Pod, binding, new Date());
  } else {
    try {
      await guaranteedUpdate(backend, store.key(namespace, name), (current) => bindPod(current as Pod, binding, new Date()));
    } catch (err) {
      throw err instanceof NotFoundError ? notFound(PODS, name) : err;
    }
  }
  writeJSON(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
