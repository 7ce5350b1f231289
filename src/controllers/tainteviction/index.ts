import type { ControllerDescriptor } from '../shared/controller.js';
import { TAINT_EVICTION_CONTROLLER, TaintEvictionController } from './taint-eviction-controller.js';

/** One worker per queue whatever `workers` says (the controller orders node and pod events). */
export const taintEvictionDescriptor: ControllerDescriptor = {
  name: TAINT_EVICTION_CONTROLLER,
  workers: 1,
  create: (context) => new TaintEvictionController(context),
};
