import { BadRequestError } from '../../util/errors.js';
import type { ConnectRequest } from '../registry/connector.js';
import { proxyHttp } from './http-proxy.js';
import { hostPort, type KubeletEndpoint } from './kubelet-location.js';
import { proxyUpgrade } from './upgrade-proxy.js';

/**
 * The kubelet URL for `path` and `query`. Plain HTTP: kts kubelets serve HTTP for now (TLS with
 * the cluster CA, and the API server's client certificate, come with the security work).
 */
export function kubeletURL(endpoint: KubeletEndpoint, path: string, query?: URLSearchParams): URL {
  const url = new URL(`http://${hostPort(endpoint)}`);
  url.pathname = path;
  if (query && [...query.keys()].length > 0) url.search = query.toString();
  return url;
}

/**
 * Hands a connect request to `target`: an upgrade request becomes a tunnel, any other request is
 * proxied with its answer passed through. `upgradeRequired` (exec, attach, port-forward) refuses
 * plain requests as upstream does.
 */
export async function proxyConnect(request: ConnectRequest, target: URL, options: { upgradeRequired?: boolean } = {}): Promise<void> {
  if (request.upgrade) return proxyUpgrade(request.req, request.upgrade, target);
  if (options.upgradeRequired) throw new BadRequestError('Upgrade request required');
  return proxyHttp(request.req, request.res, target, { mode: 'transparent' });
}

/**
 * The path a proxy subresource forwards: the segments after `…/proxy`, re-encoded, with the
 * client's trailing slash kept (upstream's JoinPreservingTrailingSlash); `/` when there are none.
 */
export function proxiedPath(parts: readonly string[], rawUrl: string | undefined): string {
  const path = `/${parts.map(encodeURIComponent).join('/')}`;
  const rawPath = (rawUrl ?? '').split('?')[0] ?? '';
  return parts.length > 0 && rawPath.endsWith('/') ? `${path}/` : path;
}

/** upstream SplitSchemeNamePort: `name`, `name:port` or `scheme:name:port` (scheme http, https or empty). */
export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(':');
  let scheme = '';
  let name = '';
  let port = '';
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) [name, port] = parts as [string, string];
  else if (parts.length === 3) [scheme, name, port] = parts as [string, string, string];
  else return undefined;
  if (name === '' || !['', 'http', 'https'].includes(scheme)) return undefined;
  // A port must be a number here: a name would only fail later, when dialling.
  if (port !== '' && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) return undefined;
  return { scheme, name, port };
}
