/**
 * `pods/eviction` (model: EvictionREST in pkg/registry/core/pod/storage/eviction.go, v1.32):
 * POST a policy/v1 Eviction to delete the pod with the eviction's DeleteOptions, unless that would
 * violate a PodDisruptionBudget. PDBs are read (and their status charged) straight from their
 * storage (PDB_PREFIX of the poddisruptionbudgets resource).
 *
 *   pod terminal, Pending or already deleting ──────────────────────────► delete
 *   no PDB selects the pod ─────────────────────────────────────────────► delete
 *   more than one PDB ──────────────────────────────────────────────────► 500
 *   pod not Ready and the budget is healthy (or AlwaysAllow) ──────────► delete
 *   PDB not yet observed by its controller / disruptionsAllowed == 0 ──► 429 TooManyRequests
 *   otherwise: disruptionsAllowed-1, pod recorded in disruptedPods ────► delete
 */
import { selectorFromLabelSelector, type LabelSelectorSpec } from '../../../../api/labels/index.js';
import type { Backend } from '../../../../storage/backend.js';
import { BadRequestError, InternalError, NotFoundError, StatusError } from '../../../../util/errors.js';
import { deleteOptionsFrom } from '../../../handlers/write-options.js';
import { readObject } from '../../../handlers/read-object.js';
import { writeJSON } from '../../../http/status.js';
import type { ConnectRequest } from '../../connector.js';
import { guaranteedUpdate } from '../../generic/guaranteed-update.js';
import { decodeStored } from '../../generic/stored-form.js';
import { timestamp, type KubeObject } from '../../generic/object.js';
import type { ObjectStore } from '../../generic/conversion.js';
import type { DeleteOptions } from '../../generic/strategy.js';
import { PDB_PREFIX } from '../../policy/poddisruptionbudgets/storage.js';
import type { ApiResource } from '../../resource.js';
import type { Pod } from './types.js';

export { PDB_PREFIX };

export interface PodDisruptionBudget extends KubeObject {
  spec?: { selector?: LabelSelectorSpec | null; unhealthyPodEvictionPolicy?: string };
  status?: {
    observedGeneration?: number;
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    disruptedPods?: Record<string, string>;
    [field: string]: unknown;
  };
}

const EVICTION: ApiResource = {
  definition: { group: 'policy', version: 'v1', resource: 'evictions', singularName: 'eviction', kind: 'Eviction', namespaced: true, verbs: ['create'] },
  schemaType: 'k8s.io.api.policy.v1.Eviction',
};

const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

/** A 429 whose cause (reason DisruptionBudget) says why, as upstream's createTooManyRequestsError. */
export function tooManyRequests(cause: string): StatusError {
  return new StatusError('TooManyRequests', 429, VIOLATION, { details: { causes: [{ reason: 'DisruptionBudget', message: cause }] } });
}

/** upstream canIgnorePDB. */
export function canIgnorePDB(pod: Pod): boolean {
  return ['Succeeded', 'Failed', 'Pending'].includes(pod.status?.phase ?? '') || pod.metadata.deletionTimestamp !== undefined;
}

/** The budgets selecting the pod; a nil or empty selector selects nothing here, as upstream. */
export function matchingBudgets(pod: Pod, budgets: readonly PodDisruptionBudget[]): PodDisruptionBudget[] {
  return budgets.filter((pdb) => {
    try {
      const selector = selectorFromLabelSelector(pdb.spec?.selector);
      return !selector.isEmpty() && !selector.matchesNothing() && selector.matches(pod.metadata.labels ?? {});
    } catch {
      return false;
    }
  });
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Whether the pod may go without charging the budget (an unready pod when the budget is healthy
 * or its policy is AlwaysAllow); otherwise charges it (upstream checkAndDecrement), returning the
 * budget to store, or throws the 429.
 */
export function chargeBudget(pod: Pod, pdb: PodDisruptionBudget, now: Date): PodDisruptionBudget | undefined {
  const status = pdb.status ?? {};
  if (!isReady(pod)) {
    if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return undefined;
    if ((status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0) return undefined;
  }
  const name = pdb.metadata.name ?? '';
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw tooManyRequests(`The disruption budget ${name} is still being processed by the server.`);
  const allowed = status.disruptionsAllowed ?? 0;
  if (allowed < 0) throw new StatusError('Forbidden', 403, `poddisruptionbudgets.policy "${name}" is forbidden: pdb disruptions allowed is negative`);
  if (allowed === 0) {
    throw tooManyRequests(`The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
  }
  const charged = structuredClone(pdb);
  charged.status = { ...status, disruptionsAllowed: allowed - 1, disruptedPods: { ...status.disruptedPods, [pod.metadata.name ?? '']: timestamp(now) } };
  return charged;
}

async function listBudgets(backend: Backend, namespace: string): Promise<PodDisruptionBudget[]> {
  const { items } = await backend.list(`${PDB_PREFIX}${namespace}/`);
  return items.map((kv) => decodeStored(kv.value, kv.modRevision) as PodDisruptionBudget);
}

/** Evicts: checks the budgets, charges the one that selects the pod, deletes the pod. */
export async function evictPod(store: ObjectStore, backend: Backend, namespace: string, name: string, options: DeleteOptions): Promise<void> {
  const pod = (await store.get(namespace, name)) as Pod;
  if (!canIgnorePDB(pod)) {
    const budgets = matchingBudgets(pod, await listBudgets(backend, namespace));
    if (budgets.length > 1) throw new InternalError('Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
    const budget = budgets[0];
    if (budget && chargeBudget(pod, budget, new Date()) && !options.dryRun) {
      try {
        await guaranteedUpdate(backend, `${PDB_PREFIX}${namespace}/${budget.metadata.name ?? ''}`, (current) => chargeBudget(pod, current as PodDisruptionBudget, new Date()) ?? current);
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
  }
  await store.delete(namespace, name, options);
}

export async function connectEviction(request: ConnectRequest): Promise<void> {
  const { req, res, query, namespace, name, store, backend } = request;
  const eviction = await readObject(req, res, EVICTION, query);
  if (eviction.metadata.name !== name) throw new BadRequestError('name in URL does not match name in Eviction object');
  const options = deleteOptionsFrom((eviction['deleteOptions'] ?? {}) as Record<string, unknown>, query);
  await evictPod(store, backend, namespace, name, options);
  writeJSON(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
