/** Builders of Deployments and ReplicaSets for the deployment controller's unit tests. */
import { ROLLING_UPDATE, type Deployment, type IntOrPercent, type ReplicaSet } from './types.js';

export const TEMPLATE = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } };

export function deployment(replicas: number, options: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent; strategy?: string; image?: string; generation?: number } = {}): Deployment {
  const strategy = options.strategy ?? ROLLING_UPDATE;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: options.generation ?? 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: image(options.image ?? 'busybox:1.36'),
      strategy: strategy === ROLLING_UPDATE ? { type: strategy, rollingUpdate: { maxSurge: options.maxSurge ?? '25%', maxUnavailable: options.maxUnavailable ?? '25%' } } : { type: strategy },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

export function image(name: string): Deployment['spec']['template'] {
  return { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: name }] } };
}

/** A ReplicaSet of `replicas` (all available unless said), created `age` seconds after the epoch. */
export function replicaSet(name: string, replicas: number, options: { available?: number; created?: number; revision?: number; maxReplicas?: number; desired?: number; image?: string } = {}): ReplicaSet {
  const annotations: Record<string, string> = {};
  if (options.revision !== undefined) annotations['deployment.kubernetes.io/revision'] = String(options.revision);
  if (options.maxReplicas !== undefined) annotations['deployment.kubernetes.io/max-replicas'] = String(options.maxReplicas);
  if (options.desired !== undefined) annotations['deployment.kubernetes.io/desired-replicas'] = String(options.desired);
  const available = options.available ?? replicas;
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: new Date((options.created ?? 0) * 1000).toISOString(), annotations },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: image(options.image ?? name) },
    status: { replicas, readyReplicas: available, availableReplicas: available },
  };
}
