import { childPath, forbidden, indexPath, invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import { selectorFromLabelSelector, type LabelSelectorSpec } from '../../../../api/labels/label-selector.js';
import { labelSelectorHasInvalidLabelValue, validateLabelSelector, type LabelSelectorValidationOptions } from '../../../../api/labels/validation.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { isStrictSubnet, isValidPortName, isValidPortNum, parseCIDR } from '../../../../api/validation/network.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

interface Port {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
interface Peer {
  podSelector?: LabelSelectorSpec;
  namespaceSelector?: LabelSelectorSpec;
  ipBlock?: { cidr?: string; except?: string[] };
}
type NetworkPolicy = KubeObject & {
  spec?: {
    podSelector?: LabelSelectorSpec;
    ingress?: { ports?: Port[]; from?: Peer[] }[];
    egress?: { ports?: Port[]; to?: Peer[] }[];
    policyTypes?: string[];
  };
};

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const POLICY_TYPES = ['Ingress', 'Egress'];

/** upstream SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort (networking/v1). */
function defaults(o: KubeObject): void {
  const spec = ((o as NetworkPolicy).spec ??= {});
  spec.podSelector ??= {};
  if ((spec.policyTypes ?? []).length === 0) spec.policyTypes = (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) for (const port of rule.ports ?? []) port.protocol ??= 'TCP';
}

function validatePort(port: Port, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) errors.push(notSupported(childPath(path, 'protocol'), port.protocol, PROTOCOLS));
  if (port.port === undefined || port.port === null) {
    if (port.endPort !== undefined) errors.push(invalid(childPath(path, 'endPort'), port.endPort, 'may not be specified when `port` is not specified'));
  } else if (typeof port.port === 'number') {
    for (const msg of isValidPortNum(port.port)) errors.push(invalid(childPath(path, 'port'), port.port, msg));
    if (port.endPort !== undefined) {
      if (port.endPort < port.port) errors.push(invalid(childPath(path, 'endPort'), port.endPort, 'must be greater than or equal to `port`'));
      for (const msg of isValidPortNum(port.endPort)) errors.push(invalid(childPath(path, 'endPort'), port.endPort, msg));
    }
  } else {
    if (port.endPort !== undefined) errors.push(invalid(childPath(path, 'endPort'), port.endPort, 'may not be specified when `port` is non-numeric'));
    for (const msg of isValidPortName(port.port)) errors.push(invalid(childPath(path, 'port'), port.port, msg));
  }
  return errors;
}

function validateIPBlock(block: NonNullable<Peer['ipBlock']>, path: string): FieldError[] {
  const cidrText = block.cidr ?? '';
  if (cidrText === '') return [required(childPath(path, 'cidr'), '')];
  const cidr = parseCIDR(cidrText);
  if (!cidr) return [invalid(childPath(path, 'cidr'), cidrText, 'not a valid CIDR')];
  const errors: FieldError[] = [];
  for (const [i, exceptText] of (block.except ?? []).entries()) {
    const exceptPath = indexPath(childPath(path, 'except'), i);
    const except = parseCIDR(exceptText);
    if (!except) {
      errors.push(invalid(exceptPath, exceptText, 'not a valid CIDR'));
      return errors;
    }
    if (!isStrictSubnet(cidr, except)) errors.push(invalid(exceptPath, exceptText, 'must be a strict subset of `cidr`'));
  }
  return errors;
}

function validatePeer(peer: Peer, path: string, opts: LabelSelectorValidationOptions): FieldError[] {
  const errors: FieldError[] = [];
  let peers = 0;
  if (peer.podSelector) {
    peers++;
    errors.push(...validateLabelSelector(peer.podSelector, childPath(path, 'podSelector'), opts));
  }
  if (peer.namespaceSelector) {
    peers++;
    errors.push(...validateLabelSelector(peer.namespaceSelector, childPath(path, 'namespaceSelector'), opts));
  }
  if (peer.ipBlock) {
    peers++;
    errors.push(...validateIPBlock(peer.ipBlock, childPath(path, 'ipBlock')));
  }
  if (peers === 0) errors.push(required(path, 'must specify a peer'));
  else if (peers > 1 && peer.ipBlock) errors.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errors;
}

/** upstream ValidateNetworkPolicySpec. */
function validateSpec(o: KubeObject, opts: LabelSelectorValidationOptions): FieldError[] {
  const spec = (o as NetworkPolicy).spec ?? {};
  const errors = validateLabelSelector(spec.podSelector, 'spec.podSelector', opts);
  for (const [kind, peersField] of [['ingress', 'from'], ['egress', 'to']] as const) {
    (spec[kind] ?? []).forEach((rule, i) => {
      const rulePath = indexPath(`spec.${kind}`, i);
      (rule.ports ?? []).forEach((port, j) => errors.push(...validatePort(port, indexPath(childPath(rulePath, 'ports'), j))));
      const peers = (rule as Record<string, Peer[] | undefined>)[peersField] ?? [];
      peers.forEach((peer, j) => errors.push(...validatePeer(peer, indexPath(childPath(rulePath, peersField), j), opts)));
    });
  }
  const types = spec.policyTypes ?? [];
  if (types.length > POLICY_TYPES.length) {
    errors.push(invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
    return errors;
  }
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t)) errors.push(notSupported(indexPath('spec.policyTypes', i), t, POLICY_TYPES));
  });
  return errors;
}

export const networkPolicyStrategy: ResourceStrategy = {
  group: 'networking.k8s.io',
  resource: 'networkpolicies',
  kind: 'NetworkPolicy',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  applyDefaults: defaults,
  validateCreate: (o) => validateSpec(o, {}),
  // Upstream tolerates invalid selector values on update when the stored policy already had them.
  validateUpdate: (o, old) => validateSpec(o, { allowInvalidLabelValueInSelector: labelSelectorHasInvalidLabelValue((old as NetworkPolicy).spec?.podSelector) }),
};

/** metav1.FormatLabelSelector: the selector's string, "<none>" when it selects everything. */
export function formatLabelSelector(selector: LabelSelectorSpec | undefined): string {
  try {
    return selectorFromLabelSelector(selector ?? {}).toString() || '<none>';
  } catch {
    return '<error>';
  }
}

/** Upstream's network policy columns (printers.go printNetworkPolicy). */
export const networkPolicyColumns: TableColumn[] = [
  NAME_COLUMN,
  {
    name: 'Pod-Selector',
    type: 'string',
    description: 'Selects the pods to which this NetworkPolicy object applies. The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods. In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.',
    cell: (o) => formatLabelSelector((o as NetworkPolicy).spec?.podSelector),
  },
  AGE_COLUMN,
];
