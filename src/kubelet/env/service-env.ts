/**
 * Service environment variables, Docker-link style (model: pkg/kubelet/envvars FromServices and
 * kubelet getServiceEnvVarMap).
 */
import type { ServiceLike } from './sources.js';

/** Whether the service has a cluster IP (headless `None` and ExternalName services do not). */
export function isServiceIPSet(service: ServiceLike): boolean {
  const ip = service.spec?.clusterIP ?? '';
  return ip !== '' && ip !== 'None';
}

/**
 * Which services a pod in `namespace` sees (upstream getServiceEnvVarMap): the `kubernetes`
 * service of `default` always; with service links, every service of the pod's own namespace, a
 * same-named service there taking precedence over the master one. Sorted by name for a stable order.
 */
export function visibleServices(
  namespace: string,
  enableServiceLinks: boolean,
  ownServices: readonly ServiceLike[],
  defaultServices: readonly ServiceLike[],
): ServiceLike[] {
  const byName = new Map<string, ServiceLike>();
  const master = defaultServices.find((s) => s.metadata?.name === 'kubernetes' && isServiceIPSet(s));
  if (master) byName.set('kubernetes', master);
  if (enableServiceLinks) {
    for (const s of ownServices) {
      if (!isServiceIPSet(s)) continue;
      const name = s.metadata?.name ?? '';
      if (namespace === 'default' && name === 'kubernetes' && byName.has(name)) continue;
      byName.set(name, s);
    }
  }
  return [...byName.keys()].sort().map((name) => byName.get(name)!);
}

/** The variables of each service, in upstream's order for each (host, port, named ports, links). */
export function serviceEnvVars(services: readonly ServiceLike[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const service of services) {
    if (!isServiceIPSet(service)) continue;
    const clusterIP = service.spec?.clusterIP ?? '';
    const ports = service.spec?.ports ?? [];
    const prefix = envVariableName(service.metadata?.name ?? '');
    env.set(`${prefix}_SERVICE_HOST`, clusterIP);
    const first = ports[0];
    if (first) {
      const portVar = `${prefix}_SERVICE_PORT`;
      env.set(portVar, String(first.port ?? 0));
      for (const sp of ports) if (sp.name) env.set(`${portVar}_${envVariableName(sp.name)}`, String(sp.port ?? 0));
    }
    ports.forEach((sp, i) => {
      const protocol = sp.protocol || 'TCP';
      const port = sp.port ?? 0;
      const url = `${protocol.toLowerCase()}://${joinHostPort(clusterIP, port)}`;
      if (i === 0) env.set(`${prefix}_PORT`, url);
      const portPrefix = `${prefix}_PORT_${port}_${protocol.toUpperCase()}`;
      env.set(portPrefix, url);
      env.set(`${portPrefix}_PROTO`, protocol.toLowerCase());
      env.set(`${portPrefix}_PORT`, String(port));
      env.set(`${portPrefix}_ADDR`, clusterIP);
    });
  }
  return env;
}

/** upstream makeEnvVariableName: `my-svc` → `MY_SVC`. */
function envVariableName(name: string): string {
  return name.replaceAll('-', '_').toUpperCase();
}

/** Go net.JoinHostPort: IPv6 addresses in brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
