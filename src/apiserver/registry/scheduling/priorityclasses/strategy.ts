import { forbidden, invalid, notSupported, type FieldError } from '../../../../api/field-errors.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type PriorityClass = KubeObject & { value?: number; globalDefault?: boolean; description?: string; preemptionPolicy?: string };

/** Upstream's HighestUserDefinablePriority; higher values are for the system classes. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

/** The classes every cluster has (upstream creates them at startup). */
export const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2_000_001_000,
  'system-cluster-critical': 2_000_000_000,
};

const POLICIES = ['Never', 'PreemptLowerPriority'];

function validate(o: KubeObject): FieldError[] {
  const pc = o as PriorityClass;
  const name = pc.metadata.name ?? '';
  const errors: FieldError[] = [];
  const system = SYSTEM_PRIORITY_CLASSES[name];
  if (system !== undefined) {
    if (pc.value !== system) errors.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: value of ${name} PriorityClass must be ${system}`));
  } else if (name.startsWith('system-')) {
    errors.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: priority class ${name} is not known as a system priority class`));
  } else if ((pc.value ?? 0) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errors.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy !== undefined && !POLICIES.includes(pc.preemptionPolicy)) errors.push(notSupported('preemptionPolicy', pc.preemptionPolicy, POLICIES));
  return errors;
}

export const priorityClassStrategy: ResourceStrategy = {
  group: 'scheduling.k8s.io',
  resource: 'priorityclasses',
  kind: 'PriorityClass',
  namespaced: false,
  prepareForCreate: (o) => void ((o as PriorityClass).preemptionPolicy ??= 'PreemptLowerPriority'),
  prepareForUpdate: (o) => void ((o as PriorityClass).preemptionPolicy ??= 'PreemptLowerPriority'),
  nameRule: isDNS1123Subdomain,
  validate,
  validateUpdate(o, old) {
    const errors: FieldError[] = [];
    if ((o as PriorityClass).value !== (old as PriorityClass).value) errors.push(forbidden('value', 'may not be changed in an update.'));
    if ((o as PriorityClass).preemptionPolicy !== (old as PriorityClass).preemptionPolicy) {
      errors.push(invalid('preemptionPolicy', (o as PriorityClass).preemptionPolicy ?? '', 'field is immutable'));
    }
    return errors;
  },
};

export const priorityClassColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Value', type: 'integer', description: 'The priority value.', cell: (o) => (o as PriorityClass).value ?? 0 },
  { name: 'Global-Default', type: 'boolean', description: 'Whether this is the default priority class.', cell: (o) => (o as PriorityClass).globalDefault === true },
  AGE_COLUMN,
  { name: 'PreemptionPolicy', type: 'string', description: 'Whether pods of this class may preempt others.', cell: (o) => (o as PriorityClass).preemptionPolicy ?? '' },
];
