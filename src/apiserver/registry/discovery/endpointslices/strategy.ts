import { isIP } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { childPath, duplicate, indexPath, invalid, notSupported, required, tooMany, type FieldError } from '../../../../api/field-errors.js';
import { validateLabels } from '../../../../api/labels/validation.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import { specialIpError } from '../../core/endpoints/strategy.js';
import type { KubeObject } from '../../generic/object.js';
import type { ResourceStrategy } from '../../generic/strategy.js';

interface Endpoint {
  addresses?: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  deprecatedTopology?: Record<string, string>;
  hints?: { forZones?: { name?: string }[] };
}
interface EndpointPort {
  name?: string;
  protocol?: string;
  port?: number;
  appProtocol?: string;
}
type EndpointSlice = KubeObject & { addressType?: string; endpoints?: Endpoint[]; ports?: EndpointPort[] };

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_ENDPOINTS = 1000;
const MAX_ZONE_HINTS = 8;

/** upstream SetDefaults_EndpointPort (discovery/v1): name "" and protocol TCP. */
function defaults(o: KubeObject): void {
  for (const port of (o as EndpointSlice).ports ?? []) {
    port.name ??= '';
    port.protocol ??= 'TCP';
  }
}

/** upstream IsFullyQualifiedDomainName. */
function validateFQDN(name: string, path: string): FieldError[] {
  if (name === '') return [required(path, '')];
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const subdomain = isDNS1123Subdomain(trimmed);
  if (subdomain.length > 0) return [invalid(path, trimmed, subdomain.join(','))];
  const labels = trimmed.split('.');
  if (labels.length < 2) return [invalid(path, trimmed, 'should be a domain with at least two segments separated by dots')];
  for (const label of labels) {
    const errs = isDNS1123Label(label);
    if (errs.length > 0) return [invalid(path, label, errs.join(','))];
  }
  return [];
}

function validateAddress(addressType: string | undefined, address: string, path: string): FieldError[] {
  if (addressType === 'IPv4' || addressType === 'IPv6') {
    const family = addressType === 'IPv4' ? 4 : 6;
    if (isIP(address) !== family) return [invalid(path, address, `must be a valid ${addressType} address`)];
    const special = specialIpError(address);
    return special ? [invalid(path, address, special)] : [];
  }
  return addressType === 'FQDN' ? validateFQDN(address, path) : [];
}

/** upstream ValidateEndpointSlice (discovery validation, v1.32). */
function validate(o: KubeObject): FieldError[] {
  const slice = o as EndpointSlice;
  const errors: FieldError[] = [];
  if (!slice.addressType) errors.push(required('addressType', ''));
  else if (!ADDRESS_TYPES.includes(slice.addressType)) errors.push(notSupported('addressType', slice.addressType, ADDRESS_TYPES));
  const endpoints = slice.endpoints ?? [];
  if (endpoints.length > MAX_ENDPOINTS) errors.push(tooMany('endpoints', endpoints.length, MAX_ENDPOINTS));
  else {
    endpoints.forEach((endpoint, i) => {
      const path = indexPath('endpoints', i);
      const addressPath = childPath(path, 'addresses');
      const addresses = endpoint.addresses ?? [];
      if (addresses.length === 0) errors.push(required(addressPath, 'must contain at least 1 address'));
      else if (addresses.length > MAX_ADDRESSES) errors.push(tooMany(addressPath, addresses.length, MAX_ADDRESSES));
      addresses.forEach((address, j) => errors.push(...validateAddress(slice.addressType, address, indexPath(addressPath, j))));
      if (endpoint.nodeName !== undefined) for (const msg of isDNS1123Subdomain(endpoint.nodeName)) errors.push(invalid(childPath(path, 'nodeName'), endpoint.nodeName, msg));
      const topologyPath = childPath(path, 'deprecatedTopology');
      const topology = endpoint.deprecatedTopology ?? {};
      if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS) errors.push(tooMany(topologyPath, Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
      errors.push(...validateLabels(topology, topologyPath));
      if (endpoint.hostname !== undefined) for (const msg of isDNS1123Label(endpoint.hostname)) errors.push(invalid(childPath(path, 'hostname'), endpoint.hostname, msg));
      if (endpoint.hints) errors.push(...validateHints(endpoint.hints, childPath(path, 'hints')));
    });
  }
  const ports = slice.ports ?? [];
  if (ports.length > MAX_PORTS) return [...errors, tooMany('ports', ports.length, MAX_PORTS)];
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const path = indexPath('ports', i);
    const name = port.name ?? '';
    if (name !== '') for (const msg of isDNS1123Label(name)) errors.push(invalid(childPath(path, 'name'), name, msg));
    if (names.has(name)) errors.push(duplicate(childPath(path, 'name'), name));
    names.add(name);
    if (port.protocol === undefined) errors.push(required(childPath(path, 'protocol'), ''));
    else if (!PROTOCOLS.includes(port.protocol)) errors.push(notSupported(childPath(path, 'protocol'), port.protocol, PROTOCOLS));
    if (port.appProtocol !== undefined) for (const msg of isQualifiedName(port.appProtocol)) errors.push(invalid(childPath(path, 'appProtocol'), port.appProtocol, msg));
  });
  return errors;
}

