import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { AGE_COLUMN, NAME_COLUMN, type TableColumn } from '../../../table/table.js';
import type { ResourceStrategy } from '../../generic/strategy.js';
import type { Ingress } from './types.js';
import { validateIngress, validateIngressCreate } from './validation.js';

export const ingressStrategy: ResourceStrategy = {
  group: 'networking.k8s.io',
  resource: 'ingresses',
  kind: 'Ingress',
  namespaced: true,
  nameRule: isDNS1123Subdomain,
  prepareForCreate: (o) => void delete (o as Ingress).status,
  prepareForUpdate: (o, old) => void ((o as Ingress).status = (old as Ingress).status),
  validate: (o) => validateIngress(o as Ingress),
  validateCreate: (o) => validateIngressCreate(o as Ingress),
};

/** upstream formatHosts: the first three rule hosts, "*" when none. */
function formatHosts(ingress: Ingress): string {
  const rules = ingress.spec?.rules ?? [];
  const hosts: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (hosts.length === 3) more = true;
    if (!more && rule.host) hosts.push(rule.host);
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

/** upstream ingressLoadBalancerStatusStringer (wide, as server-side tables are): sorted unique IPs or hostnames. */
function formatAddress(ingress: Ingress): string {
  const addresses = new Set<string>();
  for (const lb of ingress.status?.loadBalancer?.ingress ?? []) {
    if (lb.ip) addresses.add(lb.ip);
    else if (lb.hostname) addresses.add(lb.hostname);
  }
  return [...addresses].sort().join(',');
}

/** Upstream's ingress columns (printers.go printIngress). */
export const ingressColumns: TableColumn[] = [
  NAME_COLUMN,
  { name: 'Class', type: 'string', description: 'The name of the IngressClass resource that should be used for this Ingress', cell: (o) => (o as Ingress).spec?.ingressClassName ?? '<none>' },
  { name: 'Hosts', type: 'string', description: 'Hosts that incoming requests are matched against before the ingress rule', cell: (o) => formatHosts(o as Ingress) },
  { name: 'Address', type: 'string', description: 'Address is a list containing ingress points for the load-balancer', cell: (o) => formatAddress(o as Ingress) },
  { name: 'Ports', type: 'string', description: 'Ports of TLS configurations that open', cell: (o) => ((o as Ingress).spec?.tls?.length ? '80, 443' : '80') },
  AGE_COLUMN,
];
