/**
 * The node-served pod subresources: `log`, `exec`, `attach`, `portforward` and `proxy` (model:
 * LogREST, ExecREST, AttachREST, PortForwardREST and ProxyREST in pkg/registry/core/pod; the
 * locations are upstream's LogLocation / ExecLocation / AttachLocation / PortForwardLocation /
 * ResourceLocation). The API server checks the pod, the container and the node exactly as
 * upstream does, then proxies to the node's kubelet (log, exec, attach, portforward) or to the
 * pod itself (proxy). exec, attach and portforward are upgrade requests (WebSocket or SPDY),
 * tunnelled unchanged; see ../../../proxy/.
 */
import { isIP } from 'node:net';
import { BadRequestError } from '../../../../util/errors.js';
import { kubeletURL, proxiedPath, proxyConnect, splitSchemeNamePort } from '../../../proxy/connect.js';
import { proxyHttp } from '../../../proxy/http-proxy.js';
import { nodeKubeletEndpoint } from '../../../proxy/kubelet-location.js';
import type { SubresourceConnector } from '../../connector.js';
import { kubeletLogQuery, parseLogOptions } from './log-options.js';
import type { Pod } from './types.js';

/** upstream validateContainer: the named container, or the only one; other cases are 400s. */
export function resolveContainer(pod: Pod, container: string): string {
  const name = pod.metadata.name ?? '';
  const spec = pod.spec ?? {};
  if (container === '') {
    const containers = spec.containers ?? [];
    if (containers.length === 1) return containers[0]!.name ?? '';
    if (containers.length === 0) throw new BadRequestError(`a container name must be specified for pod ${name}`);
    const all = [...(spec.initContainers ?? []), ...containers, ...((spec['ephemeralContainers'] as { name?: string }[] | undefined) ?? [])].map((c) => c.name ?? '');
    throw new BadRequestError(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
  }
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...((spec['ephemeralContainers'] as { name?: string }[] | undefined) ?? [])];
  if (!all.some((c) => c.name === container)) throw new BadRequestError(`container ${container} is not valid for pod ${name}`);
  return container;
}

/** The node the pod is bound to; a pod without one cannot be streamed from (400, as upstream). */
export function requireNode(pod: Pod): string {
  const node = pod.spec?.nodeName ?? '';
  if (node === '') throw new BadRequestError(`pod ${pod.metadata.name ?? ''} does not have a host assigned`);
  return node;
}

const segment = encodeURIComponent;

/** `log`: validated options, then the kubelet's `/containerLogs`, streamed; an unbound pod has no logs yet (an empty body, as upstream). */
const log: SubresourceConnector = async (request) => {
  const { store, namespace, name, query, req, res, reader } = request;
  const options = parseLogOptions(name, query);
  const pod = (await store.get(namespace, name)) as Pod;
  const container = resolveContainer(pod, options.container);
  const node = pod.spec?.nodeName ?? '';
  if (node === '') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end();
    return;
  }
  const kubelet = await nodeKubeletEndpoint(reader, node);
  const target = kubeletURL(kubelet, `/containerLogs/${segment(namespace)}/${segment(name)}/${segment(container)}`, kubeletLogQuery(options));
  await proxyHttp(req, res, target, { mode: 'stream', contentType: 'text/plain' });
};

/** upstream streamParams for exec and attach: the kubelet's own query names. */
export function kubeletStreamQuery(query: URLSearchParams, withCommand: boolean): URLSearchParams {
  const params = new URLSearchParams();
  const flag = (name: string): boolean => {
    const value = query.get(name);
    return value !== null && value !== '0' && value.toLowerCase() !== 'false';
  };
  if (withCommand) for (const c of query.getAll('command')) params.append('command', c);
  if (flag('stderr')) params.set('error', '1');
  if (flag('stdin')) params.set('input', '1');
  if (flag('stdout')) params.set('output', '1');
  if (flag('tty')) params.set('tty', '1');
  params.sort();
  return params;
}

/** `exec` and `attach`: a container (named or the only one) of a bound pod, tunnelled to the kubelet. */
function containerStream(subresource: 'exec' | 'attach'): SubresourceConnector {
  return async (request) => {
    const { store, namespace, name, query, reader } = request;
    const pod = (await store.get(namespace, name)) as Pod;
    const container = resolveContainer(pod, query.get('container') ?? '');
    const kubelet = await nodeKubeletEndpoint(reader, requireNode(pod));
    const target = kubeletURL(kubelet, `/${subresource}/${segment(namespace)}/${segment(name)}/${segment(container)}`, kubeletStreamQuery(query, subresource === 'exec'));
    await proxyConnect(request, target, { upgradeRequired: true });
  };
}

/** `portforward`: a bound pod, tunnelled to the kubelet's `/portForward` (the ports as upstream's `port` parameter). */
const portforward: SubresourceConnector = async (request) => {
  const { store, namespace, name, query, reader } = request;
  const pod = (await store.get(namespace, name)) as Pod;
  const kubelet = await nodeKubeletEndpoint(reader, requireNode(pod));
  const params = new URLSearchParams();
  const ports = query.getAll('ports').flatMap((p) => p.split(',')).filter((p) => p !== '');
  if (ports.length > 0) params.set('port', ports.join(','));
  await proxyConnect(request, kubeletURL(kubelet, `/portForward/${segment(namespace)}/${segment(name)}`, params), { upgradeRequired: true });
};

/**
 * `proxy`: `name`, `name:port` or `scheme:name:port` addresses the pod's IP (the port defaults
 * to the first declared container port). Upstream refuses addresses that are not global unicast
 * ("address not allowed"); kts allows loopback, where pods on the host network of a local node live.
 */
const proxy: SubresourceConnector = async (request) => {
  const { store, namespace, name, parts, req } = request;
  const id = splitSchemeNamePort(name);
  if (!id) throw new BadRequestError(`invalid pod request ${JSON.stringify(name)}`);
  const pod = (await store.get(namespace, id.name)) as Pod;
  const port = id.port !== '' ? id.port : firstPort(pod);
  const ip = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '';
  if (!usableIP(ip)) throw new BadRequestError('address not allowed');
  const host = ip.includes(':') ? `[${ip}]` : ip;
  const target = new URL(`${id.scheme || 'http'}://${host}${port === '' ? '' : `:${port}`}`);
  target.pathname = proxiedPath(parts, req.url);
  target.search = new URL(req.url ?? '/', 'http://kts').search;
  await proxyConnect(request, target);
};

function firstPort(pod: Pod): string {
  for (const c of pod.spec?.containers ?? []) {
    const ports = c['ports'] as { containerPort?: number }[] | undefined;
    if (ports?.length) return String(ports[0]!.containerPort ?? '');
  }
  return '';
}

function usableIP(ip: string): boolean {
  if (isIP(ip) === 0) return false;
  return !['0.0.0.0', '::', '255.255.255.255'].includes(ip) && !/^(22[4-9]|23\d)\./.test(ip) && !/^ff/i.test(ip);
}

export const streamingConnectors: Readonly<Record<string, SubresourceConnector>> = {
  log,
  exec: containerStream('exec'),
  attach: containerStream('attach'),
  portforward,
  proxy,
};
