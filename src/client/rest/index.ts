export { RestClient } from './rest-client.js';
export type { RestConfig } from './transport.js';
export {
  ResourceClient,
  type CallOptions,
  type DeleteOptions,
  type PatchOptions,
  type PatchType,
  type ResourceRef,
  type WriteOptions,
} from './resource-client.js';
export { statusErrorFromStatus } from './status-error.js';
export { loadKubeconfig, parseKubeconfig, type KubeconfigContext } from './kubeconfig.js';
