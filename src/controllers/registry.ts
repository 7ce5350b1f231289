/**
 * Every controller the controller manager can run, in start order (model: kube-controller-manager's
 * NewControllerDescriptors). Names are upstream's `--controllers` names.
 */
import { nodeLifecycleDescriptor } from './nodelifecycle/index.js';
import { podGCDescriptor } from './podgc/index.js';
import type { ControllerDescriptor } from './shared/controller.js';
import { taintEvictionDescriptor } from './tainteviction/index.js';
import { ttlAfterFinishedDescriptor } from './ttlafterfinished/index.js';

export const CONTROLLERS: readonly ControllerDescriptor[] = [
  nodeLifecycleDescriptor,
  taintEvictionDescriptor,
  podGCDescriptor,
  ttlAfterFinishedDescriptor,
];
