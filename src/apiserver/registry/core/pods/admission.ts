/**
 * What upstream's default admission plugins add to a pod on create, before validation
 * (plugin/pkg/admission): ServiceAccount (the `default` service account when none is named),
 * DefaultTolerationSeconds (five minutes on not-ready and unreachable nodes), and Priority
 * (spec.priority when the create path did not resolve it already, see priority.ts). kts has no
 * separate admission chain for pods yet, so the pod strategy calls this on create.
 */
import type { TolerationLike } from '../../../../api/validation/pod-spec.js';
import { SYSTEM_PRIORITY_CLASSES } from '../../scheduling/priorityclasses/strategy.js';
import type { Pod } from './types.js';

const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

export function admitPodCreate(pod: Pod): void {
  const spec = (pod.spec ??= {});
  if (!spec.serviceAccountName) {
    spec.serviceAccountName = 'default';
    spec.serviceAccount = 'default';
  }
  const tolerations = (spec.tolerations ??= []);
  for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
    if (!tolerations.some((t) => tolerates(t, key))) {
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
  // Priority: the API server's create path resolves the class first (priority.ts); creates that
  // bypass it (bootstrap, tests) get the system classes' values, else 0.
  const className = spec.priorityClassName ?? '';
  spec.priority ??= SYSTEM_PRIORITY_CLASSES[className] ?? 0;
  spec['preemptionPolicy'] ??= 'PreemptLowerPriority';
}

/** Whether `t` already tolerates the NoExecute taint `key` (so the default one is not added). */
function tolerates(t: TolerationLike, key: string): boolean {
  return (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute');
}
