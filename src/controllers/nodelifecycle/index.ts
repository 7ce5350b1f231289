import type { ControllerDescriptor } from '../shared/controller.js';
import { NODE_LIFECYCLE_CONTROLLER, NodeLifecycleController } from './node-lifecycle-controller.js';

/** Workers: the NoSchedule tainting queue (upstream nodeUpdateWorkerSize 8). */
export const nodeLifecycleDescriptor: ControllerDescriptor = {
  name: NODE_LIFECYCLE_CONTROLLER,
  workers: 8,
  create: (context) => new NodeLifecycleController(context),
};
