/**
 * Every controller the controller manager can run, in start order (model: kube-controller-manager's
 * NewControllerDescriptors). Names are upstream's `--controllers` names.
 */
import type { ControllerDescriptor } from './shared/controller.js';

export const CONTROLLERS: readonly ControllerDescriptor[] = [];
