/**
 * What differs between the ReplicaSet and the ReplicationController controllers: one
 * implementation runs both (upstream runs RCs through the ReplicaSet code by converting them, as
 * if ReplicationController were an older API version of ReplicaSet). Here the difference is this
 * table instead of a conversion.
 */
import { selectorFromLabelSelector, type LabelSelector, type LabelSelectorSpec } from '../../api/labels/index.js';
import type { ResourceRef } from '../../client/rest/index.js';
import { REPLICASETS, REPLICATIONCONTROLLERS } from '../shared/resources.js';
import type { ReplicaSetLike } from './types.js';

export interface ReplicaKind {
  /** The owner's kind, as written in the controller references of its pods. */
  kind: 'ReplicaSet' | 'ReplicationController';
  apiVersion: string;
  resource: ResourceRef;
  /** Event source component (upstream's recorder component). */
  component: string;
  /** The owner's pod selector; throws BadRequestError when it is invalid. */
  selector(owner: ReplicaSetLike): LabelSelector;
}

export const REPLICA_SET: ReplicaKind = {
  kind: 'ReplicaSet',
  apiVersion: 'apps/v1',
  resource: REPLICASETS,
  component: 'replicaset-controller',
  selector: (owner) => selectorFromLabelSelector(owner.spec?.selector as LabelSelectorSpec | null | undefined),
};

/** An RC's selector is a label map; as upstream converts it: absent selects nothing. */
export const REPLICATION_CONTROLLER: ReplicaKind = {
  kind: 'ReplicationController',
  apiVersion: 'v1',
  resource: REPLICATIONCONTROLLERS,
  component: 'replication-controller',
  selector: (owner) => {
    const map = owner.spec?.selector as Record<string, string> | null | undefined;
    return selectorFromLabelSelector(map === null || map === undefined ? undefined : { matchLabels: map });
  },
};
