import { duplicate, forbidden, GoSyntax, invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import { validateLabelName } from '../../../../api/labels/validation.js';
import { isDNS1123Subdomain, isValidLabelValue } from '../../../../api/validation/names.js';
import { INVALID_CIDR, isIPv6, isValidCIDR } from '../../../../api/validation/network.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

interface Taint {
  key?: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}
interface NodeAddress {
  type?: string;
  address?: string;
}
export type Node = KubeObject & {
  spec?: { podCIDR?: string; podCIDRs?: string[]; providerID?: string; unschedulable?: boolean; taints?: Taint[]; externalID?: string };
  status?: {
    capacity?: Record<string, string>;
    allocatable?: Record<string, string>;
    conditions?: { type?: string; status?: string }[];
    addresses?: NodeAddress[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; kernelVersion?: string; containerRuntimeVersion?: string };
  };
};

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * upstream validateNodeTaints. The path is `metadata.taints`, as upstream builds it (a
 * long-standing quirk users see in the messages).
 */
function validateTaints(taints: Taint[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  const unique = new Map<string, Set<string>>();
  taints.forEach((taint, i) => {
    const at = `${path}[${i}]`;
    errors.push(...validateLabelName(taint.key ?? '', `${at}.key`));
    const valueErrors = isValidLabelValue(taint.value ?? '');
    if (valueErrors.length > 0) errors.push(invalid(`${at}.value`, taint.value ?? '', valueErrors.join(';')));
    const effect = taint.effect ?? '';
    if (effect === '') errors.push(required(`${at}.effect`, ''));
    else if (!TAINT_EFFECTS.includes(effect)) errors.push(notSupported(`${at}.effect`, effect, TAINT_EFFECTS));
    const keys = unique.get(effect) ?? new Set<string>();
    if (keys.has(taint.key ?? '')) {
      const time = taint.timeAdded ? `&v1.Time{Time:${JSON.stringify(taint.timeAdded)}}` : "(*v1.Time)(nil)";
      errors.push({
        ...duplicate(at, new GoSyntax(`core.Taint{Key:${JSON.stringify(taint.key ?? '')}, Value:${JSON.stringify(taint.value ?? '')}, Effect:${JSON.stringify(effect)}, TimeAdded:${time}}`)),
        detail: 'taints must be unique by key and effect pair',
      });
      return;
    }
    keys.add(taint.key ?? '');
    unique.set(effect, keys);
  });
  return errors;
}

/** upstream ValidateNode (spec; status fields are optional). */
function validate(o: KubeObject): FieldError[] {
  const node = o as Node;
  const errors: FieldError[] = [];
  const taints = node.spec?.taints ?? [];
  if (taints.length > 0) errors.push(...validateTaints(taints, 'metadata.taints'));
  const cidrs = node.spec?.podCIDRs ?? [];
  cidrs.forEach((cidr, i) => {
    if (!isValidCIDR(cidr)) errors.push(invalid(`spec.podCIDRs[${i}]`, cidr, INVALID_CIDR));
  });
  if (cidrs.length > 1 && (cidrs.length > 2 || !cidrs.every(isValidCIDR) || isIPv6(cidrs[0]!.split('/')[0]!) === isIPv6(cidrs[1]!.split('/')[0]!))) {
    errors.push(invalid('spec.podCIDRs', new GoSyntax(`[]string{${cidrs.map((c) => JSON.stringify(c)).join(', ')}}`), 'may specify no more than one CIDR for each IP family'));
  }
  return errors;
}

/** upstream ValidateNodeUpdate's own rules. */
function validateUpdate(o: KubeObject, oldObject: KubeObject): FieldError[] {
  const node = o as Node;
  const old = oldObject as Node;
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((address, i) => {
    const key = `${address.type ?? ''}/${address.address ?? ''}`;
    if (seen.has(key)) errors.push(duplicate(`status.addresses[${i}]`, new GoSyntax(`core.NodeAddress{Type:${JSON.stringify(address.type ?? '')}, Address:${JSON.stringify(address.address ?? '')}}`)));
    seen.add(key);
  });
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const cidrs = node.spec?.podCIDRs ?? [];
  if (oldCIDRs.length > 0) {
    const message = 'node updates may not change podCIDR except from "" to valid';
    if (oldCIDRs.length !== cidrs.length) errors.push(forbidden('spec.podCIDRs', message));
    else oldCIDRs.forEach((cidr, i) => cidr !== cidrs[i] && errors.push(forbidden('spec.podCIDRs', message)));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    errors.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  if ((old.spec?.externalID ?? '') !== (node.spec?.externalID ?? '')) errors.push(forbidden('spec.externalID', 'may not be updated'));
  return errors;
}

/**
 * Defaults as the v1 API gives them: podCIDR and podCIDRs agree (the plural wins, as conversion
 * does), and allocatable defaults to capacity (upstream SetDefaults_NodeStatus).
 */
function applyDefaults(o: KubeObject): void {
  const node = o as Node;
  const spec = node.spec;
  if (spec) {
    if (spec.podCIDR && !spec.podCIDRs?.length) spec.podCIDRs = [spec.podCIDR];
    if (spec.podCIDRs?.length) spec.podCIDR = spec.podCIDRs[0];
  }
  if (node.status?.capacity && !node.status.allocatable) node.status.allocatable = { ...node.status.capacity };
}

export const nodeStrategy: ResourceStrategy = {
  group: '',
  resource: 'nodes',
  kind: 'Node',
  namespaced: false,
  nameRule: isDNS1123Subdomain,
  applyDefaults,
  // Nodes are created with their status (kubelets register that way); updates keep it.
  prepareForUpdate: (o, old) => {
    if ((old as Node).status === undefined) delete (o as Node).status;
    else (o as Node).status = (old as Node).status;
  },
  validate,
  validateUpdate,
};

/** upstream printNode's STATUS: Ready/NotReady from the Ready condition (Unknown without one), then SchedulingDisabled. */
export function nodeStatusText(o: KubeObject): string {
  const node = o as Node;
  const status: string[] = [];
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  else status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** upstream findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role=<role>, sorted. */
export function nodeRoles(o: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(o.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value !== '') roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

const address = (type: string) => (o: KubeObject): string => (o as Node).status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
const info = (field: 'osImage' | 'kernelVersion' | 'containerRuntimeVersion') => (o: KubeObject): string => (o as Node).status?.nodeInfo?.[field] || '<unknown>';

export const nodeColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Status', type: 'string', description: 'The status of the node', cell: nodeStatusText },
  { name: 'Roles', type: 'string', description: 'The roles of the node', cell: nodeRoles },
  AGE_COLUMN,
  { name: 'Version', type: 'string', description: 'Kubelet Version reported by the node.', cell: (o) => (o as Node).status?.nodeInfo?.kubeletVersion ?? '' },
  { name: 'Internal-IP', type: 'string', priority: 1, description: 'List of addresses reachable to the node.', cell: address('InternalIP') },
  { name: 'External-IP', type: 'string', priority: 1, description: 'List of addresses reachable to the node.', cell: address('ExternalIP') },
  { name: 'OS-Image', type: 'string', priority: 1, description: 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', cell: info('osImage') },
  { name: 'Kernel-Version', type: 'string', priority: 1, description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", cell: info('kernelVersion') },
  { name: 'Container-Runtime', type: 'string', priority: 1, description: 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', cell: info('containerRuntimeVersion') },
];
