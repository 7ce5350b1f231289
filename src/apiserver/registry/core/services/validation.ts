import { duplicate, forbidden, GoSyntax, invalid, notSupported, required, type FieldError } from '../../../../api/field-errors.js';
import { validateLabels } from '../../../../api/labels/validation.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from '../../../../api/validation/names.js';
import { INVALID_CIDR, INVALID_IP, isIPv6, isValidCIDR, isValidIP, isValidPortName, isValidPortNum } from '../../../../api/validation/network.js';
import type { KubeObject } from '../../generic/object.js';
import {
  CLUSTER_IP_NONE,
  TYPE_CLUSTER_IP,
  TYPE_EXTERNAL_NAME,
  TYPE_LOAD_BALANCER,
  TYPE_NODE_PORT,
  externallyAccessible,
  isHeadless,
  needsHealthCheckNodePort,
  type Service,
  type ServicePort,
  type ServiceSpec,
} from './types.js';

// Upstream ValidateService and ValidateServiceUpdate (pkg/apis/core/validation, v1.32), with
// their messages. Sets of values are listed sorted, as upstream's sets.List prints them.
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TYPES = [TYPE_CLUSTER_IP, TYPE_EXTERNAL_NAME, TYPE_LOAD_BALANCER, TYPE_NODE_PORT];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const KUBELET_PORT = 10250;
const MAX_CLIENT_IP_AFFINITY_SECONDS = 86400;
const LOAD_BALANCER_IP_MODES = ['Proxy', 'VIP'];

