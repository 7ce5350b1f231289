/**
 * The ReplicaSet and ReplicationController controllers as the controller manager runs them: one
 * implementation, two kinds, 5 workers each (upstream --concurrent-replicaset-syncs and
 * --concurrent-rc-syncs).
 */
import type { ControllerDescriptor } from '../shared/controller.js';
import { REPLICA_SET, REPLICATION_CONTROLLER } from './kinds.js';
import { ReplicaSetController } from './replica-set-controller.js';

export const REPLICASET_CONTROLLER: ControllerDescriptor = {
  name: 'replicaset-controller',
  workers: 5,
  create: (context) => new ReplicaSetController(REPLICA_SET, context),
};

export const REPLICATIONCONTROLLER_CONTROLLER: ControllerDescriptor = {
  name: 'replicationcontroller-controller',
  workers: 5,
  create: (context) => new ReplicaSetController(REPLICATION_CONTROLLER, context),
};

export { ReplicaSetController } from './replica-set-controller.js';
export { REPLICA_SET, REPLICATION_CONTROLLER, type ReplicaKind } from './kinds.js';
