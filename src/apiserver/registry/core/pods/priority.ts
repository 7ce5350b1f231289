/**
 * The Priority admission plugin on pod create (plugin/pkg/admission/priority, v1.32): the pod's
 * priority and preemption policy come from its PriorityClass (or the global default class when it
 * names none); an unknown class, or a priority or policy that disagrees with the class, is
 * refused with 403 as upstream words it. Classes are read through an ObjectReader (watch caches).
 */
import { StatusError } from '../../../../util/errors.js';
import type { KubeObject } from '../../generic/object.js';
import type { ObjectReader } from '../../object-reader.js';
import type { Pod } from './types.js';

export const PRIORITY_CLASS_PREFIX = '/registry/priorityclasses/';

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

function forbidden(pod: Pod, why: string): StatusError {
  const name = pod.metadata.name || pod.metadata.generateName || '';
  return new StatusError('Forbidden', 403, `pods "${name}" is forbidden: ${why}`, { details: { name, kind: 'pods' } });
}

/** The class the pod names, or the global default (the one with the lowest value when several). */
async function resolveClass(pod: Pod, reader: ObjectReader): Promise<PriorityClass | undefined> {
  const name = pod.spec?.priorityClassName ?? '';
  if (name !== '') {
    const pc = await reader.get(`${PRIORITY_CLASS_PREFIX}${name}`);
    if (!pc) throw forbidden(pod, `no PriorityClass with name ${name} was found`);
    return pc;
  }
  const defaults = ((await reader.list(PRIORITY_CLASS_PREFIX)) as PriorityClass[]).filter((pc) => pc.globalDefault === true);
  defaults.sort((a, b) => (a.value ?? 0) - (b.value ?? 0));
  return defaults[0];
}

export async function admitPodPriority(object: KubeObject, reader: ObjectReader): Promise<void> {
  const pod = object as Pod;
  const spec = (pod.spec ??= {});
  const pc = await resolveClass(pod, reader);
  if (pc && !spec.priorityClassName) spec.priorityClassName = pc.metadata.name ?? '';
  const priority = pc?.value ?? 0;
  const policy = pc?.preemptionPolicy ?? 'PreemptLowerPriority';
  if (spec.priority !== undefined && spec.priority !== priority) {
    throw forbidden(pod, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  const requested = spec['preemptionPolicy'] as string | undefined;
  if (requested !== undefined && requested !== policy) {
    throw forbidden(pod, `the string value of PreemptionPolicy (${requested}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
  }
  spec['preemptionPolicy'] = policy;
}
