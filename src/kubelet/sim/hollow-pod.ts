/**
 * The status a kubelet reports for a pod whose containers all started and are ready, as hollow
 * pods report at once (pure). Shapes and field order follow upstream's generateAPIPodStatus.
 */
import type { KubeObjectLike } from '../../client/object.js';
import { formatTime } from '../node/types.js';

interface ContainerSpec {
  name: string;
  image?: string;
  restartPolicy?: string;
}

export interface HollowPod extends KubeObjectLike {
  spec?: { nodeName?: string; containers?: ContainerSpec[]; initContainers?: ContainerSpec[] };
  status?: { phase?: string; podIP?: string; qosClass?: string; [field: string]: unknown };
}

/** Whether a bound pod still needs its Running status (not yet reported, not being deleted). */
export function needsRunningStatus(pod: HollowPod): boolean {
  return !pod.metadata.deletionTimestamp && (pod.status?.phase !== 'Running' || !pod.status.podIP);
}

function containerID(uid: string, name: string): string {
  return `simulated://${uid.replace(/-/g, '').slice(0, 16)}-${name}`;
}

/** The Running status of `pod` on a node with `hostIP`, started at `nowMs`, with `podIP`. */
export function runningPodStatus(pod: HollowPod, hostIP: string, podIP: string, nowMs: number): Record<string, unknown> {
  const now = formatTime(nowMs);
  const uid = pod.metadata.uid ?? '';
  const condition = (type: string): Record<string, unknown> => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
  const running = (c: ContainerSpec): Record<string, unknown> => ({
    name: c.name,
    state: { running: { startedAt: now } },
    lastState: {},
    ready: true,
    restartCount: 0,
    image: c.image ?? '',
    imageID: '',
    containerID: containerID(uid, c.name),
    started: true,
  });
  const completed = (c: ContainerSpec): Record<string, unknown> => ({
    name: c.name,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now, containerID: containerID(uid, c.name) } },
    lastState: {},
    ready: true,
    restartCount: 0,
    image: c.image ?? '',
    imageID: '',
    containerID: containerID(uid, c.name),
    started: false,
  });
  const status: Record<string, unknown> = {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now,
  };
  const inits = pod.spec?.initContainers ?? [];
  // Sidecars (init containers with restartPolicy Always) keep running; the others completed.
  if (inits.length > 0) status['initContainerStatuses'] = inits.map((c) => (c.restartPolicy === 'Always' ? running(c) : completed(c)));
  status['containerStatuses'] = (pod.spec?.containers ?? []).map(running);
  if (pod.status?.qosClass) status['qosClass'] = pod.status.qosClass;
  return status;
}
