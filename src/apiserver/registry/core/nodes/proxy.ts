/**
 * `nodes/{name}/proxy/{path}` (model: ProxyREST and ResourceLocation in pkg/registry/core/node):
 * the request goes to the node's kubelet (`/healthz`, `/pods`, `/stats/summary`, `/metrics`…),
 * or to another port of the node when the name says `[scheme:]name:port`. Upgrade requests are
 * tunnelled. Upstream also refuses loopback and link-local node addresses; kts allows them (its
 * local node agent listens on loopback).
 */
import { BadRequestError } from '../../../../util/errors.js';
import { proxiedPath, proxyConnect, splitSchemeNamePort } from '../../../proxy/connect.js';
import { hostPort, kubeletEndpoint, type NodeWithEndpoints } from '../../../proxy/kubelet-location.js';
import type { SubresourceConnector } from '../../connector.js';

export const connectNodeProxy: SubresourceConnector = async (request) => {
  const { store, name, parts, req } = request;
  const id = splitSchemeNamePort(name);
  if (!id) throw new BadRequestError(`invalid node request ${JSON.stringify(name)}`);
  const node = (await store.get('', id.name)) as NodeWithEndpoints; // 404 for a node that does not exist
  const kubelet = kubeletEndpoint(node);
  // The kubelet itself (plain HTTP until kts kubelets serve TLS), or the node's other port as asked.
  const target =
    id.port === '' || id.port === String(kubelet.port)
      ? new URL(`http://${hostPort(kubelet)}`)
      : new URL(`${id.scheme || 'http'}://${hostPort({ host: kubelet.host, port: Number(id.port) })}`);
  target.pathname = proxiedPath(parts, req.url);
  target.search = new URL(req.url ?? '/', 'http://kts').search;
  await proxyConnect(request, target);
};
