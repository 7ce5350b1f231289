/**
 * Every controller the controller manager can run, in start order (model: kube-controller-manager's
 * NewControllerDescriptors). Names are upstream's `--controllers` names.
 */
import { REPLICASET_CONTROLLER, REPLICATIONCONTROLLER_CONTROLLER } from './replicaset/index.js';
import type { ControllerDescriptor } from './shared/controller.js';
import { CONTROLLER_NAME as DEPLOYMENT_CONTROLLER, DeploymentController } from './deployment/controller.js';

export const CONTROLLERS: readonly ControllerDescriptor[] = [
  { name: DEPLOYMENT_CONTROLLER, workers: 5, create: (context) => new DeploymentController(context) },
  REPLICASET_CONTROLLER,
  REPLICATIONCONTROLLER_CONTROLLER,
];
