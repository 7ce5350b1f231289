/**
 * Every controller the controller manager can run, in start order (model: kube-controller-manager's
 * NewControllerDescriptors). Names are upstream's `--controllers` names.
 */
import { CONTROLLER_NAME as DEPLOYMENT_CONTROLLER, DeploymentController } from './deployment/controller.js';
import { endpointsControllerDescriptor } from './endpoints/endpoints-controller.js';
import { endpointSliceControllerDescriptor } from './endpointslice/endpointslice-controller.js';
import { endpointSliceMirroringControllerDescriptor } from './endpointslicemirroring/endpointslicemirroring-controller.js';
import { garbageCollectorController } from './garbagecollector/index.js';
import { namespaceController } from './namespace/index.js';
import { nodeLifecycleDescriptor } from './nodelifecycle/index.js';
import { podGCDescriptor } from './podgc/index.js';
import { REPLICASET_CONTROLLER, REPLICATIONCONTROLLER_CONTROLLER } from './replicaset/index.js';
import { serviceAccountController, serviceAccountTokenController } from './serviceaccount/index.js';
import type { ControllerDescriptor } from './shared/controller.js';
import { taintEvictionDescriptor } from './tainteviction/index.js';
import { ttlAfterFinishedDescriptor } from './ttlafterfinished/index.js';

export const CONTROLLERS: readonly ControllerDescriptor[] = [
  serviceAccountTokenController,
  serviceAccountController,
  namespaceController,
  garbageCollectorController,
  { name: DEPLOYMENT_CONTROLLER, workers: 5, create: (context) => new DeploymentController(context) },
  REPLICASET_CONTROLLER,
  REPLICATIONCONTROLLER_CONTROLLER,
  endpointsControllerDescriptor,
  endpointSliceControllerDescriptor,
  endpointSliceMirroringControllerDescriptor,
  nodeLifecycleDescriptor,
  taintEvictionDescriptor,
  podGCDescriptor,
  ttlAfterFinishedDescriptor,
];
