/**
 * What pods' containers and volumes read from the API (ConfigMaps, Secrets, Services, tokens)
 * and the resolver that turns a container spec into the runtime's container config: env, command,
 * args and mounts (model: kubelet_pods.go GenerateRunContainerOptions).
 *
 * ConfigMaps and Secrets are read with a GET at each use (container start, volume resync every
 * 30 s), services come from a shared informer, tokens from the TokenRequest API.
 */
import type { ResourceList } from '../api/validation/pod/shapes.js';
import type { SharedInformer } from '../client/cache/shared-informer.js';
import type { EventRecorder } from '../client/events/index.js';
import type { RestClient } from '../client/rest/index.js';
import { expandContainerCommandAndArgs, makeEnvironmentVariables, type ConfigMapLike, type SecretLike, type ServiceLike } from './env/index.js';
import type { ResolvedContainer } from './kuberuntime/runtime-manager.js';
import { podUid, type Container, type Pod } from './pod.js';
import type { ContainerResolver } from './ports.js';
import type { IssuedToken, TokenRequestSpec, VolumeManager, VolumeSources } from './volumes/index.js';
import { mountsFor } from './volumes/container-mounts.js';

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', namespaced: true } as const;
const SECRETS = { group: '', version: 'v1', resource: 'secrets', namespaced: true } as const;
const SERVICEACCOUNTS = { group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true } as const;

export type ServiceObject = ServiceLike & { metadata: { name?: string; namespace?: string } };

export class ApiSources implements VolumeSources {
  constructor(
    private readonly client: RestClient,
    private readonly services: SharedInformer<ServiceObject>,
    /** node.status.allocatable of the registered node. */
    readonly nodeAllocatable: () => ResourceList,
  ) {}

  getConfigMap(namespace: string, name: string): Promise<ConfigMapLike> {
    return this.client.resource<ConfigMapLike & ServiceObject>(CONFIGMAPS).namespace(namespace).get(name);
  }

  getSecret(namespace: string, name: string): Promise<SecretLike> {
    return this.client.resource<SecretLike & ServiceObject>(SECRETS).namespace(namespace).get(name);
  }

  listServices(namespace: string): readonly ServiceLike[] {
    return this.services.lister.listNamespace(namespace);
  }

  requestToken = async (namespace: string, serviceAccountName: string, spec: TokenRequestSpec): Promise<IssuedToken> => {
    const request = {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        audiences: spec.audience ? [spec.audience] : [],
        expirationSeconds: spec.expirationSeconds,
        boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: spec.boundPod.name, uid: spec.boundPod.uid },
      },
    };
    const answer = await this.client.resource(SERVICEACCOUNTS).namespace(namespace).createSubresource<{ status?: { token?: string; expirationTimestamp?: string } }>(serviceAccountName, 'token', request);
    return { token: answer.status?.token ?? '', expirationTimestamp: answer.status?.expirationTimestamp ?? '' };
  };
}

export function containerResolver(sources: ApiSources, volumes: VolumeManager, hostIP: string, recorder: EventRecorder): ContainerResolver {
  return {
    async resolve(pod: Pod, container: Container, podIP: string): Promise<ResolvedContainer> {
      const env = await makeEnvironmentVariables(pod, container, {
        getConfigMap: (ns, name) => sources.getConfigMap(ns, name),
        getSecret: (ns, name) => sources.getSecret(ns, name),
        listServices: (ns) => sources.listServices(ns),
        nodeAllocatable: sources.nodeAllocatable(),
        podIPs: podIP ? [podIP] : [],
        hostIPs: [hostIP],
        warn: (reason, message) => recorder.event(pod, 'Warning', reason, message),
      });
      const { command, args } = expandContainerCommandAndArgs(container, env);
      const mounts = await mountsFor(pod, container, volumes.volumePaths(podUid(pod)), env);
      return { env, command, args, mounts };
    },
  };
}
