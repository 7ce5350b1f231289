import { childPath, GoSyntax, invalid, notSupported, type FieldError } from '../../../../api/field-errors.js';
import type { LabelSelectorSpec } from '../../../../api/labels/label-selector.js';
import { labelSelectorHasInvalidLabelValue, validateLabelSelector, type LabelSelectorValidationOptions } from '../../../../api/labels/validation.js';
import { isDNS1123Subdomain, regexError } from '../../../../api/validation/names.js';
import { goQuote } from '../../../../api/validation/go-quote.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

type IntOrString = number | string;
type PodDisruptionBudget = KubeObject & {
  spec?: { minAvailable?: IntOrString; maxUnavailable?: IntOrString; selector?: LabelSelectorSpec; unhealthyPodEvictionPolicy?: string };
  status?: { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; expectedPods?: number };
};

const PERCENT_FMT = '[0-9]+%';
const PERCENT_RE = /^[0-9]+%$/;
const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

/** An IntOrString as upstream prints it in field errors (%#v: its String method has a pointer receiver). */
function goIntOrString(value: IntOrString): GoSyntax {
  return typeof value === 'number'
    ? new GoSyntax(`intstr.IntOrString{Type:0, IntVal:${value}, StrVal:""}`)
    : new GoSyntax(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`);
}

/** upstream ValidatePositiveIntOrPercent and IsNotMoreThan100Percent. */
function validateIntOrPercent(value: IntOrString, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof value === 'string') {
    if (!PERCENT_RE.test(value)) errors.push(invalid(path, goIntOrString(value), regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%')));
    else if (Number(value.slice(0, -1)) > 100) errors.push(invalid(path, goIntOrString(value), 'must not be greater than 100%'));
  } else if (value < 0) {
    errors.push(invalid(path, value, 'must be greater than or equal to 0'));
  }
  return errors;
}

/** upstream ValidatePodDisruptionBudgetSpec and the status counts' checks (policy/v1). */
function validate(o: KubeObject, opts: LabelSelectorValidationOptions): FieldError[] {
  const pdb = o as PodDisruptionBudget;
  const spec = pdb.spec ?? {};
  const errors: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) errors.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  if (spec.minAvailable !== undefined) errors.push(...validateIntOrPercent(spec.minAvailable, 'spec.minAvailable'));
  if (spec.maxUnavailable !== undefined) errors.push(...validateIntOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  errors.push(...validateLabelSelector(spec.selector, 'spec.selector', opts));
  if (spec.unhealthyPodEvictionPolicy !== undefined && !EVICTION_POLICIES.includes(spec.unhealthyPodEvictionPolicy)) {
    errors.push(notSupported('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, EVICTION_POLICIES));
  }
  for (const field of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'] as const) {
    const value = pdb.status?.[field] ?? 0;
    if (value < 0) errors.push(invalid(childPath('status', field), value, 'must be greater than or equal to 0'));
  }
  return errors;
}

export const podDisruptionBudgetStrategy: ResourceStrategy = {
  group: 'policy',
  resource: 'poddisruptionbudgets',
  kind: 'PodDisruptionBudget',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  prepareForCreate: (o) => void delete (o as PodDisruptionBudget).status,
  prepareForUpdate: (o, old) => void ((o as PodDisruptionBudget).status = (old as PodDisruptionBudget).status),
  validateCreate: (o) => validate(o, {}),
  // Upstream keeps accepting selector values that were stored before they became invalid.
  validateUpdate: (o, old) => validate(o, { allowInvalidLabelValueInSelector: labelSelectorHasInvalidLabelValue((old as PodDisruptionBudget).spec?.selector) }),
};

/** Upstream's PDB columns (printers.go printPodDisruptionBudget). */
export const podDisruptionBudgetColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Min Available', type: 'string', description: 'The minimum number of pods that must be available', cell: (o) => String((o as PodDisruptionBudget).spec?.minAvailable ?? 'N/A') },
  { name: 'Max Unavailable', type: 'string', description: 'The maximum number of pods that may be unavailable', cell: (o) => String((o as PodDisruptionBudget).spec?.maxUnavailable ?? 'N/A') },
  { name: 'Allowed Disruptions', type: 'integer', description: 'Calculated number of pods that may be disrupted at this time', cell: (o) => (o as PodDisruptionBudget).status?.disruptionsAllowed ?? 0 },
  AGE_COLUMN,
];
