/**
 * A pod with what the scheduler derives from it once (model: framework.PodInfo): parsed pod
 * (anti-)affinity terms, resource requests, and host ports. PodInfos are immutable once built and
 * shared between NodeInfos, snapshots and queues; a pod update makes a new PodInfo.
 */
import { selectorFromLabelSelector, type LabelSelector, type Labels } from '../../api/labels/index.js';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podRequests } from '../../api/pod/resources.js';
import type { Pod, PodAffinityTermSpec, WeightedPodAffinityTermSpec } from './api-types.js';
import { CPU, MEMORY, Resource } from './resource.js';

/** A parsed PodAffinityTerm (model: framework.AffinityTerm). */
export interface AffinityTerm {
  /** Namespaces listed by the term, or the pod's own when neither namespaces nor a namespaceSelector is set. */
  readonly namespaces: ReadonlySet<string>;
  readonly selector: LabelSelector;
  readonly topologyKey: string;
  /** Nothing when the term has no namespaceSelector. */
  readonly namespaceSelector: LabelSelector;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** Whether `pod` (whose namespace has labels `nsLabels`) is selected by `term`. */
export function affinityTermMatches(term: AffinityTerm, pod: Pod, nsLabels: Labels): boolean {
  if (term.namespaces.has(pod.metadata.namespace ?? '') || term.namespaceSelector.matches(nsLabels)) {
    return term.selector.matches(pod.metadata.labels);
  }
  return false;
}

/** A host port a container asks for. */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

const NON_ZERO_DEFAULTS: ReadonlyMap<string, number> = new Map([
  [CPU, DEFAULT_MILLI_CPU_REQUEST],
  [MEMORY, DEFAULT_MEMORY_REQUEST],
]);

export class PodInfo {
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** Requests including init containers and overhead (upstream PodRequests). */
  readonly requests: Resource;
  /** Requests with cpu 100m and memory 200Mi for containers that do not request them (for scoring). */
  readonly nonZeroRequests: Resource;
  readonly hostPorts: readonly HostPort[];
  /** The first error met while parsing the affinity terms (such terms are left out). */
  readonly parseError: Error | undefined;

  constructor(readonly pod: Pod) {
    const errors: Error[] = [];
    const affinity = pod.spec?.affinity;
    this.requiredAffinityTerms = parseTerms(pod, affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, errors);
    this.requiredAntiAffinityTerms = parseTerms(pod, affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, errors);
    this.preferredAffinityTerms = parseWeightedTerms(pod, affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, errors);
    this.preferredAntiAffinityTerms = parseWeightedTerms(pod, affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, errors);
    this.parseError = errors[0];
    const spec = pod.spec ?? {};
    this.requests = Resource.fromAmounts(podRequests(spec));
    this.nonZeroRequests = Resource.fromAmounts(podRequests(spec, { nonMissingContainerRequests: NON_ZERO_DEFAULTS }));
    this.hostPorts = hostPortsOf(pod);
  }

  get hasAffinity(): boolean {
    return this.requiredAffinityTerms.length + this.requiredAntiAffinityTerms.length + this.preferredAffinityTerms.length + this.preferredAntiAffinityTerms.length > 0;
  }

  get hasRequiredAntiAffinity(): boolean {
    return this.requiredAntiAffinityTerms.length > 0;
  }
}

/** Upstream's newAffinityTerm. Throws BadRequestError on an invalid selector. */
export function newAffinityTerm(pod: Pod, term: PodAffinityTermSpec): AffinityTerm {
  const selector = selectorFromLabelSelector(term.labelSelector);
  const namespaceSelector = selectorFromLabelSelector(term.namespaceSelector);
  const listed = term.namespaces ?? [];
  const namespaces = new Set(listed.length === 0 && (term.namespaceSelector === undefined || term.namespaceSelector === null) ? [pod.metadata.namespace ?? ''] : listed);
  return { namespaces, selector, topologyKey: term.topologyKey ?? '', namespaceSelector };
}

function parseTerms(pod: Pod, terms: PodAffinityTermSpec[] | undefined, errors: Error[]): AffinityTerm[] {
  const out: AffinityTerm[] = [];
  for (const term of terms ?? []) {
    try {
      out.push(newAffinityTerm(pod, term));
    } catch (err) {
      errors.push(err as Error);
    }
  }
  return out;
}

function parseWeightedTerms(pod: Pod, terms: WeightedPodAffinityTermSpec[] | undefined, errors: Error[]): WeightedAffinityTerm[] {
  const out: WeightedAffinityTerm[] = [];
  for (const term of terms ?? []) {
    try {
      out.push({ ...newAffinityTerm(pod, term.podAffinityTerm), weight: term.weight });
    } catch (err) {
      errors.push(err as Error);
    }
  }
  return out;
}

/** Host ports of sidecar init containers and regular containers (upstream's GetHostPorts). */
function hostPortsOf(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const container of [...sidecars, ...(pod.spec?.containers ?? [])]) {
    for (const p of container.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      ports.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return ports;
}

const infos = new WeakMap<Pod, PodInfo>();

/** The PodInfo of `pod`, built once per pod object (informer objects are immutable). */
export function podInfoOf(pod: Pod): PodInfo {
  let info = infos.get(pod);
  if (!info) {
    info = new PodInfo(pod);
    infos.set(pod, info);
  }
  return info;
}
