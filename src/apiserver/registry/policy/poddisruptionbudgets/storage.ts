import { READ_WRITE_VERBS, statusSubresource } from '../../resource-definition.js';
import type { Resource } from '../../resource.js';
import { podDisruptionBudgetColumns, podDisruptionBudgetStrategy } from './strategy.js';

/**
 * policy/v1 PodDisruptionBudgets (the disruption controller fills status). The key layout is
 * upstream's and a contract: evictions read the PDBs of a namespace under this prefix.
 */
export const PDB_PREFIX = '/registry/poddisruptionbudgets/';

export const podDisruptionBudgets: Resource = {
  definition: {
    group: 'policy',
    version: 'v1',
    resource: 'poddisruptionbudgets',
    singularName: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    verbs: READ_WRITE_VERBS,
    shortNames: ['pdb'],
    subresources: [statusSubresource('PodDisruptionBudget')],
  },
  strategy: podDisruptionBudgetStrategy,
  prefix: PDB_PREFIX,
  schemaType: 'k8s.io.api.policy.v1.PodDisruptionBudget',
  columns: podDisruptionBudgetColumns,
};
