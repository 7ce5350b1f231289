import type { ControllerDescriptor } from '../shared/controller.js';
import { POD_GC_CONTROLLER, PodGCController } from './pod-gc-controller.js';

export const podGCDescriptor: ControllerDescriptor = {
  name: POD_GC_CONTROLLER,
  workers: 1,
  create: (context) => new PodGCController(context),
};
