/** The namespace controller's entry in the controller table (upstream `namespace-controller`, --concurrent-namespace-syncs 10). */
import type { ControllerDescriptor } from '../shared/controller.js';
import { NAMESPACE_CONTROLLER_NAME, NamespaceController } from './namespace-controller.js';

export const namespaceController: ControllerDescriptor = {
  name: NAMESPACE_CONTROLLER_NAME,
  workers: 10,
  create: (context) => new NamespaceController(context),
};
