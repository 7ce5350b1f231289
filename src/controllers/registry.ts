/**
 * Every controller the controller manager can run, in start order (model: kube-controller-manager's
 * NewControllerDescriptors). Names are upstream's `--controllers` names.
 */
import { CONTROLLER_NAME as DEPLOYMENT_CONTROLLER, DeploymentController } from './deployment/controller.js';
import { endpointsControllerDescriptor } from './endpoints/endpoints-controller.js';
import { endpointSliceControllerDescriptor } from './endpointslice/endpointslice-controller.js';
import { REPLICASET_CONTROLLER, REPLICATIONCONTROLLER_CONTROLLER } from './replicaset/index.js';
import type { ControllerDescriptor } from './shared/controller.js';

export const CONTROLLERS: readonly ControllerDescriptor[] = [
  { name: DEPLOYMENT_CONTROLLER, workers: 5, create: (context) => new DeploymentController(context) },
  REPLICASET_CONTROLLER,
  REPLICATIONCONTROLLER_CONTROLLER,
  endpointsControllerDescriptor,
  endpointSliceControllerDescriptor,
];
