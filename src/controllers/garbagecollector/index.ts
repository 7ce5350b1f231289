/** The garbage collector's entry in the controller table (upstream `garbage-collector-controller`, --concurrent-gc-syncs 20). */
import type { ControllerDescriptor } from '../shared/controller.js';
import { GARBAGE_COLLECTOR_NAME, GarbageCollector } from './garbage-collector.js';

export const garbageCollectorController: ControllerDescriptor = {
  name: GARBAGE_COLLECTOR_NAME,
  workers: 20,
  create: (context) => new GarbageCollector(context),
};