function validateHints(hints: NonNullable<Endpoint['hints']>, path: string): FieldError[] {
  const zones = hints.forZones ?? [];
  const zonesPath = childPath(path, 'forZones');
  if (zones.length > MAX_ZONE_HINTS) return [tooMany(zonesPath, zones.length, MAX_ZONE_HINTS)];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  zones.forEach((zone, i) => {
    const zonePath = childPath(indexPath(zonesPath, i), 'name');
    const name = zone.name ?? '';
    if (seen.has(name)) errors.push(duplicate(zonePath, name));
    seen.add(name);
    for (const msg of isValidLabelValue(name)) errors.push(invalid(zonePath, name, msg));
  });
  return errors;
}

/** Everything but metadata, plus labels: what bumps an EndpointSlice's generation upstream. */
function content(o: KubeObject): unknown {
  const { metadata, apiVersion: _v, kind: _k, ...rest } = o;
  return JSON.parse(JSON.stringify({ ...rest, labels: metadata.labels ?? {} }));
}

export const endpointSliceStrategy: ResourceStrategy = {
  group: 'discovery.k8s.io',
  resource: 'endpointslices',
  kind: 'EndpointSlice',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  applyDefaults: defaults,
  validate,
  validateUpdate: (o, old) => {
    const [now, before] = [(o as EndpointSlice).addressType, (old as EndpointSlice).addressType];
    return now === before ? [] : [invalid('addressType', now ?? '', 'field is immutable')];
  },
  specChanged: (o, old) => !isDeepStrictEqual(content(o), content(old)),
};

/** upstream listWithMoreString: the first three, "+ N more...", "<unset>" when empty. */
function listWithMore(items: string[]): string {
  if (items.length > 3) return `${items.slice(0, 3).join(',')} + ${items.length - 3} more...`;
  return items.length === 0 ? '<unset>' : items.join(',');
}

/** Upstream's EndpointSlice columns (printers.go printEndpointSlice). */
export const endpointSliceColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'AddressType', type: 'string', description: 'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type.', cell: (o) => (o as EndpointSlice).addressType ?? '' },
  {
    name: 'Ports',
    type: 'string',
    description: 'ports specifies the list of network ports exposed by each endpoint in this slice.',
    cell: (o) => listWithMore(((o as EndpointSlice).ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name !== undefined ? p.name : '*'))),
  },
  {
    name: 'Endpoints',
    type: 'string',
    description: 'endpoints is a list of unique endpoints in this slice.',
    cell: (o) => listWithMore(((o as EndpointSlice).endpoints ?? []).flatMap((e) => e.addresses ?? [])),
  },
  AGE_COLUMN,
];
