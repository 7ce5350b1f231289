import type { ControllerDescriptor } from '../shared/controller.js';
import { TTL_AFTER_FINISHED_CONTROLLER, TTLAfterFinishedController } from './ttl-after-finished-controller.js';

/** Workers: upstream --concurrent-ttl-after-finished-syncs (5). */
export const ttlAfterFinishedDescriptor: ControllerDescriptor = {
  name: TTL_AFTER_FINISHED_CONTROLLER,
  workers: 5,
  create: (context) => new TTLAfterFinishedController(context),
};
