import { isIP } from 'node:net';
import { duplicate, invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

interface Address {
  ip?: string;
}
interface Port {
  name?: string;
  port?: number;
  protocol?: string;
}
interface Subset {
  addresses?: Address[];
  notReadyAddresses?: Address[];
  ports?: Port[];
}
type Endpoints = KubeObject & { subsets?: Subset[] };

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** Upstream ValidateNonSpecialIP: endpoints may not point at loopback, link-local or unspecified addresses. */
export function specialIpError(ip: string): string | undefined {
  if (ip === '0.0.0.0' || ip === '::') return 'may not be unspecified (0.0.0.0)';
  if (ip.startsWith('127.') || ip === '::1') return 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
  if (ip.startsWith('169.254.') || ip.toLowerCase().startsWith('fe80:')) return 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
  if (ip.startsWith('224.') || ip.toLowerCase().startsWith('ff')) return 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';
  return undefined;
}

function validateAddresses(addresses: Address[] | undefined, path: string, errors: FieldError[]): void {
  (addresses ?? []).forEach((address, i) => {
    const ipPath = `${path}[${i}].ip`;
    const ip = address.ip ?? '';
    if (isIP(ip) === 0) errors.push(invalid(ipPath, ip, 'must be a valid IP address'));
    else {
      const special = specialIpError(ip);
      if (special) errors.push(invalid(ipPath, ip, special));
    }
  });
}

function validate(o: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  ((o as Endpoints).subsets ?? []).forEach((subset, i) => {
    const path = `subsets[${i}]`;
    validateAddresses(subset.addresses, `${path}.addresses`, errors);
    validateAddresses(subset.notReadyAddresses, `${path}.notReadyAddresses`, errors);
    const names = new Set<string>();
    const ports = subset.ports ?? [];
    ports.forEach((port, j) => {
      const portPath = `${path}.ports[${j}]`;
      if (ports.length > 1 || port.name) {
        if (!port.name) errors.push(required(`${portPath}.name`, ''));
        else for (const msg of isDNS1123Label(port.name)) errors.push(invalid(`${portPath}.name`, port.name, msg));
        if (port.name && names.has(port.name)) errors.push(duplicate(`${portPath}.name`, port.name));
        if (port.name) names.add(port.name);
      }
      if (!Number.isInteger(port.port) || (port.port ?? 0) < 1 || (port.port ?? 0) > 65535) {
        errors.push(invalid(`${portPath}.port`, port.port ?? 0, 'must be between 1 and 65535, inclusive'));
      }
      if (!port.protocol) errors.push(required(`${portPath}.protocol`, ''));
      else if (!PROTOCOLS.includes(port.protocol)) errors.push(notSupported(`${portPath}.protocol`, port.protocol, PROTOCOLS));
    });
  });
  return errors;
}

/** Protocol defaults to TCP, as upstream's defaulting does. */
function defaults(o: KubeObject): void {
  for (const subset of (o as Endpoints).subsets ?? []) for (const port of subset.ports ?? []) port.protocol ??= 'TCP';
}

export const endpointsStrategy: ResourceStrategy = {
  group: '',
  resource: 'endpoints',
  kind: 'Endpoints',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  prepareForCreate: defaults,
  prepareForUpdate: defaults,
  validate,
};

/** Upstream's ENDPOINTS cell: ip:port pairs of ready addresses, the first three, then "+ N more...". */
export function formatEndpoints(o: KubeObject): string {
  const pairs: string[] = [];
  for (const subset of (o as Endpoints).subsets ?? []) {
    for (const address of subset.addresses ?? []) {
      const ports = subset.ports ?? [];
      if (ports.length === 0) pairs.push(address.ip ?? '');
      for (const port of ports) pairs.push(`${address.ip?.includes(':') ? `[${address.ip}]` : (address.ip ?? '')}:${port.port ?? ''}`);
    }
  }
  if (pairs.length === 0) return '<none>';
  return pairs.length > 3 ? `${pairs.slice(0, 3).join(',')} + ${pairs.length - 3} more...` : pairs.join(',');
}

export const endpointsColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Endpoints', type: 'string', description: 'Endpoints is the list of endpoints for the service.', cell: formatEndpoints },
  AGE_COLUMN,
];
