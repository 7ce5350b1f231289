/**
 * Whether a running container must be killed because a probe failed, and how (model: the probe
 * branch of kuberuntime_manager.computePodActions and killContainer's grace period).
 */
import type { ContainerLike } from '../../api/validation/pod/shapes.js';
import type { ResultsManager } from './results.js';

export interface ProbeKill {
  /** The kubelet's internal kill reason. */
  reason: 'LivenessProbe' | 'StartupProbe';
  /** The `Normal Killing` event message: `Container c failed liveness probe, will be restarted`. */
  message: string;
  /** The probe's terminationGracePeriodSeconds, which overrides the pod's for this kill, if set. */
  gracePeriodSeconds?: number;
}

/**
 * The kill a failed liveness (checked first) or startup result asks for, or undefined. `restart`
 * is whether the pod's restart policy brings the container back (it adds `, will be restarted`).
 */
export function probeKillFor(
  container: ContainerLike,
  containerID: string,
  results: { liveness: ResultsManager; startup: ResultsManager },
  restart: boolean,
): ProbeKill | undefined {
  const name = container.name ?? '';
  let kill: ProbeKill | undefined;
  if (results.liveness.get(containerID) === 'Failure') {
    kill = { reason: 'LivenessProbe', message: `Container ${name} failed liveness probe` };
    const grace = container.livenessProbe?.terminationGracePeriodSeconds;
    if (typeof grace === 'number') kill.gracePeriodSeconds = grace;
  } else if (results.startup.get(containerID) === 'Failure') {
    kill = { reason: 'StartupProbe', message: `Container ${name} failed startup probe` };
    const grace = container.startupProbe?.terminationGracePeriodSeconds;
    if (typeof grace === 'number') kill.gracePeriodSeconds = grace;
  }
  if (kill && restart) kill.message += ', will be restarted';
  return kill;
}
