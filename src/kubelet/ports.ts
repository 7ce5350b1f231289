/**
 * What the kubelet core needs from its parts (volumes, environment, prober), as narrow
 * interfaces so the pod sync logic does not depend on how each part works.
 */
import type { ProbeKills } from './kuberuntime/compute-actions.js';
import type { ResolvedContainer } from './kuberuntime/runtime-manager.js';
import type { Container, Pod } from './pod.js';
import type { ProbeState } from './status/generate.js';

export interface PodVolumes {
  /** Creates (or refreshes) every volume of the pod; rejects with a message naming the failing volume. */
  setUpPod(pod: Pod): Promise<unknown>;
  /** Releases the pod's volumes (unmounts, removes files); idempotent. */
  tearDownPod(uid: string): Promise<void>;
}

export interface ContainerResolver {
  /** Env, expanded command/args and mounts for a container about to be created; rejects with CreateContainerConfigError's message. */
  resolve(pod: Pod, container: Container, podIP: string): Promise<ResolvedContainer>;
}

export interface PodProber {
  /** Starts probing the pod's containers (idempotent; follows container restarts). */
  addPod(pod: Pod): void;
  removePod(pod: Pod): void;
  /** Fills readiness/startedness of computed container statuses. */
  readonly probeState: ProbeState;
  /** Kills that failed liveness or startup probes ask for. */
  readonly probeKills: ProbeKills;
}
