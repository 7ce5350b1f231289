import type { Backend } from '../../../../storage/backend.js';
import { NAME_COLUMN } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ComputedResource } from '../../resource.js';

interface Condition {
  type: 'Healthy';
  status: 'True' | 'False' | 'Unknown';
  message?: string;
  error?: string;
}
type ComponentStatus = KubeObject & { conditions?: Condition[] };

/** How long the store may take to answer before etcd-0 is reported unhealthy. */
const STORE_TIMEOUT_MS = 2000;

/**
 * The components reported, in upstream's order. kts runs no scheduler and no controller manager
 * yet, so those two are Unhealthy (a failed probe, as upstream reports one: the reason in
 * `error`); update this list when they join `kts server`.
 */
const NOT_RUNNING: readonly { name: string; what: string }[] = [
  { name: 'scheduler', what: 'the scheduler' },
  { name: 'controller-manager', what: 'the controller manager' },
];

/** etcd-0: healthy when the store answers a read in time (whatever store it is, as k3s over kine). */
async function storeCondition(backend: Backend): Promise<Condition> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      backend.get('/registry/health'),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the store did not answer within ${STORE_TIMEOUT_MS} ms`)), STORE_TIMEOUT_MS))),
    ]);
    return { type: 'Healthy', status: 'True', message: 'ok' };
  } catch (err) {
    return { type: 'Healthy', status: 'False', error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

const status = (name: string, condition: Condition): ComponentStatus => ({ kind: 'ComponentStatus', apiVersion: 'v1', metadata: { name }, conditions: [condition] });

/** upstream printComponentStatus: STATUS from the Healthy condition, with its message and error. */
function healthy(o: KubeObject): Condition | undefined {
  return (o as ComponentStatus).conditions?.find((c) => c.type === 'Healthy');
}

/** ComponentStatus (v1, deprecated upstream since 1.19 but still served): get and list. */
export const componentStatuses: ComputedResource = {
  definition: { group: '', version: 'v1', resource: 'componentstatuses', singularName: 'componentstatus', kind: 'ComponentStatus', namespaced: false, verbs: ['get', 'list'], shortNames: ['cs'] },
  schemaType: 'k8s.io.api.core.v1.ComponentStatus',
  warning: 'v1 ComponentStatus is deprecated in v1.19+',
  list: async ({ backend }) => [
    ...NOT_RUNNING.map(({ name, what }) => status(name, { type: 'Healthy', status: 'False', error: `${what} is not running yet: kts server does not start one in this release` })),
    status('etcd-0', await storeCondition(backend)),
  ],
  columns: [
    NAME_COLUMN,
    {
      name: 'Status',
      type: 'string',
      description: 'Status of the component conditions',
      cell: (o) => {
        const c = healthy(o);
        return c ? (c.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown';
      },
    },
    { name: 'Message', type: 'string', description: 'Message of the component conditions', cell: (o) => healthy(o)?.message ?? '' },
    { name: 'Error', type: 'string', description: 'Error of the component conditions', cell: (o) => healthy(o)?.error ?? '' },
  ],
};
