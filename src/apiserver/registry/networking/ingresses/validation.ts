import { isIP } from 'node:net';
import { childPath, indexPath, invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import { isDNS1123Subdomain } from '../../../../api/validation/names.js';
import { isDNS1035Label, isValidPathSegmentName, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain } from '../../../../api/validation/network.js';
import type { Ingress, IngressBackend, IngressStatus } from './types.js';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** upstream ValidateIngressSpec (v1.32 networking validation). */
export function validateIngress(ingress: Ingress): FieldError[] {
  const spec = ingress.spec ?? {};
  const errors: FieldError[] = [];
  const rules = spec.rules ?? [];
  if (rules.length === 0 && !spec.defaultBackend) errors.push(invalid('spec', rules, 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) errors.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const path = indexPath('spec.rules', i);
    const host = rule.host ?? '';
    if (host !== '') {
      if (isIP(host) !== 0) errors.push(invalid(childPath(path, 'host'), host, 'must be a DNS name, not an IP address'));
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const msg of msgs) errors.push(invalid(childPath(path, 'host'), host, msg));
    }
    if (!rule.http) return;
    const httpPath = childPath(path, 'http');
    const paths = rule.http.paths ?? [];
    if (paths.length === 0) errors.push(required(childPath(httpPath, 'paths'), ''));
    paths.forEach((p, j) => {
      const pPath = indexPath(childPath(httpPath, 'paths'), j);
      if (p.pathType === undefined || p.pathType === null) {
        errors.push(required(childPath(pPath, 'pathType'), 'pathType must be specified'));
        return;
      }
      const value = p.path ?? '';
      if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
        if (!value.startsWith('/')) errors.push(invalid(childPath(pPath, 'path'), value, 'must be an absolute path'));
        if (value.length > 0) {
          for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) errors.push(invalid(childPath(pPath, 'path'), value, `must not contain '${seq}'`));
          for (const suffix of INVALID_PATH_SUFFIXES) if (value.endsWith(suffix)) errors.push(invalid(childPath(pPath, 'path'), value, `cannot end with '${suffix}'`));
        }
      } else if (p.pathType === 'ImplementationSpecific') {
        if (value.length > 0 && !value.startsWith('/')) errors.push(invalid(childPath(pPath, 'path'), value, 'must be an absolute path'));
      } else {
        errors.push(notSupported(childPath(pPath, 'pathType'), p.pathType, PATH_TYPES));
      }
      errors.push(...validateBackend(p.backend ?? {}, childPath(pPath, 'backend')));
    });
  });
  (spec.tls ?? []).forEach((tls, i) => {
    const path = indexPath('spec.tls', i);
    (tls.hosts ?? []).forEach((host, j) => {
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const msg of msgs) errors.push(invalid(indexPath(childPath(path, 'hosts'), j), host, msg));
    });
    if (tls.secretName) for (const msg of isDNS1123Subdomain(tls.secretName)) errors.push(invalid(childPath(path, 'secretName'), tls.secretName, msg));
  });
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) {
    for (const msg of isDNS1123Subdomain(spec.ingressClassName)) errors.push(invalid('spec.ingressClassName', spec.ingressClassName, msg));
  }
  errors.push(...validateLoadBalancerStatus(ingress.status));
  return errors;
}

/** upstream ValidateIngressCreate's extra rule: the legacy class annotation must agree. */
export function validateIngressCreate(ingress: Ingress): FieldError[] {
  const annotation = ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
  const className = ingress.spec?.ingressClassName;
  if (annotation !== undefined && className !== undefined && className !== null && annotation !== className) {
    return [invalid(`annotations.${INGRESS_CLASS_ANNOTATION}`, annotation, 'must match `ingressClassName` when both are specified')];
  }
  return [];
}

function validateBackend(backend: IngressBackend, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const { resource, service } = backend;
  if (resource && service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (resource) {
    const rPath = childPath(path, 'resource');
    if (resource.apiGroup) for (const msg of isDNS1123Subdomain(resource.apiGroup)) errors.push(invalid(childPath(rPath, 'apiGroup'), resource.apiGroup, msg));
    for (const field of ['kind', 'name'] as const) {
      const value = resource[field] ?? '';
      if (value === '') errors.push(required(childPath(rPath, field), ''));
      else for (const msg of isValidPathSegmentName(value)) errors.push(invalid(childPath(rPath, field), value, msg));
    }
    return errors;
  }
  if (!service) return [invalid(path, '', 'resource or service backend is required')];
  const name = service.name ?? '';
  if (name === '') errors.push(required(childPath(path, 'service.name'), ''));
  else for (const msg of isDNS1035Label(name)) errors.push(invalid(childPath(path, 'service.name'), name, msg));
  const portName = service.port?.name ?? '';
  const portNumber = service.port?.number ?? 0;
  if (portName !== '' && portNumber !== 0) errors.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName !== '') for (const msg of isValidPortName(portName)) errors.push(invalid(childPath(path, 'service.port.name'), portName, msg));
  else if (portNumber !== 0) for (const msg of isValidPortNum(portNumber)) errors.push(invalid(childPath(path, 'service.port.number'), portNumber, msg));
  else errors.push(required(path, 'port name or number is required'));
  return errors;
}

/** upstream ValidateIngressLoadBalancerStatus. */
function validateLoadBalancerStatus(status: IngressStatus | undefined): FieldError[] {
  const errors: FieldError[] = [];
  (status?.loadBalancer?.ingress ?? []).forEach((lb, i) => {
    const path = indexPath('status.loadBalancer.ingress', i);
    if (lb.ip && isIP(lb.ip) === 0) errors.push(invalid(childPath(path, 'ip'), lb.ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'));
    if (lb.hostname) {
      for (const msg of isDNS1123Subdomain(lb.hostname)) errors.push(invalid(childPath(path, 'hostname'), lb.hostname, msg));
      if (isIP(lb.hostname) !== 0) errors.push(invalid(childPath(path, 'hostname'), lb.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errors;
}
