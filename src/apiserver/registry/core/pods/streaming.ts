/**
 * The node-served pod subresources: `log`, `exec`, `attach`, `portforward` and `proxy` (model:
 * LogREST, ExecREST, AttachREST, PortForwardREST and ProxyREST in pkg/registry/core/pod; the
 * checks are upstream's LogLocation / streamLocation / PortForwardLocation). The API server
 * checks the pod, the container and the node exactly as upstream does, then would hand the stream
 * to the node agent; until a node agent serves the pod's node, the answer is 503.
 */
import { BadRequestError, ServiceUnavailableError } from '../../../../util/errors.js';
import type { ConnectRequest, SubresourceConnector } from '../../connector.js';
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

function noAgent(node: string, subresource: string): ServiceUnavailableError {
  return new ServiceUnavailableError(`no node agent serves node "${node}" yet, so pods/${subresource} cannot be reached`);
}

/** `log`: an unbound pod has no logs yet (upstream answers an empty body). */
const log: SubresourceConnector = async ({ store, namespace, name, query, res }) => {
  const pod = (await store.get(namespace, name)) as Pod;
  resolveContainer(pod, query.get('container') ?? '');
  const node = pod.spec?.nodeName ?? '';
  if (node === '') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end();
    return;
  }
  throw noAgent(node, 'log');
};

/** `exec` and `attach`: a container (named or the only one) of a bound pod. */
function containerStream(subresource: string): SubresourceConnector {
  return async ({ store, namespace, name, query }) => {
    const pod = (await store.get(namespace, name)) as Pod;
    resolveContainer(pod, query.get('container') ?? '');
    throw noAgent(requireNode(pod), subresource);
  };
}

/** `portforward` and `proxy`: a bound pod. */
function podStream(subresource: string): SubresourceConnector {
  return async ({ store, namespace, name }: ConnectRequest) => {
    // proxy addresses `name[:port]` or `scheme:name:port`; the pod name is the middle part then.
    const parts = name.split(':');
    const podName = parts.length === 3 ? parts[1]! : parts[0]!;
    const pod = (await store.get(namespace, podName)) as Pod;
    throw noAgent(requireNode(pod), subresource);
  };
}

export const streamingConnectors: Readonly<Record<string, SubresourceConnector>> = {
  log,
  exec: containerStream('exec'),
  attach: containerStream('attach'),
  portforward: podStream('portforward'),
  proxy: podStream('proxy'),
};
