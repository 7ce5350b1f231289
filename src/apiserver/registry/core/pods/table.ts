/**
 * `kubectl get pods` columns, as upstream's printPod (pkg/printers/internalversion/printers.go,
 * v1.32): READY counts ready containers (restartable init containers included), STATUS is the
 * reason a user would want to see (Init:x/y, ContainerCreating, CrashLoopBackOff, Completed,
 * Error, Terminating…), RESTARTS adds when the last restart happened.
 */
import { humanDuration } from '../../../table/human-duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ContainerStatusLike, Pod } from './types.js';

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

const TERMINAL_PHASES = ['Succeeded', 'Failed'];

/** READY, STATUS and RESTARTS of a pod at time `now` (ms). */
export function summarizePod(pod: Pod, now: number): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initContainers = spec.initContainers ?? [];
  const restartable = (name: string | undefined): boolean => initContainers.some((c) => c.name === name && c.restartPolicy === 'Always');
  const totalContainers = (spec.containers ?? []).length + initContainers.filter((c) => c.restartPolicy === 'Always').length;
  let readyContainers = 0;
  let restarts = 0;
  let restartableInitRestarts = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;
  let reason = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    lastRestart = Math.max(lastRestart, finishedAt(c));
    if (restartable(c.name)) {
      restartableInitRestarts += c.restartCount ?? 0;
      lastRestartableInitRestart = Math.max(lastRestartableInitRestart, finishedAt(c));
    }
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable(c.name) && c.started) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (terminated.reason) reason = `Init:${terminated.reason}`;
      else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
      else reason = `Init:ExitCode:${terminated.exitCode ?? 0}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }

  const initialized = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = Math.max(lastRestart, finishedAt(c));
      const { waiting, terminated, running } = c.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      else if (c.ready && running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !TERMINAL_PHASES.includes(status.phase ?? '')) reason = 'Terminating';

  const restartText = restarts !== 0 && lastRestart > 0 ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartText };
}

/** When the container's previous run ended (ms), 0 when it has not restarted. */
function finishedAt(c: ContainerStatusLike): number {
  const at = c.lastState?.terminated?.finishedAt;
  return at ? Date.parse(at) || 0 : 0;
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const met = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${met}/${gates.length}`;
}

const summary = (o: KubeObject, now: number): PodSummary => summarizePod(o as Pod, now);

export const podColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Ready', type: 'string', description: 'The aggregate readiness state of this pod for accepting traffic.', cell: (o, now) => summary(o, now).ready },
  { name: 'Status', type: 'string', description: 'The aggregate status of the containers in this pod.', cell: (o, now) => summary(o, now).status },
  {
    name: 'Restarts',
    type: 'string',
    description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    cell: (o, now) => summary(o, now).restarts,
  },
  AGE_COLUMN,
  {
    name: 'IP',
    type: 'string',
    priority: 1,
    description: 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
    cell: (o) => (o as Pod).status?.podIPs?.[0]?.ip || '<none>',
  },
  {
    name: 'Node',
    type: 'string',
    priority: 1,
    description:
      'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename',
    cell: (o) => (o as Pod).spec?.nodeName || '<none>',
  },
  {
    name: 'Nominated Node',
    type: 'string',
    priority: 1,
    description:
      'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.',
    cell: (o) => (o as Pod).status?.nominatedNodeName || '<none>',
  },
  {
    name: 'Readiness Gates',
    type: 'string',
    priority: 1,
    description: 'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
    cell: (o) => readinessGates(o as Pod),
  },
];
