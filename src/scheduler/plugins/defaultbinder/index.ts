/** DefaultBinder (Bind): POST pods/{name}/binding with the chosen node. */
import type { RestClient } from '../../../client/rest/index.js';
import type { Pod } from '../../framework/api-types.js';
import type { BindPlugin, Handle } from '../../framework/interface.js';
import { Status } from '../../framework/status.js';

export const NAME = 'DefaultBinder';
const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true } as const;

export async function bindPod(client: RestClient, pod: Pod, nodeName: string): Promise<void> {
  const { name = '', namespace = 'default', uid } = pod.metadata;
  await client
    .resource(PODS)
    .namespace(namespace)
    .createSubresource(name, 'binding', {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace, ...(uid ? { uid } : {}) },
      target: { kind: 'Node', name: nodeName },
    });
}

export function create(_args: unknown, handle: Handle): BindPlugin {
  return {
    name: NAME,
    async bind(_state, pod, nodeName) {
      try {
        await bindPod(handle.client, pod, nodeName);
        return null;
      } catch (err) {
        return Status.error(err);
      }
    },
  };
}
