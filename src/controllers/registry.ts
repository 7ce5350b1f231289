/**
 * Every controller the controller manager can run, in start order (model: kube-controller-manager's
 * NewControllerDescriptors). Names are upstream's `--controllers` names.
 */
import { garbageCollectorController } from './garbagecollector/index.js';
import { namespaceController } from './namespace/index.js';
import { serviceAccountController, serviceAccountTokenController } from './serviceaccount/index.js';
import type { ControllerDescriptor } from './shared/controller.js';

export const CONTROLLERS: readonly ControllerDescriptor[] = [
  serviceAccountTokenController,
  serviceAccountController,
  namespaceController,
  garbageCollectorController,
];