export function validateService(o: KubeObject): FieldError[] {
  const service = o as Service;
  const spec: ServiceSpec = service.spec ?? {};
  const errors: FieldError[] = [];
  const ports = spec.ports ?? [];
  const headless = isHeadless(spec);

  if (ports.length === 0 && !headless && spec.type !== TYPE_EXTERNAL_NAME) errors.push(required('spec.ports', ''));
  switch (spec.type) {
    case TYPE_LOAD_BALANCER:
      if (headless) errors.push(invalid('spec.clusterIPs[0]', spec.clusterIPs?.[0] ?? '', "may not be set to 'None' for LoadBalancer services"));
      ports.forEach((port, i) => {
        if (port.port === KUBELET_PORT) errors.push(invalid(`spec.ports[${i}]`, port.port, `may not expose port ${KUBELET_PORT} externally since it is used by kubelet`));
      });
      break;
    case TYPE_NODE_PORT:
      if (headless) errors.push(invalid('spec.clusterIPs[0]', spec.clusterIPs?.[0] ?? '', "may not be set to 'None' for NodePort services"));
      break;
    case TYPE_EXTERNAL_NAME: {
      if ((spec.clusterIPs?.length ?? 0) > 0) errors.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if ((spec.ipFamilies?.length ?? 0) > 0) errors.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined) errors.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      // The value (a CNAME) may have a trailing dot to denote it as fully qualified.
      const clean = (spec.externalName ?? '').replace(/\.$/, '');
      if (clean === '') errors.push(required('spec.externalName', ''));
      else for (const msg of isDNS1123Subdomain(clean)) errors.push(invalid('spec.externalName', clean, msg));
      break;
    }
  }

  const names = new Set<string>();
  ports.forEach((port, i) => validatePort(port, ports.length > 1, names, `spec.ports[${i}]`, errors));

  if (spec.selector) errors.push(...validateLabels(spec.selector, 'spec.selector'));

  if (!spec.sessionAffinity) errors.push(required('spec.sessionAffinity', ''));
  else if (!SESSION_AFFINITIES.includes(spec.sessionAffinity)) errors.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, SESSION_AFFINITIES));
  if (spec.sessionAffinity === 'ClientIP') {
    const path = 'spec.sessionAffinityConfig';
    const config = spec.sessionAffinityConfig;
    if (!config) errors.push(required(path, 'when session affinity type is ClientIP'));
    else if (!config.clientIP) errors.push(required(`${path}.clientIP`, 'when session affinity type is ClientIP'));
    else if (config.clientIP.timeoutSeconds === undefined) errors.push(required(`${path}.clientIP.timeoutSeconds`, 'when session affinity type is ClientIP'));
    else {
      const timeout = config.clientIP.timeoutSeconds;
      if (timeout <= 0 || timeout > MAX_CLIENT_IP_AFFINITY_SECONDS) {
        errors.push(invalid(`${path}.clientIP.timeoutSeconds`, timeout, `must be greater than 0 and less than ${MAX_CLIENT_IP_AFFINITY_SECONDS}`));
      }
    }
  } else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig) {
    errors.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }

  errors.push(...validateClusterIPsRelatedFields(spec));

  (spec.externalIPs ?? []).forEach((ip, i) => {
    const path = `spec.externalIPs[${i}]`;
    if (!isValidIP(ip)) errors.push(invalid(path, ip, INVALID_IP));
    else errors.push(...nonSpecialIP(ip, path));
  });

  if (!spec.type) errors.push(required('spec.type', ''));
  else if (!TYPES.includes(spec.type)) errors.push(notSupported('spec.type', spec.type, TYPES));

  if (spec.type === TYPE_CLUSTER_IP) {
    ports.forEach((port, i) => {
      if (port.nodePort) errors.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (!port.nodePort) return;
    const key = `${port.protocol ?? ''}/${port.nodePort}`;
    if (nodePorts.has(key)) errors.push(duplicate(`spec.ports[${i}].nodePort`, port.nodePort));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const key = `${port.protocol ?? ''}/${port.port ?? 0}`;
    if (seen.has(key)) {
      errors.push(
        duplicate(
          `spec.ports[${i}]`,
          new GoSyntax(
            `core.ServicePort{Name:"", Protocol:"${port.protocol ?? ''}", AppProtocol:(*string)(nil), Port:${port.port ?? 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
          ),
        ),
      );
    }
    seen.add(key);
  });

  const sourceRanges = spec.loadBalancerSourceRanges ?? [];
  if (sourceRanges.length > 0) {
    const path = 'spec.LoadBalancerSourceRanges';
    if (spec.type !== TYPE_LOAD_BALANCER) errors.push(forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    sourceRanges.forEach((range, i) => {
      if (!isValidCIDR(range.trim())) errors.push(invalid(`${path}[${i}]`, range.trim(), INVALID_CIDR));
    });
  }

  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== TYPE_LOAD_BALANCER) {
    errors.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  if (spec.type === TYPE_LOAD_BALANCER && spec.allocateLoadBalancerNodePorts === undefined) errors.push(required('allocateLoadBalancerNodePorts', ''));

  if (spec.loadBalancerClass !== undefined) {
    if (spec.type !== TYPE_LOAD_BALANCER) errors.push(forbidden('spec.loadBalancerClass', 'may only be used when service type is LoadBalancer'));
    else for (const msg of isQualifiedName(spec.loadBalancerClass)) errors.push(invalid('spec.loadBalancerClass', spec.loadBalancerClass, msg));
  }

  errors.push(...validateTrafficPolicies(spec));
  errors.push(...validateStatus(service));
  return errors;
}

function validatePort(port: ServicePort, requireName: boolean, names: Set<string>, path: string, errors: FieldError[]): void {
  if (requireName && !port.name) errors.push(required(`${path}.name`, ''));
  else if (port.name) {
    for (const msg of isDNS1123Label(port.name)) errors.push(invalid(`${path}.name`, port.name, msg));
    if (names.has(port.name)) errors.push(duplicate(`${path}.name`, port.name));
    else names.add(port.name);
  }
  for (const msg of isValidPortNum(port.port ?? 0)) errors.push(invalid(`${path}.port`, port.port ?? 0, msg));
  if (!port.protocol) errors.push(required(`${path}.protocol`, ''));
  else if (!PROTOCOLS.includes(port.protocol)) errors.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  const target = port.targetPort;
  if (typeof target === 'number') for (const msg of isValidPortNum(target)) errors.push(invalid(`${path}.targetPort`, target, msg));
  else if (typeof target === 'string') for (const msg of isValidPortName(target)) errors.push(invalid(`${path}.targetPort`, target, msg));
  if (port.appProtocol !== undefined) for (const msg of isQualifiedName(port.appProtocol)) errors.push(invalid(`${path}.appProtocol`, port.appProtocol, msg));
}

/** upstream ValidateNonSpecialIP. */
function nonSpecialIP(ip: string, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const lower = ip.toLowerCase();
  if (ip === '0.0.0.0' || lower === '::') errors.push(invalid(path, ip, `may not be unspecified (${ip})`));
  if (ip.startsWith('127.') || lower === '::1') errors.push(invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (ip.startsWith('169.254.') || /^fe[89ab]/.test(lower)) errors.push(invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (ip.startsWith('224.0.0.') || lower.startsWith('ff02:')) errors.push(invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errors;
}

const stringSlice = (values: readonly string[]): GoSyntax => new GoSyntax(`[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`);

/** upstream ValidateServiceClusterIPsRelatedFields. */
function validateClusterIPsRelatedFields(spec: ServiceSpec): FieldError[] {
  if (spec.type === TYPE_EXTERNAL_NAME) return [];
  const errors: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (ips.length === 0) errors.push(required('spec.clusterIPs', ''));
    else if (ips[0] !== spec.clusterIP) errors.push(invalid('spec.clusterIPs', stringSlice(ips), 'first value must match `clusterIP`'));
  } else if (ips.length > 0) {
    errors.push(invalid('spec.clusterIPs', stringSlice(ips), 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((family, i) => {
    if (!IP_FAMILIES.includes(family)) errors.push(notSupported(`spec.ipFamilies[${i}]`, family, IP_FAMILIES));
    if (seen.has(family)) errors.push(duplicate(`spec.ipFamilies[${i}]`, family));
    seen.add(family);
  });
  if (spec.ipFamilyPolicy !== undefined && !IP_FAMILY_POLICIES.includes(spec.ipFamilyPolicy)) {
    errors.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, IP_FAMILY_POLICIES));
  }
  let badIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === CLUSTER_IP_NONE) {
      if (ips.length > 1) {
        badIPs = true;
        errors.push(invalid('spec.clusterIPs', stringSlice(ips), "'None' must be the first and only value"));
      }
      return;
    }
    if (!isValidIP(ip)) {
      badIPs = true;
      errors.push(invalid(`spec.clusterIPs[${i}]`, ip, INVALID_IP));
    }
  });
  if (ips.length > 2) errors.push(invalid('spec.clusterIPs', stringSlice(ips), 'may only hold up to 2 values'));
  if (badIPs) return errors;
  if (ips.length > 1 && isIPv6(ips[0]!) === isIPv6(ips[1]!)) {
    errors.push(invalid('spec.clusterIPs', stringSlice(ips), 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec)) {
    const families = spec.ipFamilies ?? [];
    ips.forEach((ip, i) => {
      if (i >= families.length) return;
      if (families[i] === 'IPv4' && isIPv6(ip)) errors.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (families[i] === 'IPv6' && !isIPv6(ip)) errors.push(invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errors;
}

/** upstream validateServiceExternalTrafficPolicy and validateServiceInternalTrafficFieldsValue. */
function validateTrafficPolicies(spec: ServiceSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) {
      errors.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
    }
  } else if (!spec.externalTrafficPolicy) {
    errors.push(required('spec.externalTrafficPolicy', ''));
  } else if (!TRAFFIC_POLICIES.includes(spec.externalTrafficPolicy)) {
    errors.push(notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (spec.healthCheckNodePort) {
    if (!needsHealthCheckNodePort(spec)) {
      errors.push(invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    } else {
      for (const msg of isValidPortNum(spec.healthCheckNodePort)) errors.push(invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, msg));
    }
  }
  if (spec.internalTrafficPolicy === undefined) {
    if (spec.type === TYPE_CLUSTER_IP || spec.type === TYPE_NODE_PORT || spec.type === TYPE_LOAD_BALANCER) errors.push(required('spec.internalTrafficPolicy', ''));
  } else if (!TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) {
    errors.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, TRAFFIC_POLICIES));
  }
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== 'PreferClose') {
    errors.push(notSupported('spec.trafficDistribution', spec.trafficDistribution, ['PreferClose']));
  }
  return errors;
}

/** upstream ValidateLoadBalancerStatus (the parts kts checks: addresses, host names, IP modes). */
function validateStatus(service: Service): FieldError[] {
  const errors: FieldError[] = [];
  (service.status?.loadBalancer?.ingress ?? []).forEach((ingress, i) => {
    const path = `status.loadBalancer.ingress[${i}]`;
    if (ingress.ip && !isValidIP(ingress.ip)) errors.push(invalid(`${path}.ip`, ingress.ip, INVALID_IP));
    if (ingress.ipMode !== undefined) {
      if (!ingress.ip) errors.push(forbidden(`${path}.ipMode`, 'may not be specified when `ip` is not'));
      else if (!LOAD_BALANCER_IP_MODES.includes(ingress.ipMode)) errors.push(notSupported(`${path}.ipMode`, ingress.ipMode, LOAD_BALANCER_IP_MODES));
    } else if (ingress.ip) {
      errors.push(required(`${path}.ipMode`, 'must be specified when `ip` is set'));
    }
    if (ingress.hostname) {
      for (const msg of isDNS1123Subdomain(ingress.hostname)) errors.push(invalid(`${path}.hostname`, ingress.hostname, msg));
      if (isValidIP(ingress.hostname)) errors.push(invalid(`${path}.hostname`, ingress.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errors;
}

/** upstream ValidateServiceUpdate's own rules (cluster IPs may not change once set). */
export function validateServiceUpdate(o: KubeObject, oldObject: KubeObject): FieldError[] {
  const spec = (o as Service).spec ?? {};
  const old = (oldObject as Service).spec ?? {};
  const errors: FieldError[] = [];
  if (spec.type === TYPE_EXTERNAL_NAME || old.type === TYPE_EXTERNAL_NAME) return errors;
  if (isHeadless(spec) && isHeadless(old)) return errors;
  const ips = spec.clusterIPs ?? [];
  const oldIPs = old.clusterIPs ?? [];
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i]) errors.push(invalid(`spec.clusterIPs[${i}]`, stringSlice(ips), 'may not change once set'));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0) errors.push(invalid('spec.clusterIPs[0]', stringSlice(ips), 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0]) errors.push(invalid('spec.clusterIPs[0]', stringSlice(ips), 'may not change once set'));
    if (ips.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errors.push(invalid('spec.clusterIPs[0]', stringSlice(ips), "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errors.push(invalid('spec.clusterIPs[0]', stringSlice(ips), 'may not change once set'));
  }
  // ipFamilies: the primary family may not change (upstream validateUpgradeDowngradeIPFamilies).
  const families = spec.ipFamilies ?? [];
  const oldFamilies = old.ipFamilies ?? [];
  if (oldFamilies.length > 0 && families.length > 0 && families[0] !== oldFamilies[0]) {
    errors.push(invalid('spec.ipFamilies[0]', new GoSyntax(`[]core.IPFamily{${families.map((f) => JSON.stringify(f)).join(', ')}}`), 'may not change once set'));
  }
  return errors;
}
